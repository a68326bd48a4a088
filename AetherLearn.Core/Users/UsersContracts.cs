using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AetherLearn.Core.Users;

public interface IUsersDb : IDbSession
{
    DbSet<AppUser> Users { get; }
    DbSet<StudentProfile> StudentProfiles { get; }
    DbSet<ParentChildLink> ParentChildLinks { get; }
    DbSet<UserSession> UserSessions { get; }
}

public enum UserStatus
{
    Active,
    Inactive,
}

public sealed record UserListQuery(string? Search = null, Role? Role = null, UserStatus? Status = null, int Page = 1, int Limit = 20);

public sealed record UserSummary(Guid Id, string Name, string Email, Role Role, bool IsActive, DateTime CreatedAt, DateTime? LastSignInAt);

public sealed record PersonRef(Guid Id, string Name);

public sealed record StudentProfileDto([property: MaxLength(TextLimits.SchoolYear)] string? SchoolYear, [property: MaxLength(TextLimits.Name)] string? SchoolName, DateOnly? DateOfBirth, [property: MaxLength(TextLimits.Note)] string? Notes);

public sealed record UserDetail(
    Guid Id,
    string Name,
    string Email,
    Role Role,
    Guid CentreId,
    bool IsActive,
    bool TwoFactorEnabled,
    DateTime CreatedAt,
    DateTime? LastSignInAt,
    IReadOnlyList<PersonRef> Children,
    IReadOnlyList<PersonRef> Parents,
    StudentProfileDto? StudentProfile);

public sealed record CreateUserRequest(
    [property: MaxLength(TextLimits.Email)] string Email,
    [property: MaxLength(TextLimits.Name)] string Name,
    Role? Role,
    [property: MaxLength(TextLimits.Password)] string Password,
    IReadOnlyList<Guid>? ChildIds = null,
    StudentProfileDto? StudentProfile = null);

/// <summary>PATCH semantics: null leaves a field unchanged. Only Admin+ may change role, email, status or links.</summary>
public sealed record UpdateUserRequest(
    [property: MaxLength(TextLimits.Name)] string? Name = null,
    [property: MaxLength(TextLimits.Email)] string? Email = null,
    Role? Role = null,
    bool? IsActive = null,
    IReadOnlyList<Guid>? ChildIds = null,
    StudentProfileDto? StudentProfile = null);

public interface IUserService
{
    Task<PagedResult<UserSummary>> ListAsync(UserListQuery query, CancellationToken ct = default);
    Task<UserDetail> GetAsync(Guid id, CancellationToken ct = default);
    Task<UserDetail> CreateAsync(CreateUserRequest request, CancellationToken ct = default);
    Task<UserDetail> UpdateAsync(Guid id, UpdateUserRequest request, CancellationToken ct = default);
    /// <summary>Students of the caller's centre, for pickers (Admin+).</summary>
    Task<IReadOnlyList<PersonRef>> ListStudentsAsync(CancellationToken ct = default);
    /// <summary>Active accounts per role in the caller's centre (Admin+), every role listed.</summary>
    Task<IReadOnlyDictionary<Role, int>> CountByRoleAsync(CancellationToken ct = default);
}

/// <summary>A session just started: what the caller puts in the cookie or token (the row itself stays the module's).</summary>
public sealed record StartedSession(Guid Id, DateTime? ExpiresAt);

public interface IUserSessions
{
    Task<StartedSession> StartAsync(Guid userId, SessionKind kind, string? ipAddress, string? userAgent, CancellationToken ct = default);

    /// <summary>True while the session is neither ended nor idle past its limit; the caller was active, so last-seen moves on.</summary>
    Task<bool> TouchAsync(Guid sessionId, CancellationToken ct = default);

    /// <summary>The same check without counting as activity (an open page re-checking itself).</summary>
    Task<bool> IsAliveAsync(Guid sessionId, CancellationToken ct = default);

    Task EndAsync(Guid sessionId, CancellationToken ct = default);

    /// <summary>Ends every open session of a user (password reset, deactivation).</summary>
    Task EndAllAsync(Guid userId, CancellationToken ct = default);

    /// <summary>Ends every open session of a user but <paramref name="keepSessionId"/> (a password changed: the browser that changed it stays in).</summary>
    Task EndOthersAsync(Guid userId, Guid keepSessionId, CancellationToken ct = default);
}

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
