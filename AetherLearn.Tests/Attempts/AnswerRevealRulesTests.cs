using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;

namespace AetherLearn.Tests.Attempts;

public sealed class AnswerRevealRulesTests
{
    [Theory]
    // Default rule, unlimited attempts: only a pass (or a tutor) shows them.
    [InlineData(AnswerReveal.AfterPassOrLastAttempt, 0, 79, 5, false, false)]
    [InlineData(AnswerReveal.AfterPassOrLastAttempt, 0, 80, 1, false, true)]
    [InlineData(AnswerReveal.AfterPassOrLastAttempt, 3, 20, 2, false, false)]
    [InlineData(AnswerReveal.AfterPassOrLastAttempt, 3, 20, 3, false, true)]
    [InlineData(AnswerReveal.AfterPass, 3, 20, 3, false, false)]
    [InlineData(AnswerReveal.AfterPass, 3, 90, 1, false, true)]
    [InlineData(AnswerReveal.AfterLastAttempt, 3, 100, 1, false, false)]
    [InlineData(AnswerReveal.AfterLastAttempt, 0, 10, 50, false, false)]
    [InlineData(AnswerReveal.AfterLastAttempt, 2, 10, 2, false, true)]
    [InlineData(AnswerReveal.TutorRelease, 1, 100, 1, false, false)]
    // A tutor's release shows them under every rule, even before any attempt.
    [InlineData(AnswerReveal.TutorRelease, 0, null, 0, true, true)]
    [InlineData(AnswerReveal.AfterPass, 0, 0, 1, true, true)]
    public void The_centres_rule_decides_when_the_review_shows_the_answers(AnswerReveal rule, int maxAttempts, int? best, int submitted, bool released, bool shown) =>
        Assert.Equal(shown, AnswerRevealRules.Shown(rule, 80, maxAttempts, new RevealFacts(best, submitted, released)));

    [Fact]
    public void Attempts_left_are_unlimited_without_a_maximum_and_never_negative()
    {
        Assert.Null(AnswerRevealRules.AttemptsLeft(0, 12));
        Assert.Equal(2, AnswerRevealRules.AttemptsLeft(3, 1));
        Assert.Equal(0, AnswerRevealRules.AttemptsLeft(3, 5));
    }

    [Fact]
    public void The_student_is_told_when_the_answers_will_show()
    {
        Assert.Equal("The correct answers are shown once you score 80% or more.", AnswerRevealRules.HiddenBecause(AnswerReveal.AfterPassOrLastAttempt, 80, 0));
        Assert.Equal("The correct answers are shown once you score 80% or more, or when you have used all 3 attempts.",
            AnswerRevealRules.HiddenBecause(AnswerReveal.AfterPassOrLastAttempt, 80, 3));
        Assert.Equal("Your tutor will show you the correct answers.", AnswerRevealRules.HiddenBecause(AnswerReveal.AfterLastAttempt, 80, 0));
    }
}
