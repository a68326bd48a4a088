using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

internal sealed class StreakKeeper(IDbSessionFactory dbFactory, ICentreService centres, ISessionFacts sessions, IHomeworkQueries homework, TimeProvider clock,
    ICentreFeatures features)
    : IStreakDailyCheck
{
    public async Task RecordAsync(Guid centreId, Guid studentId, StreakType type, DateTime atUtc, CancellationToken ct)
    {
        var zone = await ZoneAsync(centreId, ct);
        var day = StreakRules.LocalDay(atUtc, zone);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
            var streak = await db.StudentStreaks.FirstOrDefaultAsync(s => s.StudentId == studentId && s.Type == type, ct);
            if (streak is null) { db.StudentStreaks.Add(streak = new StudentStreak { CentreId = centreId, StudentId = studentId, Type = type }); }
            var needed = await NeededAsync(streak, day.AddDays(-1), zone, ct);
            var (state, changes) = StreakRules.RecordActivity(streak.State, day, needed);
            try
            {
                await SaveAsync(db, streak, state, changes, atUtc, ct);
                return;
            }
            // Two activities of one student at once (two lessons marked together, or a redelivery beside the first
            // delivery): the other one created or changed the streak first. Read it again and apply this one on top.
            catch (DbUpdateException) when (attempt < SaveConflicts.Attempts) { }
            await SaveConflicts.PauseAsync(attempt, ct);
        }
    }

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        List<Guid> centreIds;
        await using (var db = dbFactory.CreateSystem<IGamificationDb>())
        {
            centreIds = await db.StudentStreaks.Where(s => s.Current > 0).Select(s => s.CentreId).Distinct().ToListAsync(ct);
        }
        var changed = 0;
        foreach (var centre in centreIds)
        {
            // A centre with gamification off keeps its streaks as they stand; days missed meanwhile are settled once it is back on.
            if (!await features.IsOnAsync(centre, CentreFeatures.Gamification, ct)) { continue; }
            changed += await SettleCentreAsync(centre, clock.GetUtcNow().UtcDateTime, ct);
        }
        return changed;
    }

    /// <summary>The daily check for every live streak of a centre, through yesterday in its zone; returns how many changed.</summary>
    public async Task<int> SettleCentreAsync(Guid centreId, DateTime nowUtc, CancellationToken ct)
    {
        var zone = await ZoneAsync(centreId, ct);
        var yesterday = StreakRules.LocalDay(nowUtc, zone).AddDays(-1);
        List<Guid> ids;
        await using (var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId)))
        {
            ids = await db.StudentStreaks.Where(s => s.CentreId == centreId && s.Current > 0 && s.AliveThrough < yesterday).Select(s => s.Id).ToListAsync(ct);
        }
        var changed = 0;
        foreach (var id in ids)
        {
            await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
            var streak = await db.StudentStreaks.FirstAsync(s => s.Id == id, ct);
            var (state, changes) = StreakRules.SettleMissedDays(streak.State, yesterday, await NeededAsync(streak, yesterday, zone, ct));
            if (changes.Count == 0) { continue; }
            try
            {
                await SaveAsync(db, streak, state, changes, nowUtc, ct);
                changed++;
            }
            // Changed by activity (or another node) since it was read: the next run looks again.
            catch (DbUpdateConcurrencyException) { }
        }
        return changed;
    }

    internal async Task<TimeZoneInfo> ZoneAsync(Guid centreId, CancellationToken ct) =>
        TimeZoneInfo.FindSystemTimeZoneById((await centres.FindSummaryAsync(centreId, ct))?.TimeZone ?? "UTC");

    /// <summary>The days between the streak's last covered day and <paramref name="through"/> on which it needed activity.</summary>
    private async Task<Func<DateOnly, bool>> NeededAsync(StudentStreak streak, DateOnly through, TimeZoneInfo zone, CancellationToken ct)
    {
        if (streak.Type == StreakType.Practice || streak.AliveThrough is not { } alive || through <= alive) { return _ => true; }
        var from = TimeZoneInfo.ConvertTimeToUtc(alive.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var to = TimeZoneInfo.ConvertTimeToUtc(through.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var instants = streak.Type == StreakType.Attendance
            ? await sessions.LessonStartsAsync(streak.StudentId, from, to, ct)
            : await homework.MissedDueTimesAsync(streak.StudentId, from, to, ct);
        var days = instants.Select(i => StreakRules.LocalDay(i, zone)).ToHashSet();
        return days.Contains;
    }

    private static async Task SaveAsync(IGamificationDb db, StudentStreak streak, StreakState state, IReadOnlyList<StreakChange> changes, DateTime atUtc, CancellationToken ct)
    {
        if (state == streak.State && changes.Count == 0 && db.StudentStreaks.Entry(streak).State != EntityState.Added) { return; }
        streak.Apply(state);
        var type = streak.Type.ToString().ToUpperInvariant();
        foreach (var change in changes)
        {
            switch (change)
            {
                case Rules.StreakBroken broken: db.Publish(new StreakBroken(streak.StudentId, type, broken.Count)); break;
                case Rules.StreakMilestone milestone: db.Publish(new StreakMilestone(streak.StudentId, type, milestone.Count)); break;
            }
        }
        var progress = await db.StudentProgress.FirstOrDefaultAsync(p => p.StudentId == streak.StudentId, ct);
        if (progress is not null && state.Best > progress.BestStreak)
        {
            progress.BestStreak = state.Best;
            progress.Version++;
            await XpAwards.EarnBadgesAsync(db, progress, atUtc, ct);
        }
        await db.SaveChangesAsync(ct);
    }
}
