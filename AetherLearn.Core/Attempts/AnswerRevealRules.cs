using AetherLearn.Core.Centres;

namespace AetherLearn.Core.Attempts;

/// <summary>What a student has done at one exercise, as far as revealing its answers goes.</summary>
public sealed record RevealFacts(int? BestScorePercent, int SubmittedAttempts, bool ReleasedByTutor);

/// <summary>
/// Whether the review of an exercise may show the student its correct answers (docs/gamification.md, "Reviews and
/// answers"). Pure: the caller reads the centre's settings and the student's attempts. Until the rule allows, a student
/// who could see the answers could copy them into a retake for full marks.
/// </summary>
public static class AnswerRevealRules
{
    public static bool Shown(AnswerReveal rule, int masteryPercent, int maxAttempts, RevealFacts facts)
    {
        if (facts.ReleasedByTutor) { return true; }
        var passed = facts.BestScorePercent is { } best && best >= masteryPercent;
        var noneLeft = maxAttempts > 0 && facts.SubmittedAttempts >= maxAttempts;
        return rule switch
        {
            AnswerReveal.AfterPassOrLastAttempt => passed || noneLeft,
            AnswerReveal.AfterPass => passed,
            AnswerReveal.AfterLastAttempt => noneLeft,
            _ => false,
        };
    }

    /// <summary>Attempts a student may still start (null: unlimited).</summary>
    public static int? AttemptsLeft(int maxAttempts, int submittedAttempts) =>
        maxAttempts > 0 ? Math.Max(0, maxAttempts - submittedAttempts) : null;

    /// <summary>What the student is told while the answers are hidden.</summary>
    public static string HiddenBecause(AnswerReveal rule, int masteryPercent, int maxAttempts) => rule switch
    {
        AnswerReveal.AfterPassOrLastAttempt when maxAttempts > 0 =>
            $"The correct answers are shown once you score {masteryPercent}% or more, or when you have used all {maxAttempts} attempts.",
        AnswerReveal.AfterPassOrLastAttempt or AnswerReveal.AfterPass => $"The correct answers are shown once you score {masteryPercent}% or more.",
        AnswerReveal.AfterLastAttempt when maxAttempts > 0 => $"The correct answers are shown when you have used all {maxAttempts} attempts.",
        _ => "Your tutor will show you the correct answers.",
    };
}
