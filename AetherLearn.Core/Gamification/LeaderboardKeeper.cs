using System.Linq.Expressions;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

/// <summary>What became of a request to recompute a board.</summary>
public enum Recompute
{
    Done,
    /// <summary>Another node holds the board: its result will be as fresh.</summary>
    HeldElsewhere,
    /// <summary>The board no longer needed it (recomputed meanwhile).</summary>
    NotDue,
}

/// <summary>Wakes the leaderboard refresher when a board went stale, so a new score shows within seconds rather than at the hour.</summary>
public sealed class LeaderboardSignal(Common.ILiveBus bus) : Common.WakeSignal(bus, "gamification.leaderboards");

/// <summary>
/// Keeps the stored rankings: each board is recomputed whole from the running totals (all time) or the period's ledger
/// rows (week, month), under a claim so two nodes never rewrite one board at once, and swapped in one transaction so a
/// reader sees the old ranking or the new one, never half.
/// </summary>
internal sealed class LeaderboardKeeper(IDbSessionFactory dbFactory, StreakKeeper zones, IPeopleDirectory people, TimeProvider clock, LeaderboardSignal signal,
    IBulkInsert bulk, ICentreFeatures features)
    : ILeaderboardRecompute
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        // Every node fires the hourly job (ADR 0011): a board another node recomputed since this run began is left alone.
        var jobStart = clock.GetUtcNow().UtcDateTime;
        return await RecomputeEachAsync(b => b.ComputedAt == null || b.ComputedAt < jobStart, ct);
    }

    public Task<int> RefreshStaleAsync(TimeSpan minimumGap, CancellationToken ct = default)
    {
        var recentEnough = clock.GetUtcNow().UtcDateTime - minimumGap;
        return RecomputeEachAsync(b => b.StaleSince != null && (b.ComputedAt == null || b.ComputedAt <= recentEnough), ct);
    }

    /// <summary>Recomputes every board that is <paramref name="due"/> and not held by another node; returns how many.</summary>
    private async Task<int> RecomputeEachAsync(Expression<Func<Leaderboard, bool>> due, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(Guid Centre, LeaderboardPeriod Period)> boards;
        await using (var db = dbFactory.CreateSystem<IGamificationDb>())
        {
            boards = (await db.Leaderboards.Where(due).Where(b => b.ClaimedUntil == null || b.ClaimedUntil < now)
                .Select(b => new { b.CentreId, b.Period }).ToListAsync(ct)).Select(b => (b.CentreId, b.Period)).ToList();
        }
        var done = 0;
        foreach (var (centre, period) in boards)
        {
            // A centre without leaderboards (or without gamification) has no boards to keep; they are recomputed when read after coming back on.
            if (!await features.IsOnAsync(centre, CentreFeatures.Gamification, ct) || !await features.IsOnAsync(centre, CentreFeatures.Leaderboards, ct)) { continue; }
            if (await RecomputeAsync(centre, period, due, ct) == Recompute.Done) { done++; }
        }
        return done;
    }

    /// <summary>XP or a choice changed: the centre's boards are out of date (the refresher recomputes them soon).</summary>
    public async Task MarkStaleAsync(Guid centreId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
        // Every change counts (not only the first): a recompute clears the mark only if no change came after it began.
        await db.Leaderboards.Where(b => b.CentreId == centreId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.StaleSince, b => b.StaleSince ?? now).SetProperty(b => b.Changes, b => b.Changes + 1), ct);
        signal.Wake();
    }

    /// <summary>
    /// Recomputes the board if it is <paramref name="due"/>, waiting (up to a few seconds) while another node holds it, so
    /// whoever asks sees a board that meets the condition when this returns, unless that node is slow.
    /// </summary>
    public async Task<Recompute> RecomputeWhenDueAsync(Guid centreId, LeaderboardPeriod period, Expression<Func<Leaderboard, bool>> due, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await RecomputeAsync(centreId, period, due, ct);
            if (result != Recompute.HeldElsewhere || attempt == WaitAttempts) { return result; }
            await Task.Delay(WaitBetween, ct);
        }
    }

    private const int WaitAttempts = 50;
    private static readonly TimeSpan WaitBetween = TimeSpan.FromMilliseconds(100);

    /// <summary>How many students of the centre have progress (what a recompute reads and writes grows with it).</summary>
    public async Task<int> StudentsWithProgressAsync(Guid centreId, CancellationToken ct)
    {
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
        return await db.StudentProgress.CountAsync(p => p.CentreId == centreId, ct);
    }

    /// <summary>Recomputes one board if it is still <paramref name="due"/> when claimed (the claim and the check are one update).</summary>
    public async Task<Recompute> RecomputeAsync(Guid centreId, LeaderboardPeriod period, Expression<Func<Leaderboard, bool>> due, CancellationToken ct)
    {
        var zone = await zones.ZoneAsync(centreId, ct);
        var started = clock.GetUtcNow().UtcDateTime;
        var periodStart = LeaderboardRules.PeriodStart(period, started, zone);
        var periodEnd = LeaderboardRules.PeriodEnd(period, started, zone);
        var boardId = await BoardIdAsync(centreId, period, ct);
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
        // The claim's expiry is also its token: only the holder clears it.
        var claim = started + ClaimFor;
        if (await db.Leaderboards.Where(b => b.Id == boardId && (b.ClaimedUntil == null || b.ClaimedUntil < started)).Where(due)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedUntil, claim), ct) == 0)
        {
            return await db.Leaderboards.AnyAsync(b => b.Id == boardId && b.ClaimedUntil != null && b.ClaimedUntil >= started, ct) ? Recompute.HeldElsewhere : Recompute.NotDue;
        }
        try
        {
            // Read before the standings: a change counted after this is not cleared below, even if the standings include it.
            var changes = await db.Leaderboards.Where(b => b.Id == boardId).Select(b => b.Changes).SingleAsync(ct);
            var standings = await StandingsAsync(db, centreId, periodStart, ct);
            // A student who has left the centre (account deactivated) keeps their XP but is no longer ranked.
            var gone = await people.InactiveStudentsAsync(centreId, ct);
            var ranked = LeaderboardRules.Rank(standings.Select(s => s.Entry), standings.Select(s => s.Entry.StudentId).Where(id => !gone.Contains(id)).ToHashSet());
            var levels = standings.ToDictionary(s => s.Entry.StudentId, s => s.Level);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.LeaderboardPlaces.Where(p => p.LeaderboardId == boardId).ExecuteDeleteAsync(ct);
            await bulk.InsertAsync(db, ranked.Select(r => new LeaderboardPlace
            {
                CentreId = centreId, LeaderboardId = boardId, Rank = r.Rank, StudentId = r.StudentId, Xp = r.Xp, Level = levels[r.StudentId], ReachedAt = r.ReachedAt,
            }).ToList(), ct);
            await db.Leaderboards.Where(b => b.Id == boardId && b.ClaimedUntil == claim).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.PeriodStart, periodStart).SetProperty(b => b.PeriodEnd, periodEnd).SetProperty(b => b.ComputedAt, started)
                .SetProperty(b => b.RankedCount, ranked.Count).SetProperty(b => b.ClaimedUntil, (DateTime?)null)
                .SetProperty(b => b.StaleSince, b => b.Changes == changes ? (DateTime?)null : b.StaleSince), ct);
            await tx.CommitAsync(ct);
            return Recompute.Done;
        }
        catch
        {
            await ReleaseAsync(centreId, boardId, claim);
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
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
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
            await using var again = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
            return await again.Leaderboards.Where(b => b.CentreId == centreId && b.Period == period).Select(b => b.Id).FirstAsync(ct);
        }
    }

    private async Task ReleaseAsync(Guid centreId, Guid boardId, DateTime claim)
    {
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
        await db.Leaderboards.Where(b => b.Id == boardId && b.ClaimedUntil == claim).ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedUntil, (DateTime?)null));
    }
}
