using System.Linq.Expressions;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

public sealed record BadgeView(string Key, string Name, string Criteria, DateTime? EarnedAt);

/// <summary>A streak as the student sees it; <see cref="RepairableUntil"/> is set while a break may still be repaired.</summary>
public sealed record StreakView(StreakType Type, int Current, int Best, int FreezesHeld, int LostCount, DateTime? RepairableUntil);

public sealed record GamificationProfile(Guid StudentId, string StudentName, int TotalXp, int Level, string Title, int LevelStartXp, int NextLevelXp,
    int ProgressPercent, IReadOnlyList<BadgeView> Badges, IReadOnlyList<BadgeView> BadgesToEarn, IReadOnlyList<StreakView> Streaks, bool LeaderboardOptIn,
    bool LeaderboardBlockedByParent);

/// <summary>POST body of a streak repair.</summary>
public sealed record RepairStreakRequest(StreakType? StreakType);

/// <summary>A student's XP and level at a glance (the tutor's cards).</summary>
public sealed record XpStanding(Guid StudentId, int TotalXp, int Level, string Title);

public sealed record XpLedgerItem(Guid Id, int Amount, XpSource Source, string SourceId, DateTime OccurredAt);

public interface IGamificationService
{
    /// <summary>Student (self; <paramref name="studentId"/> may be omitted), Parent (own child), Teacher+ (any student of the centre).</summary>
    Task<GamificationProfile> ProfileAsync(Guid? studentId, CancellationToken ct = default);
    /// <summary>The signed-in student's XP history, newest first.</summary>
    Task<CursorPage<XpLedgerItem>> LedgerAsync(string? cursor, int limit, CancellationToken ct = default);
    /// <summary>XP and level of these students of the centre (Teacher+); students without XP are left out.</summary>
    Task<IReadOnlyDictionary<Guid, XpStanding>> StandingsAsync(IReadOnlyCollection<Guid> studentIds, CancellationToken ct = default);
    /// <summary>Every badge with what earns it (Any authenticated).</summary>
    IReadOnlyList<BadgeView> Badges();
    /// <summary>The signed-in student brings a broken streak back (within 48 hours, once per 30 days).</summary>
    Task<StreakView> RepairStreakAsync(RepairStreakRequest request, CancellationToken ct = default);
}

public sealed record LeaderboardRow(int Rank, Guid StudentId, string Name, int Xp, int Level, bool IsYou);

/// <summary>The top of a stored board, the caller's own place (a student with XP in the period), and when it was computed.</summary>
public sealed record LeaderboardView(LeaderboardPeriod Period, string Scope, DateTime? PeriodStart, DateTime? ComputedAt, int RankedCount,
    IReadOnlyList<LeaderboardRow> Entries, LeaderboardRow? You);

/// <summary>A student's leaderboard choice and their parent's; they appear only when opted in and not blocked.</summary>
public sealed record LeaderboardChoice(Guid StudentId, bool OptIn, bool BlockedByParent)
{
    public bool OnLeaderboard => OptIn && !BlockedByParent;
}

/// <summary>PUT body of a student's own choice.</summary>
public sealed record LeaderboardOptInRequest(bool? OptIn);

/// <summary>PUT body of a parent's block for one child.</summary>
public sealed record LeaderboardBlockRequest(Guid? StudentId, bool? Blocked);

public interface ILeaderboards
{
    /// <summary>Teacher+ (their centre), or a student who is on the leaderboard. <paramref name="period"/>: WEEK (default), MONTH or ALL_TIME.</summary>
    Task<LeaderboardView> ReadAsync(string? period, string? scope, int? limit, CancellationToken ct = default);
    /// <summary>The signed-in student's choice (Student, or Parent with <paramref name="studentId"/> of their child).</summary>
    Task<LeaderboardChoice> ChoiceAsync(Guid? studentId, CancellationToken ct = default);
    Task<LeaderboardChoice> SetOptInAsync(LeaderboardOptInRequest request, CancellationToken ct = default);
    Task<LeaderboardChoice> SetParentBlockAsync(LeaderboardBlockRequest request, CancellationToken ct = default);
}

/// <summary>
/// Keeps the stored streaks by the rules: activity from the handlers, the daily settling of missed days, and repairs.
/// Which days a streak needed comes from the modules that know (lessons from Sessions, missed homework from Homework).
/// </summary>
/// <summary>The contract's <c>streak.daily-check</c>: settles yesterday (in each centre's zone) for every live streak.</summary>
public interface IStreakDailyCheck : Common.IScheduledWork;

/// <summary>The contract's <c>leaderboard.recompute</c>: refreshes every centre's stored boards (and starts new weeks and months).</summary>
public interface ILeaderboardRecompute : Common.IScheduledWork
{
    /// <summary>Recomputes the boards marked stale whose last recompute is at least <paramref name="minimumGap"/> old; returns how many.</summary>
    Task<int> RefreshStaleAsync(TimeSpan minimumGap, CancellationToken ct = default);
}

public interface IGamificationDb : IDbSession
{
    DbSet<Leaderboard> Leaderboards { get; }
    DbSet<LeaderboardPlace> LeaderboardPlaces { get; }
    DbSet<StudentStreak> StudentStreaks { get; }
    DbSet<XpLedgerEntry> XpLedger { get; }
    DbSet<StudentProgress> StudentProgress { get; }
    DbSet<StudentBadge> StudentBadges { get; }
}
