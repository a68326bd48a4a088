using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

internal sealed class GamificationService(IDbSessionFactory dbFactory, ICurrentUser currentUser, IPeopleDirectory people, StreakKeeper streaks, TimeProvider clock)
    : IGamificationService
{
    public async Task<GamificationProfile> ProfileAsync(Guid? studentId, CancellationToken ct = default)
    {
        var person = await people.ReadableStudentAsync(currentUser, studentId, ct);
        var student = person.Id;
        await using var db = dbFactory.Create<IGamificationDb>();
        var progress = await db.StudentProgress.AsNoTracking().FirstOrDefaultAsync(p => p.StudentId == student, ct) ?? new StudentProgress { StudentId = student };
        var earned = await db.StudentBadges.AsNoTracking().Where(b => b.StudentId == student).ToDictionaryAsync(b => b.BadgeKey, b => b.EarnedAt, ct);
        var standing = LevelCurve.For(progress.TotalXp);
        var stored = await db.StudentStreaks.AsNoTracking().Where(s => s.StudentId == student).ToListAsync(ct);
        var zone = await streaks.ZoneAsync(currentUser.CentreId ?? Guid.Empty, ct);
        return new GamificationProfile(student, person.Name, progress.TotalXp, standing.Level, standing.Title, standing.LevelStartXp, standing.NextLevelXp,
            standing.ProgressPercent,
            BadgeCatalogue.All.Where(b => earned.ContainsKey(b.Key)).Select(b => new BadgeView(b.Key, b.Name, b.Criteria, earned[b.Key])).OrderBy(b => b.EarnedAt).ToList(),
            BadgeCatalogue.All.Where(b => !earned.ContainsKey(b.Key)).Select(b => new BadgeView(b.Key, b.Name, b.Criteria, null)).ToList(),
            Enum.GetValues<StreakType>().Select(t => View(t, stored.FirstOrDefault(s => s.Type == t), zone)).ToList(),
            progress.LeaderboardOptIn, progress.LeaderboardBlockedByParent);
    }

    public async Task<IReadOnlyDictionary<Guid, XpStanding>> StandingsAsync(IReadOnlyCollection<Guid> studentIds, CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Role.Teacher)) { throw new ForbiddenException(); }
        if (studentIds.Count == 0) { return new Dictionary<Guid, XpStanding>(); }
        await using var db = dbFactory.Create<IGamificationDb>();
        var rows = await db.StudentProgress.AsNoTracking().Where(p => studentIds.Contains(p.StudentId)).Select(p => new { p.StudentId, p.TotalXp }).ToListAsync(ct);
        return rows.ToDictionary(r => r.StudentId, r =>
        {
            var standing = LevelCurve.For(r.TotalXp);
            return new XpStanding(r.StudentId, r.TotalXp, standing.Level, standing.Title);
        });
    }

    public async Task<CursorPage<XpLedgerItem>> LedgerAsync(string? cursor, int limit, CancellationToken ct = default)
    {
        if (currentUser.Role != Role.Student || currentUser.UserId is not { } me) { throw new ForbiddenException(); }
        limit = Math.Clamp(limit, 1, 100);
        await using var db = dbFactory.Create<IGamificationDb>();
        var query = db.XpLedger.AsNoTracking().Where(x => x.StudentId == me);
        if (cursor is not null)
        {
            // Version 7 ids grow with time: the last id of a page is a stable cursor.
            if (!Guid.TryParse(cursor, out var after)) { throw DomainValidationException.For("cursor", "Cursor is not valid"); }
            query = query.Where(x => x.Id.CompareTo(after) < 0);
        }
        var rows = await query.OrderByDescending(x => x.Id).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(x => new XpLedgerItem(x.Id, x.Amount, x.Source, x.SourceId, x.OccurredAt)).ToList();
        return new CursorPage<XpLedgerItem>(items, rows.Count > limit ? items[^1].Id.ToString() : null);
    }

    public async Task<StreakView> RepairStreakAsync(RepairStreakRequest request, CancellationToken ct = default)
    {
        if (currentUser.Role != Role.Student || currentUser.UserId is not { } me || currentUser.CentreId is not { } centre) { throw new ForbiddenException(); }
        if (request.StreakType is not { } type) { throw DomainValidationException.For("streakType", "Choose ATTENDANCE, HOMEWORK or PRACTICE"); }
        var zone = await streaks.ZoneAsync(centre, ct);
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone);
        await using var db = dbFactory.Create<IGamificationDb>();
        var streak = await db.StudentStreaks.FirstOrDefaultAsync(s => s.StudentId == me && s.Type == type, ct);
        var (repaired, refusal) = StreakRules.Repair(streak?.State ?? StreakState.Empty, localNow);
        if (refusal is { } why)
        {
            throw new ConflictException(why switch
            {
                RepairRefusal.NothingToRepair => "This streak is not broken: there is nothing to repair",
                RepairRefusal.WindowClosed => "A streak can be repaired within 48 hours of the day missed; that time has passed",
                _ => "A streak can be repaired once every 30 days; your last repair was more recent",
            });
        }
        streak!.Apply(repaired!);
        await db.SaveChangesAsync(ct);
        return View(type, streak, zone);
    }

    private StreakView View(StreakType type, StudentStreak? streak, TimeZoneInfo zone)
    {
        if (streak is null) { return new StreakView(type, 0, 0, 0, 0, null); }
        DateTime? until = null;
        if (streak.BrokenOn is { } missed && streak.LostCount > 0)
        {
            var deadline = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(StreakRules.RepairDeadline(missed), DateTimeKind.Unspecified), zone);
            var localNow = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone);
            if (StreakRules.Repair(streak.State, localNow).Refusal is null) { until = deadline; }
        }
        return new StreakView(type, streak.Current, streak.Best, streak.FreezesHeld, streak.LostCount, until);
    }

    public IReadOnlyList<BadgeView> Badges() =>
        currentUser.IsAuthenticated ? BadgeCatalogue.All.Select(b => new BadgeView(b.Key, b.Name, b.Criteria, null)).ToList() : throw new ForbiddenException();
}
