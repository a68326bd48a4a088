using AetherLearn.Core.Gamification.Rules;

namespace AetherLearn.Tests.Gamification;

public sealed class BadgeRulesTests
{
    [Fact]
    public void There_are_at_least_twelve_badges_each_with_a_unique_key_name_and_criteria()
    {
        Assert.True(BadgeCatalogue.All.Count >= 12);
        Assert.Equal(BadgeCatalogue.All.Count, BadgeCatalogue.All.Select(b => b.Key).Distinct().Count());
        Assert.Equal(BadgeCatalogue.All.Count, BadgeCatalogue.All.Select(b => b.Name).Distinct().Count());
        Assert.All(BadgeCatalogue.All, b => Assert.False(string.IsNullOrWhiteSpace(b.Criteria)));
        // Nobody starts with a badge.
        Assert.Empty(BadgeCatalogue.NewlyEarned(new ActivityFacts(), new HashSet<string>()));
    }

    [Theory]
    [InlineData("FIRST_EXERCISE", 1, 0, 0, 0, 0, 0, 0)]
    [InlineData("EXERCISES_10", 10, 0, 0, 0, 0, 0, 0)]
    [InlineData("EXERCISES_50", 50, 0, 0, 0, 0, 0, 0)]
    [InlineData("EXERCISES_100", 100, 0, 0, 0, 0, 0, 0)]
    [InlineData("PERFECT_SCORE", 0, 1, 0, 0, 0, 0, 0)]
    [InlineData("PERFECT_10", 0, 10, 0, 0, 0, 0, 0)]
    [InlineData("STREAK_7", 0, 0, 7, 0, 0, 0, 0)]
    [InlineData("STREAK_30", 0, 0, 30, 0, 0, 0, 0)]
    [InlineData("STREAK_100", 0, 0, 100, 0, 0, 0, 0)]
    [InlineData("LEVEL_MASTERED", 0, 0, 0, 1, 0, 0, 0)]
    [InlineData("HOMEWORK_ON_TIME_10", 0, 0, 0, 0, 10, 0, 0)]
    [InlineData("LESSONS_10", 0, 0, 0, 0, 0, 10, 0)]
    [InlineData("XP_1000", 0, 0, 0, 0, 0, 0, 1000)]
    public void Each_badge_is_earned_exactly_at_its_threshold(string key, int exercises, int perfect, int streak, int levels, int homework, int lessons, int xp)
    {
        var facts = new ActivityFacts(exercises, perfect, streak, levels, homework, lessons, xp);
        var badge = BadgeCatalogue.Find(key)!;
        Assert.True(badge.EarnedBy(facts));
        var justBelow = new ActivityFacts(Math.Max(0, exercises - 1), Math.Max(0, perfect - 1), Math.Max(0, streak - 1), Math.Max(0, levels - 1),
            Math.Max(0, homework - 1), Math.Max(0, lessons - 1), Math.Max(0, xp - 1));
        Assert.False(badge.EarnedBy(justBelow), $"{key} earned one short of its threshold");
    }

    [Fact]
    public void A_badge_already_held_is_never_earned_again()
    {
        var facts = new ActivityFacts(ExercisesCompleted: 12, PerfectScores: 1);
        Assert.Equal(["FIRST_EXERCISE", "EXERCISES_10", "PERFECT_SCORE"], BadgeCatalogue.NewlyEarned(facts, new HashSet<string>()).Select(b => b.Key));
        Assert.Equal(["EXERCISES_10"], BadgeCatalogue.NewlyEarned(facts, new HashSet<string> { "FIRST_EXERCISE", "PERFECT_SCORE" }).Select(b => b.Key));
    }
}
