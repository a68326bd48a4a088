using AetherLearn.Core.Progression;

namespace AetherLearn.Tests.Progression;

public sealed class SequencingRulesTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), Chosen = Guid.NewGuid();
    private static readonly SequencingRules.Candidate[] Level = [new(C, 3), new(A, 1), new(B, 2)];

    [Fact]
    public void A_new_student_starts_with_the_first_exercise_of_their_level() =>
        Assert.Equal((NextReason.Sequence, (Guid?)A), SequencingRules.Next(null, Level, new Dictionary<Guid, int>(), 80));

    [Fact]
    public void Mastered_exercises_are_skipped_and_unmastered_ones_come_back()
    {
        var best = new Dictionary<Guid, int> { [A] = 90, [B] = 79 };
        Assert.Equal((NextReason.Sequence, (Guid?)B), SequencingRules.Next(null, Level, best, 80));
        Assert.Equal((NextReason.Sequence, (Guid?)C), SequencingRules.Next(null, Level, best, 75));
    }

    [Fact]
    public void A_tutor_override_wins_over_the_sequence() =>
        Assert.Equal((NextReason.Override, (Guid?)Chosen), SequencingRules.Next(Chosen, Level, new Dictionary<Guid, int>(), 80));

    [Fact]
    public void When_every_exercise_is_mastered_the_level_is_complete()
    {
        var best = new Dictionary<Guid, int> { [A] = 80, [B] = 100, [C] = 85 };
        Assert.Equal((NextReason.LevelComplete, (Guid?)null), SequencingRules.Next(null, Level, best, 80));
    }
}
