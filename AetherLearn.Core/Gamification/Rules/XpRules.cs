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

    public static int ForHomework(bool onTime) => onTime ? HomeworkOnTime : HomeworkLate;
}
