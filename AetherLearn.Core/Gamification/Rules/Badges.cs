namespace AetherLearn.Core.Gamification.Rules;

/// <summary>What the badge rules look at: counts kept from the ledger and the student's activity.</summary>
public sealed record ActivityFacts(
    int ExercisesCompleted = 0,
    int PerfectScores = 0,
    int BestStreak = 0,
    int LevelsMastered = 0,
    int HomeworkOnTime = 0,
    int LessonsAttended = 0,
    int TotalXp = 0);

/// <summary>A badge: its key (<c>badgeType</c> in events), name, what earns it, and the test of the facts.</summary>
public sealed record Badge(string Key, string Name, string Criteria, Func<ActivityFacts, bool> EarnedBy);

/// <summary>The badges there are (docs/gamification.md). Each is earned once; the rules only ever look forward.</summary>
public static class BadgeCatalogue
{
    public static IReadOnlyList<Badge> All { get; } =
    [
        new("FIRST_EXERCISE", "First steps", "Finish your first exercise", f => f.ExercisesCompleted >= 1),
        new("EXERCISES_10", "Getting going", "Finish 10 exercises", f => f.ExercisesCompleted >= 10),
        new("EXERCISES_50", "Hard worker", "Finish 50 exercises", f => f.ExercisesCompleted >= 50),
        new("EXERCISES_100", "Centurion", "Finish 100 exercises", f => f.ExercisesCompleted >= 100),
        new("PERFECT_SCORE", "Spot on", "Score 100% on an exercise", f => f.PerfectScores >= 1),
        new("PERFECT_10", "Perfectionist", "Score 100% on 10 exercises", f => f.PerfectScores >= 10),
        new("STREAK_7", "Week warrior", "Keep a streak going for 7 days", f => f.BestStreak >= 7),
        new("STREAK_30", "Unstoppable", "Keep a streak going for 30 days", f => f.BestStreak >= 30),
        new("STREAK_100", "Legendary streak", "Keep a streak going for 100 days", f => f.BestStreak >= 100),
        new("LEVEL_MASTERED", "Level up", "Move up a level in a course", f => f.LevelsMastered >= 1),
        new("HOMEWORK_ON_TIME_10", "Always on time", "Hand in 10 homeworks on time", f => f.HomeworkOnTime >= 10),
        new("LESSONS_10", "Regular", "Attend 10 lessons", f => f.LessonsAttended >= 10),
        new("XP_1000", "Thousand club", "Earn 1,000 XP", f => f.TotalXp >= 1000),
    ];

    public static Badge? Find(string key) => All.FirstOrDefault(b => b.Key == key);

    /// <summary>Badges the facts earn that the student does not have yet, in catalogue order.</summary>
    public static IReadOnlyList<Badge> NewlyEarned(ActivityFacts facts, IReadOnlySet<string> held) =>
        All.Where(b => !held.Contains(b.Key) && b.EarnedBy(facts)).ToList();
}
