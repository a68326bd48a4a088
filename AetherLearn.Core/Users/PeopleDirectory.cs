using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Users;

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
