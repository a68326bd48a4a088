namespace AetherLearn.Core.Gamification.Rules;

/// <summary>Where XP came from; with the source's id, what makes an award happen once.</summary>
public enum XpSource
{
    Attendance,
    Exercise,
    Homework,
    LevelAdvancement,
}

/// <summary>How hard an exercise is, as the catalogue grades it.</summary>
public enum ExerciseDifficulty
{
    Easy,
    Medium,
    Hard,
}

/// <summary>What an exercise's best score still owes: XP (0 when nothing), and what it adds to the badge counts.</summary>
public sealed record ExercisePayment(int Amount, bool CountsAsFinished, bool CountsAsPerfect);

/// <summary>How much XP each kind of work is worth (docs/gamification.md). Pure: no clock, no data.</summary>
public static class XpRules
{
    public const int Attendance = 10;
    public const int HomeworkOnTime = 20;
    public const int HomeworkLate = 10;
    public const int LevelAdvancement = 100;
    public const int PerfectBonus = 5;

    /// <summary>Being in the lesson: attending or late earns it; absent or excused does not.</summary>
    public static int ForAttendance(string status) => status.ToUpperInvariant() is "ATTENDING" or "LATE" ? Attendance : 0;

    /// <summary>Points an exercise is worth at full marks: harder work is worth more.</summary>
    public static int Base(ExerciseDifficulty difficulty) => difficulty switch
    {
        ExerciseDifficulty.Easy => 10,
        ExerciseDifficulty.Medium => 15,
        _ => 20,
    };

    /// <summary>
    /// Half the base for finishing, half in proportion to the score (rounded half up), and a bonus for 100%: trying
    /// always pays, doing well pays more. No score (awaiting a marker) earns nothing yet; the marked score does.
    /// </summary>
    public static int ForExercise(ExerciseDifficulty difficulty, int? scorePercent)
    {
        if (scorePercent is not { } score) { return 0; }
        score = Math.Clamp(score, 0, 100);
        var full = Base(difficulty);
        var xp = full / 2 + (int)Math.Round(full / 2.0 * score / 100, MidpointRounding.AwayFromZero);
        return score == 100 ? xp + PerfectBonus : xp;
    }

    /// <summary>
    /// An exercise pays once, at the student's best score: its XP is <see cref="ForExercise"/> of the best submitted score,
    /// paid by the first graded attempt and topped up by a better retake. A <b>score step</b> is a band of scores that earn
    /// the same XP under <see cref="ForExercise"/> (an easy exercise: 0–9%, 10–29%, 30–49%, 50–69%, 70–89%, 90–99%, 100%;
    /// see <see cref="ScoreSteps"/>): a retake pays only when its score reaches a higher step than the best paid so far,
    /// and then only the difference, so each step is paid at most once; an equal or worse retake pays nothing, and XP is
    /// never taken back. <paramref name="alreadyPaid"/> is what the exercise's ledger rows add up to.
    /// </summary>
    public static ExercisePayment ForExerciseBest(ExerciseDifficulty difficulty, int bestScorePercent, int alreadyPaid, bool paidBefore)
    {
        var best = Math.Clamp(bestScorePercent, 0, 100);
        var owed = Math.Max(0, ForExercise(difficulty, best) - alreadyPaid);
        // The exercise counts once for the "finished" badges, and once for the perfect ones when it first reaches 100%.
        var perfectPaid = paidBefore && alreadyPaid >= ForExercise(difficulty, 100);
        return new ExercisePayment(owed, CountsAsFinished: !paidBefore, CountsAsPerfect: best == 100 && !perfectPaid && owed > 0);
    }

    /// <summary>The score steps of an exercise: the lowest score of each band of <see cref="ForExercise"/>, with its XP.</summary>
    public static IReadOnlyList<(int FromPercent, int Xp)> ScoreSteps(ExerciseDifficulty difficulty)
    {
        var steps = new List<(int, int)>();
        for (var score = 0; score <= 100; score++)
        {
            var xp = ForExercise(difficulty, score);
            if (steps.Count == 0 || steps[^1].Item2 != xp) { steps.Add((score, xp)); }
        }
        return steps;
    }

    public static int ForHomework(bool onTime) => onTime ? HomeworkOnTime : HomeworkLate;
}
