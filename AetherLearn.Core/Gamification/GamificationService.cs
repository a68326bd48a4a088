using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

public sealed record BadgeView(string Key, string Name, string Criteria, DateTime? EarnedAt);

public sealed record GamificationProfile(Guid StudentId, string StudentName, int TotalXp, int Level, string Title, int LevelStartXp, int NextLevelXp,
    int ProgressPercent, IReadOnlyList<BadgeView> Badges, IReadOnlyList<BadgeView> BadgesToEarn, bool LeaderboardOptIn);

public sealed record XpLedgerItem(Guid Id, int Amount, XpSource Source, string SourceId, DateTime OccurredAt);

public interface IGamificationService
{
    /// <summary>Student (self; <paramref name="studentId"/> may be omitted), Parent (own child), Teacher+ (any student of the centre).</summary>
    Task<GamificationProfile> ProfileAsync(Guid? studentId, CancellationToken ct = default);
    /// <summary>The signed-in student's XP history, newest first.</summary>
    Task<CursorPage<XpLedgerItem>> LedgerAsync(string? cursor, int limit, CancellationToken ct = default);
    /// <summary>Every badge with what earns it (Any authenticated).</summary>
    IReadOnlyList<BadgeView> Badges();
}

internal sealed class GamificationService(IDbSessionFactory dbFactory, ICurrentUser currentUser, IPeopleDirectory people) : IGamificationService
{
    public async Task<GamificationProfile> ProfileAsync(Guid? studentId, CancellationToken ct = default)
    {
        var student = currentUser.Role switch
        {
            Role.Student => studentId is null || studentId == currentUser.UserId ? currentUser.UserId!.Value : throw new NotFoundException("Student"),
            Role.Parent => studentId is { } child && await people.IsParentOfAsync(currentUser.UserId!.Value, child, ct)
                ? child : throw (studentId is null ? DomainValidationException.For("studentId", "Choose one of your children") : new NotFoundException("Student")),
            { } role when RoleRanks.Satisfies(role, Role.Teacher) => studentId ?? throw DomainValidationException.For("studentId", "studentId is required"),
            _ => throw new ForbiddenException(),
        };
        var found = await people.FindAsync([student], ct);
        if (!found.TryGetValue(student, out var person) || person.Role != Role.Student) { throw new NotFoundException("Student"); }
        await using var db = dbFactory.Create<IGamificationDb>();
        var progress = await db.StudentProgress.AsNoTracking().FirstOrDefaultAsync(p => p.StudentId == student, ct) ?? new StudentProgress { StudentId = student };
        var earned = await db.StudentBadges.AsNoTracking().Where(b => b.StudentId == student).ToDictionaryAsync(b => b.BadgeKey, b => b.EarnedAt, ct);
        var standing = LevelCurve.For(progress.TotalXp);
        return new GamificationProfile(student, person.Name, progress.TotalXp, standing.Level, standing.Title, standing.LevelStartXp, standing.NextLevelXp,
            standing.ProgressPercent,
            BadgeCatalogue.All.Where(b => earned.ContainsKey(b.Key)).Select(b => new BadgeView(b.Key, b.Name, b.Criteria, earned[b.Key])).OrderBy(b => b.EarnedAt).ToList(),
            BadgeCatalogue.All.Where(b => !earned.ContainsKey(b.Key)).Select(b => new BadgeView(b.Key, b.Name, b.Criteria, null)).ToList(),
            progress.LeaderboardOptIn && !progress.LeaderboardBlockedByParent);
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

    public IReadOnlyList<BadgeView> Badges() =>
        currentUser.IsAuthenticated ? BadgeCatalogue.All.Select(b => new BadgeView(b.Key, b.Name, b.Criteria, null)).ToList() : throw new ForbiddenException();
}
