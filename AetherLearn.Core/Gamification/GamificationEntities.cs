using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Gamification.Rules;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

/// <summary>One award of XP: append-only; (student, source, source id) is unique, so the same work never pays twice.</summary>
public sealed class XpLedgerEntry : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public int Amount { get; set; }
    public XpSource Source { get; set; }
    /// <summary>What earned it: the session, attempt, homework, or course and level.</summary>
    public required string SourceId { get; set; }
    public DateTime OccurredAt { get; set; }
}

/// <summary>A student's running totals (kept with each award, so reads never add up the ledger) and leaderboard choice.</summary>
public sealed class StudentProgress : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public int TotalXp { get; set; }
    public int Level { get; set; } = 1;
    public DateTime? LastAwardAt { get; set; }
    public int ExercisesCompleted { get; set; }
    public int PerfectScores { get; set; }
    public int HomeworkOnTime { get; set; }
    public int LessonsAttended { get; set; }
    public int LevelsMastered { get; set; }
    public int BestStreak { get; set; }
    /// <summary>The student chose to appear on leaderboards (off by default).</summary>
    public bool LeaderboardOptIn { get; set; }
    /// <summary>A parent turned leaderboards off for their child: it wins over the student's choice.</summary>
    public bool LeaderboardBlockedByParent { get; set; }

    public ActivityFacts Facts => new(ExercisesCompleted, PerfectScores, BestStreak, LevelsMastered, HomeworkOnTime, LessonsAttended, TotalXp);
}

/// <summary>A badge a student earned, once.</summary>
public sealed class StudentBadge : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public required string BadgeKey { get; set; }
    public DateTime EarnedAt { get; set; }
}

/// <summary>One streak of one student (the rules' <see cref="StreakState"/>, stored).</summary>
public sealed class StudentStreak : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public StreakType Type { get; set; }
    public int Current { get; set; }
    public int Best { get; set; }
    public DateOnly? AliveThrough { get; set; }
    public int FreezesHeld { get; set; }
    public DateOnly? BrokenOn { get; set; }
    public int LostCount { get; set; }
    public DateOnly? LastRepairOn { get; set; }
    /// <summary>Changes with every save: two updates of one streak at once cannot both win.</summary>
    public int Version { get; set; }

    public StreakState State => new(Current, Best, AliveThrough, FreezesHeld, BrokenOn, LostCount, LastRepairOn);

    public void Apply(StreakState s)
    {
        (Current, Best, AliveThrough, FreezesHeld, BrokenOn, LostCount, LastRepairOn) = (s.Current, s.Best, s.AliveThrough, s.FreezesHeld, s.BrokenOn, s.LostCount, s.LastRepairOn);
        Version++;
    }
}

public interface IGamificationDb : IDbSession
{
    DbSet<StudentStreak> StudentStreaks { get; }
    DbSet<XpLedgerEntry> XpLedger { get; }
    DbSet<StudentProgress> StudentProgress { get; }
    DbSet<StudentBadge> StudentBadges { get; }
}
