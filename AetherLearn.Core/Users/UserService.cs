using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Users;

internal sealed class UserService(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    IPasswordHasher<AppUser> passwordHasher,
    ILookupNormalizer normalizer,
    IUserSessions sessions,
    TimeProvider clock) : IUserService
{
    public async Task<PagedResult<UserSummary>> ListAsync(UserListQuery query, CancellationToken ct = default)
    {
        RequireAdmin();
        var page = new PageRequest(query.Page, query.Limit);
        await using var db = dbFactory.Create<IUsersDb>();
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
            users = users.Where(u => u.DisplayName.ToUpper().Contains(term) || u.NormalizedEmail!.Contains(term));
        }
        if (query.Role is { } role) { users = users.Where(u => u.Role == role); }
        if (query.Status is { } status) { users = users.Where(u => u.IsActive == (status == UserStatus.Active)); }
        var total = await users.CountAsync(ct);
        var items = await users.OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Skip(page.Offset).Take(page.SafeLimit)
            .Select(u => new UserSummary(u.Id, u.DisplayName, u.Email!, u.Role, u.IsActive, u.CreatedAt, u.LastSignInAt))
            .ToListAsync(ct);
        return PagedResult<UserSummary>.Create(items, page, total);
    }

    public async Task<UserDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IUsersDb>();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("User");
        if (user.Id != currentUser.UserId) { RequireAdmin(); }
        return await ToDetailAsync(db, user, ct);
    }

    public async Task<UserDetail> CreateAsync(CreateUserRequest request, CancellationToken ct = default)
    {
        RequireAdmin();
        TextRules.Check(request);
        var v = new Validator()
            .Require("name", request.Name, "Name", 120)
            .Email("email", request.Email?.Trim())
            .Check(request.Role is not null, "role", "Role is required");
        if (request.Role is { } wanted) { v.Check(RoleRanks.CanManage(currentUser.Role!.Value, wanted), "role", "You cannot create an account with this role"); }
        if (PasswordPolicy.Check(request.Password, request.Email) is { } problem) { v.Check(false, "password", problem); }
        v.Check(request.ChildIds is null || request.Role == Role.Parent, "childIds", "Only parents have children linked");
        v.Check(request.StudentProfile is null || request.Role == Role.Student, "studentProfile", "Only students have a student profile");
        v.ThrowIfInvalid();

        await using var db = dbFactory.Create<IUsersDb>();
        var email = request.Email!.Trim();
        await EnsureEmailFreeAsync(db, email, null, ct);
        var user = new AppUser
        {
            DisplayName = request.Name.Trim(),
            Email = email,
            UserName = email,
            NormalizedEmail = normalizer.NormalizeEmail(email),
            NormalizedUserName = normalizer.NormalizeName(email),
            EmailConfirmed = true,
            Role = request.Role!.Value,
            CentreId = currentUser.CentreId ?? throw new ForbiddenException("Choose a centre first"),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        user.PasswordHash = passwordHasher.HashPassword(user, request.Password!);
        db.Users.Add(user);
        if (request.ChildIds is not null) { await SetChildrenAsync(db, user.Id, request.ChildIds, ct); }
        if (request.StudentProfile is not null) { SetProfile(db, null, user.Id, request.StudentProfile); }
        await db.SaveChangesAsync(ct);
        return await ToDetailAsync(db, user, ct);
    }

    public async Task<UserDetail> UpdateAsync(Guid id, UpdateUserRequest request, CancellationToken ct = default)
    {
        TextRules.Check(request);
        await using var db = dbFactory.Create<IUsersDb>();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("User");
        var isSelf = user.Id == currentUser.UserId;
        var adminChange = request.Email is not null || request.Role is not null || request.IsActive is not null
            || request.ChildIds is not null || request.StudentProfile is not null;
        if (!isSelf || adminChange)
        {
            RequireAdmin();
            if (!isSelf && !RoleRanks.CanManage(currentUser.Role!.Value, user.Role)) { throw new ForbiddenException("You cannot change this account"); }
        }

        var v = new Validator();
        if (request.Name is not null) { v.Require("name", request.Name, "Name", 120); }
        if (request.Email is not null) { v.Email("email", request.Email.Trim()); }
        if (request.Role is { } role)
        {
            v.Check(RoleRanks.CanManage(currentUser.Role!.Value, role), "role", "You cannot give this role");
            v.Check(!isSelf || role == user.Role, "role", "You cannot change your own role");
        }
        v.Check(!(isSelf && request.IsActive == false), "isActive", "You cannot deactivate your own account");
        var finalRole = request.Role ?? user.Role;
        v.Check(request.ChildIds is null || finalRole == Role.Parent, "childIds", "Only parents have children linked");
        v.Check(request.StudentProfile is null || finalRole == Role.Student, "studentProfile", "Only students have a student profile");
        v.ThrowIfInvalid();

        if (request.Name is not null) { user.DisplayName = request.Name.Trim(); }
        if (request.Email is not null && !string.Equals(request.Email.Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
        {
            var email = request.Email.Trim();
            await EnsureEmailFreeAsync(db, email, user.Id, ct);
            user.Email = user.UserName = email;
            user.NormalizedEmail = normalizer.NormalizeEmail(email);
            user.NormalizedUserName = normalizer.NormalizeName(email);
            user.SecurityStamp = Guid.NewGuid().ToString();
        }
        if (request.Role is { } newRole && newRole != user.Role)
        {
            user.Role = newRole;
            // A changed role must not keep the old role's sessions alive.
            await EndSessionsAsync(user);
        }
        if (request.IsActive is { } active && active != user.IsActive)
        {
            user.IsActive = active;
            if (!active) { await EndSessionsAsync(user); }
        }
        if (request.ChildIds is not null) { await SetChildrenAsync(db, user.Id, request.ChildIds, ct); }
        if (request.StudentProfile is not null)
        {
            var existing = await db.StudentProfiles.FirstOrDefaultAsync(p => p.StudentId == user.Id, ct);
            SetProfile(db, existing, user.Id, request.StudentProfile);
        }
        await db.SaveChangesAsync(ct);
        return await ToDetailAsync(db, user, ct);
    }

    public async Task<IReadOnlyList<PersonRef>> ListStudentsAsync(CancellationToken ct = default)
    {
        RequireAdmin();
        await using var db = dbFactory.Create<IUsersDb>();
        return await db.Users.AsNoTracking().Where(u => u.Role == Role.Student && u.IsActive)
            .OrderBy(u => u.DisplayName).Select(u => new PersonRef(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    public async Task<IReadOnlyDictionary<Role, int>> CountByRoleAsync(CancellationToken ct = default)
    {
        RequireAdmin();
        await using var db = dbFactory.Create<IUsersDb>();
        var counts = await db.Users.AsNoTracking().Where(u => u.IsActive).GroupBy(u => u.Role)
            .Select(g => new { Role = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Role, x => x.Count, ct);
        return RoleRanks.All.Where(r => r != Role.SuperAdmin).ToDictionary(r => r, r => counts.GetValueOrDefault(r));
    }

    private void RequireAdmin()
    {
        if (!currentUser.IsInRole(Role.CentreAdmin)) { throw new ForbiddenException(); }
    }

    private async Task EndSessionsAsync(AppUser user)
    {
        // A new security stamp also retires cookies issued before; the session rows end everything at once.
        user.SecurityStamp = Guid.NewGuid().ToString();
        await sessions.EndAllAsync(user.Id);
    }

    private async Task EnsureEmailFreeAsync(IUsersDb db, string email, Guid? except, CancellationToken ct)
    {
        var normalized = normalizer.NormalizeEmail(email);
        // E-mail addresses are unique across all centres (they are the sign-in name), so this one check looks everywhere.
        var taken = await db.Users.IgnoreQueryFilters().AnyAsync(u => u.NormalizedEmail == normalized && u.Id != except, ct);
        if (taken) { throw DomainValidationException.For("email", "An account with this e-mail already exists"); }
    }

    private static async Task SetChildrenAsync(IUsersDb db, Guid parentId, IReadOnlyList<Guid> childIds, CancellationToken ct)
    {
        var wanted = childIds.Distinct().ToList();
        var students = await db.Users.Where(u => wanted.Contains(u.Id) && u.Role == Role.Student).Select(u => u.Id).ToListAsync(ct);
        if (students.Count != wanted.Count)
        {
            throw DomainValidationException.For("childIds", "Every child must be a student of this centre");
        }
        var current = await db.ParentChildLinks.Where(l => l.ParentId == parentId).ToListAsync(ct);
        db.ParentChildLinks.RemoveRange(current.Where(l => !wanted.Contains(l.StudentId)));
        foreach (var id in wanted.Where(id => current.All(l => l.StudentId != id)))
        {
            db.ParentChildLinks.Add(new ParentChildLink { ParentId = parentId, StudentId = id });
        }
    }

    private static void SetProfile(IUsersDb db, StudentProfile? profile, Guid studentId, StudentProfileDto dto)
    {
        if (profile is null)
        {
            profile = new StudentProfile { StudentId = studentId };
            db.StudentProfiles.Add(profile);
        }
        profile.SchoolYear = dto.SchoolYear?.Trim();
        profile.SchoolName = dto.SchoolName?.Trim();
        profile.DateOfBirth = dto.DateOfBirth;
        profile.Notes = dto.Notes?.Trim();
    }

    private static async Task<UserDetail> ToDetailAsync(IUsersDb db, AppUser user, CancellationToken ct)
    {
        var children = await (from l in db.ParentChildLinks
                              join s in db.Users on l.StudentId equals s.Id
                              where l.ParentId == user.Id
                              orderby s.DisplayName
                              select new PersonRef(s.Id, s.DisplayName)).ToListAsync(ct);
        var parents = await (from l in db.ParentChildLinks
                             join p in db.Users on l.ParentId equals p.Id
                             where l.StudentId == user.Id
                             orderby p.DisplayName
                             select new PersonRef(p.Id, p.DisplayName)).ToListAsync(ct);
        var profile = await db.StudentProfiles.AsNoTracking().Where(p => p.StudentId == user.Id)
            .Select(p => new StudentProfileDto(p.SchoolYear, p.SchoolName, p.DateOfBirth, p.Notes)).FirstOrDefaultAsync(ct);
        return new UserDetail(user.Id, user.DisplayName, user.Email!, user.Role, user.CentreId, user.IsActive, user.TwoFactorEnabled,
            user.CreatedAt, user.LastSignInAt, children, parents, profile);
    }
}
