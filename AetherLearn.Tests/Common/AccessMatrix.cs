using AetherLearn.Core.Common.Security;

namespace AetherLearn.Tests.Common;

/// <summary>What the matrix needs to know about the two demo centres when it builds a request.</summary>
public sealed record MatrixTargets(Guid Centre, Guid TargetUser);

/// <summary>
/// One endpoint of the contract. <see cref="Path"/> and <see cref="Body"/> are built against the centre
/// the request aims at (the caller's own, or the other one when <see cref="CentreScoped"/>).
/// </summary>
public sealed record AccessRow(
    string Name,
    HttpMethod Method,
    Func<MatrixTargets, string> Path,
    Func<MatrixTargets, object?> Body,
    Func<Role, bool, int> Expected,
    bool CentreScoped);

/// <summary>
/// The role × endpoint × centre table. Later issues add rows here, not code: every row is run for each of
/// the nine roles, against the caller's centre and (for centre-scoped rows) against the other centre.
/// </summary>
public static class AccessMatrix
{
    private static readonly object? NoBody = null;

    public static IReadOnlyList<AccessRow> Rows { get; } =
    [
        Row("session", HttpMethod.Get, _ => "/api/auth/session", Policies.Authenticated, ok: 200),
        Row("two-factor status", HttpMethod.Get, _ => "/api/auth/two-factor", Policies.Authenticated, ok: 200),
        Row("two-factor off", HttpMethod.Post, _ => "/api/auth/two-factor/disable", Policies.Authenticated, ok: 200, body: _ => new { code = "000000" }),
        Row("switch centre", HttpMethod.Post, t => "/api/auth/switch-centre", Policies.SuperAdmin, ok: 200, body: t => new { centreId = t.Centre }),
        Row("list users", HttpMethod.Get, _ => "/api/v1/users", Policies.AdminPlus, ok: 200),
        Row("create user", HttpMethod.Post, _ => "/api/v1/users", Policies.AdminPlus, ok: 201,
            body: _ => new { email = $"matrix-{Guid.NewGuid():N}@matrix.test", name = "Matrix Student", role = "STUDENT", password = "matrix password 123" }),
        Scoped("get user", HttpMethod.Get, t => $"/api/v1/users/{t.TargetUser}", ResourceFirst(Policies.AdminPlus, 200)),
        Scoped("update user", HttpMethod.Patch, t => $"/api/v1/users/{t.TargetUser}", ResourceFirst(Policies.AdminPlus, 200), body: _ => new { name = "Matrix Renamed" }),
        Row("list centres", HttpMethod.Get, _ => "/api/v1/centres", Policies.SuperAdmin, ok: 200),
        Scoped("get centre", HttpMethod.Get, t => $"/api/v1/centres/{t.Centre}", PolicyFirst(Policies.AdminPlus, 200, superAdminCrossCentre: true)),
        Scoped("update centre config", HttpMethod.Patch, t => $"/api/v1/centres/{t.Centre}/config", PolicyFirst(Policies.AdminPlus, 200, superAdminCrossCentre: true),
            body: _ => new { features = new Dictionary<string, bool> { ["leaderboards"] = true } }),
        Row("audit log", HttpMethod.Get, _ => "/api/v1/admin/audit-log", Policies.AdminPlus, ok: 200),
        Row("dead letters", HttpMethod.Get, _ => "/api/v1/admin/dead-letters", Policies.AdminPlus, ok: 200),
    ];

    public static bool Allows(string policy, Role role) =>
        policy == Policies.Authenticated || Policies.Roles[policy].Contains(role);

    /// <summary>An endpoint without a centre-owned target: allowed roles succeed, the rest get 403.</summary>
    private static AccessRow Row(string name, HttpMethod method, Func<MatrixTargets, string> path, string policy, int ok, Func<MatrixTargets, object?>? body = null) =>
        new(name, method, path, body ?? (_ => NoBody), (role, _) => Allows(policy, role) ? ok : 403, CentreScoped: false);

    private static AccessRow Scoped(string name, HttpMethod method, Func<MatrixTargets, string> path, Func<Role, bool, int> expected, Func<MatrixTargets, object?>? body = null) =>
        new(name, method, path, body ?? (_ => NoBody), expected, CentreScoped: true);

    /// <summary>The route's policy is checked first (403); another centre's record is then 404, except for a super admin where it is cross-centre.</summary>
    private static Func<Role, bool, int> PolicyFirst(string policy, int ok, bool superAdminCrossCentre) =>
        (role, otherCentre) => !Allows(policy, role) ? 403
            : !otherCentre ? ok
            : role == Role.SuperAdmin && superAdminCrossCentre ? ok : 404;

    /// <summary>Self-or-role endpoints look the record up first: another centre's is 404 for everyone, so its existence never leaks.</summary>
    private static Func<Role, bool, int> ResourceFirst(string policy, int ok) =>
        (role, otherCentre) => otherCentre ? 404 : Allows(policy, role) ? ok : 403;
}
