using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification.Rules;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

/// <summary>The contract's <c>leaderboard.recompute</c>: refreshes every centre's stored boards (and starts new weeks and months).</summary>
public interface ILeaderboardRecompute : Common.IScheduledWork
{
    /// <summary>Recomputes the boards marked stale whose last recompute is at least <paramref name="minimumGap"/> old; returns how many.</summary>
    Task<int> RefreshStaleAsync(TimeSpan minimumGap, CancellationToken ct = default);
}

/// <summary>Wakes the leaderboard refresher when a board went stale, so a new score shows within seconds rather than at the hour.</summary>
public sealed class LeaderboardSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0) { try { _signal.Release(); } catch (SemaphoreFullException) { } }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Keeps the stored rankings: each board is recomputed whole from the running totals (all time) or the period's ledger
/// rows (week, month), under a claim so two nodes never rewrite one board at once, and swapped in one transaction so a
/// reader sees the old ranking or the new one, never half.
/// </summary>
internal sealed class LeaderboardKeeper(IDbSessionFactory dbFactory, StreakKeeper zones, TimeProvider clock, LeaderboardSignal signal, IBulkInsert bulk)
    : ILeaderboardRecompute
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        List<Guid> centreIds;
        await using (var db = dbFactory.CreateSystem<IGamificationDb>())
        {
            centreIds = await db.Leaderboards.Select(b => b.CentreId).Distinct().ToListAsync(ct);
        }
        var done = 0;
        foreach (var centre in centreIds)
        {
            foreach (var period in Enum.GetValues<LeaderboardPeriod>())
            {
                if (await RecomputeAsync(centre, period, ct)) { done++; }
            }
        }
        return done;
    }

    public async Task<int> RefreshStaleAsync(TimeSpan minimumGap, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recentEnough = now - minimumGap;
        List<(Guid Centre, LeaderboardPeriod Period)> due;
        await using (var db = dbFactory.CreateSystem<IGamificationDb>())
        {
            due = (await db.Leaderboards
                .Where(b => b.StaleSince != null && (b.ComputedAt == null || b.ComputedAt <= recentEnough) && (b.ClaimedUntil == null || b.ClaimedUntil < now))
                .Select(b => new { b.CentreId, b.Period }).ToListAsync(ct)).Select(b => (b.CentreId, b.Period)).ToList();
        }
        var done = 0;
        foreach (var (centre, period) in due)
        {
            if (await RecomputeAsync(centre, period, ct)) { done++; }
        }
        return done;
    }

    /// <summary>XP or a choice changed: the centre's boards are out of date (the refresher recomputes them soon).</summary>
    public async Task MarkStaleAsync(Guid centreId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor(centreId));
        await db.Leaderboards.Where(b => b.CentreId == centreId && b.StaleSince == null).ExecuteUpdateAsync(s => s.SetProperty(b => b.StaleSince, now), ct);
        signal.Wake();
    }

    /// <summary>How many places the centre's largest board has (0 when it has none yet).</summary>
    public async Task<int> LargestBoardAsync(Guid centreId, CancellationToken ct)
    {
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor(centreId));
        return await db.Leaderboards.Where(b => b.CentreId == centreId).MaxAsync(b => (int?)b.RankedCount, ct) ?? 0;
    }

    /// <summary>Recomputes one board now; false when another node holds it (its result will be as fresh).</summary>
    public async Task<bool> RecomputeAsync(Guid centreId, LeaderboardPeriod period, CancellationToken ct)
    {
        var zone = await zones.ZoneAsync(centreId, ct);
        var started = clock.GetUtcNow().UtcDateTime;
        var periodStart = LeaderboardRules.PeriodStart(period, started, zone);
        var periodEnd = LeaderboardRules.PeriodEnd(period, started, zone);
        var boardId = await BoardIdAsync(centreId, period, ct);
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor(centreId));
        var claimedUntil = started + ClaimFor;
        if (await db.Leaderboards.Where(b => b.Id == boardId && (b.ClaimedUntil == null || b.ClaimedUntil < started))
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedUntil, claimedUntil), ct) == 0)
        {
            return false;
        }
        try
        {
            var standings = await StandingsAsync(db, centreId, periodStart, ct);
            var ranked = LeaderboardRules.Rank(standings.Select(s => s.Entry), standings.Select(s => s.Entry.StudentId).ToHashSet());
            var levels = standings.ToDictionary(s => s.Entry.StudentId, s => s.Level);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.LeaderboardPlaces.Where(p => p.LeaderboardId == boardId).ExecuteDeleteAsync(ct);
            await bulk.InsertAsync(db, ranked.Select(r => new LeaderboardPlace
            {
                CentreId = centreId, LeaderboardId = boardId, Rank = r.Rank, StudentId = r.StudentId, Xp = r.Xp, Level = levels[r.StudentId], ReachedAt = r.ReachedAt,
            }).ToList(), ct);
            await db.Leaderboards.Where(b => b.Id == boardId).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.PeriodStart, periodStart).SetProperty(b => b.PeriodEnd, periodEnd).SetProperty(b => b.ComputedAt, started)
                .SetProperty(b => b.RankedCount, ranked.Count).SetProperty(b => b.ClaimedUntil, (DateTime?)null), ct);
            // A change after this recompute began keeps the board stale for the next one.
            await db.Leaderboards.Where(b => b.Id == boardId && b.StaleSince <= started).ExecuteUpdateAsync(s => s.SetProperty(b => b.StaleSince, (DateTime?)null), ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch
        {
            await ReleaseAsync(centreId, boardId);
            throw;
        }
    }

    /// <summary>Opted-in students (not blocked by a parent) with their XP in the period, when they reached it, and their level.</summary>
    private static async Task<List<(LeaderboardEntry Entry, int Level)>> StandingsAsync(IGamificationDb db, Guid centreId, DateTime? periodStart, CancellationToken ct)
    {
        var ranked = db.StudentProgress.Where(p => p.CentreId == centreId && p.LeaderboardOptIn && !p.LeaderboardBlockedByParent);
        if (periodStart is not { } start)
        {
            var totals = await ranked.Where(p => p.TotalXp > 0).Select(p => new { p.StudentId, p.TotalXp, p.LastAwardAt, p.Level }).ToListAsync(ct);
            return totals.Select(p => (new LeaderboardEntry(p.StudentId, p.TotalXp, p.LastAwardAt ?? DateTime.MinValue), p.Level)).ToList();
        }
        // Only the period's rows of this centre (index on centre and time), and only of students who are ranked at all.
        var rows = await db.XpLedger.Where(x => x.CentreId == centreId && x.OccurredAt >= start)
            .Join(ranked, x => x.StudentId, p => p.StudentId, (x, p) => new { x.StudentId, x.Amount, x.OccurredAt, p.Level })
            .GroupBy(x => new { x.StudentId, x.Level })
            .Select(g => new { g.Key.StudentId, g.Key.Level, Xp = g.Sum(x => x.Amount), ReachedAt = g.Max(x => x.OccurredAt) })
            .ToListAsync(ct);
        return rows.Select(r => (new LeaderboardEntry(r.StudentId, r.Xp, r.ReachedAt), r.Level)).ToList();
    }

    /// <summary>The board's id, made in a session of its own the first time (so a lost race leaves nothing pending in the caller's).</summary>
    private async Task<Guid> BoardIdAsync(Guid centreId, LeaderboardPeriod period, CancellationToken ct)
    {
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor(centreId));
        if (await db.Leaderboards.Where(b => b.CentreId == centreId && b.Period == period).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(ct) is { } id) { return id; }
        var board = new Leaderboard { CentreId = centreId, Period = period };
        db.Leaderboards.Add(board);
        try
        {
            await db.SaveChangesAsync(ct);
            return board.Id;
        }
        // Made at the same moment by another node: use theirs.
        catch (DbUpdateException)
        {
            await using var again = dbFactory.CreateSystem<IGamificationDb>(Actor(centreId));
            return await again.Leaderboards.Where(b => b.CentreId == centreId && b.Period == period).Select(b => b.Id).FirstAsync(ct);
        }
    }

    private async Task ReleaseAsync(Guid centreId, Guid boardId)
    {
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor(centreId));
        await db.Leaderboards.Where(b => b.Id == boardId).ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedUntil, (DateTime?)null));
    }

    private static Actor Actor(Guid centreId) => new(null, "system", centreId, null, null);
}
