using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Users;

public sealed record Person(Guid Id, string Name, Role Role, bool IsActive);

/// <summary>
/// Read-only facts about people in the caller's centre, for other modules (names on a dashboard, "is this
/// the parent of that student"). It checks no permissions: the calling module decides what to show.
/// </summary>
public interface IPeopleDirectory
{
    Task<IReadOnlyDictionary<Guid, Person>> FindAsync(IEnumerable<Guid> ids, CancellationToken ct = default);
    Task<bool> IsParentOfAsync(Guid parentId, Guid studentId, CancellationToken ct = default);
    Task<IReadOnlyList<Guid>> ChildrenOfAsync(Guid parentId, CancellationToken ct = default);
    /// <summary>E-mail addresses of the active people among these (for sending them notifications).</summary>
    Task<IReadOnlyDictionary<Guid, string>> EmailsAsync(IEnumerable<Guid> ids, CancellationToken ct = default);
    /// <summary>The active parents of each of these students.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<Person>>> ParentsOfAsync(IReadOnlyCollection<Guid> studentIds, CancellationToken ct = default);
    /// <summary>Active people of the centre with one of these roles, by name (pickers for tutors and students).</summary>
    Task<IReadOnlyList<Person>> WithRolesAsync(IReadOnlyCollection<Role> roles, CancellationToken ct = default);
    /// <summary>The centre's students whose accounts were deactivated (left the centre), for background work with no signed-in user.</summary>
    Task<IReadOnlySet<Guid>> InactiveStudentsAsync(Guid centreId, CancellationToken ct = default);
}

internal sealed class PeopleDirectory(IDbSessionFactory dbFactory) : IPeopleDirectory
{
    public async Task<IReadOnlyDictionary<Guid, Person>> FindAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) { return new Dictionary<Guid, Person>(); }
        await using var db = dbFactory.Create<IUsersDb>();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id))
            .Select(u => new Person(u.Id, u.DisplayName, u.Role, u.IsActive)).ToDictionaryAsync(p => p.Id, ct);
    }

    public async Task<bool> IsParentOfAsync(Guid parentId, Guid studentId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IUsersDb>();
        return await db.ParentChildLinks.AnyAsync(l => l.ParentId == parentId && l.StudentId == studentId, ct);
    }

    public async Task<IReadOnlyList<Person>> WithRolesAsync(IReadOnlyCollection<Role> roles, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IUsersDb>();
        return await db.Users.AsNoTracking().Where(u => u.IsActive && roles.Contains(u.Role)).OrderBy(u => u.DisplayName)
            .Select(u => new Person(u.Id, u.DisplayName, u.Role, u.IsActive)).ToListAsync(ct);
    }

    public async Task<IReadOnlyDictionary<Guid, string>> EmailsAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var wanted = ids.Distinct().ToList();
        await using var db = dbFactory.Create<IUsersDb>();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id) && u.IsActive && u.Email != null)
            .ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Person>>> ParentsOfAsync(IReadOnlyCollection<Guid> studentIds, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IUsersDb>();
        var links = await (from l in db.ParentChildLinks
                           join u in db.Users on l.ParentId equals u.Id
                           where studentIds.Contains(l.StudentId) && u.IsActive
                           select new { l.StudentId, Parent = new Person(u.Id, u.DisplayName, u.Role, u.IsActive) }).ToListAsync(ct);
        return studentIds.Distinct().ToDictionary(id => id, id => (IReadOnlyList<Person>)links.Where(l => l.StudentId == id).Select(l => l.Parent).ToList());
    }

    public async Task<IReadOnlySet<Guid>> InactiveStudentsAsync(Guid centreId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<IUsersDb>(Actor.SystemIn(centreId));
        return (await db.Users.AsNoTracking().Where(u => u.CentreId == centreId && u.Role == Role.Student && !u.IsActive).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task<IReadOnlyList<Guid>> ChildrenOfAsync(Guid parentId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IUsersDb>();
        return await db.ParentChildLinks.Where(l => l.ParentId == parentId).Select(l => l.StudentId).ToListAsync(ct);
    }
}
