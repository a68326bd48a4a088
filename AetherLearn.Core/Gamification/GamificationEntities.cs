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
    /// <summary>The highest level ever reached: a corrected register can take XP back and a level with it, and reaching
    /// that level again is not celebrated twice.</summary>
    public int HighestLevel { get; set; } = 1;
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
    /// <summary>Changes with every save: two saves of one student's totals at once cannot both win (XP can go down, so the
    /// total itself is no token).</summary>
    public int Version { get; set; }

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

/// <summary>
/// A centre's stored ranking for one period, refreshed by <c>leaderboard.recompute</c> (hourly, and soon after XP is awarded
/// or someone opts in or out) so a read is two indexed look-ups and never adds up the ledger.
/// </summary>
public sealed class Leaderboard : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public LeaderboardPeriod Period { get; set; }
    /// <summary>When the ranked period began (UTC; null for all time): a board from an earlier week or month is out of date.</summary>
    public DateTime? PeriodStart { get; set; }
    /// <summary>When the ranked period ends (UTC; null for all time): after it, the board is recomputed when read.</summary>
    public DateTime? PeriodEnd { get; set; }
    public DateTime? ComputedAt { get; set; }
    /// <summary>Set when XP or a choice changed after <see cref="ComputedAt"/>; cleared by a recompute that began after the last change.</summary>
    public DateTime? StaleSince { get; set; }
    /// <summary>Counts the changes: a recompute clears <see cref="StaleSince"/> only if none came while it ran.</summary>
    public long Changes { get; set; }
    /// <summary>A node recomputing the board holds it until then, so two nodes never rewrite one board at once.</summary>
    public DateTime? ClaimedUntil { get; set; }
    public int RankedCount { get; set; }
}

/// <summary>One student's place on a stored leaderboard.</summary>
public sealed class LeaderboardPlace : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid LeaderboardId { get; set; }
    public int Rank { get; set; }
    public Guid StudentId { get; set; }
    public int Xp { get; set; }
    /// <summary>The student's level when the board was computed (shown beside the XP, so a read need not look it up).</summary>
    public int Level { get; set; }
    public DateTime ReachedAt { get; set; }
}
