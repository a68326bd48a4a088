namespace AetherLearn.Core.Common.Security;

/// <summary>The nine roles of a centre. Serialised as UPPER_SNAKE (CENTRE_ADMIN) on the API.</summary>
public enum Role
{
    Receptionist,
    Teacher,
    Assessor,
    Supervisor,
    CentreAdmin,
    SuperAdmin,
    Finance,
    Student,
    Parent,
}

/// <summary>
/// The rank table of ARCHITECTURE.md §4: "X+" means X and every rank above it.
/// Finance is a side role (Finance+ = Finance, CentreAdmin, SuperAdmin); Student and Parent are outside the ranks.
/// </summary>
public static class RoleRanks
{
    private static readonly Dictionary<Role, int> Rank = new()
    {
        [Role.Receptionist] = 1,
        [Role.Teacher] = 2,
        [Role.Assessor] = 3,
        [Role.Supervisor] = 4,
        [Role.CentreAdmin] = 5,
        [Role.SuperAdmin] = 6,
    };

    public static IReadOnlyList<Role> All { get; } = Enum.GetValues<Role>();

    public static IReadOnlyList<Role> Staff { get; } =
        [Role.Receptionist, Role.Teacher, Role.Assessor, Role.Supervisor, Role.CentreAdmin, Role.SuperAdmin, Role.Finance];

    /// <summary>The roles that satisfy "<paramref name="minimum"/>+".</summary>
    public static IReadOnlyList<Role> AtLeast(Role minimum)
    {
        if (minimum == Role.Finance)
        {
            return [Role.Finance, Role.CentreAdmin, Role.SuperAdmin];
        }
        if (!Rank.TryGetValue(minimum, out var floor))
        {
            return [minimum];
        }
        return Rank.Where(r => r.Value >= floor).Select(r => r.Key).ToArray();
    }

    public static bool Satisfies(Role role, Role minimum) => AtLeast(minimum).Contains(role);

    public static bool IsStaff(Role role) => Staff.Contains(role);

    /// <summary>A centre admin manages everyone below them; only a super admin creates admins and super admins.</summary>
    public static bool CanManage(Role actor, Role target) =>
        actor == Role.SuperAdmin || (actor == Role.CentreAdmin && target is not (Role.SuperAdmin or Role.CentreAdmin));
}

/// <summary>Each role's home page: where signing in, the menu's "Home" and a notification with nothing more specific lead.</summary>
public static class RoleHomes
{
    public static string Of(Role role) => role switch
    {
        Role.SuperAdmin => "/super-admin",
        Role.CentreAdmin => "/admin",
        Role.Supervisor => "/supervisor",
        Role.Teacher => "/tutor",
        Role.Assessor => "/assessor",
        Role.Finance => "/finance",
        Role.Receptionist => "/reception",
        Role.Student => "/student",
        Role.Parent => "/parent",
        _ => "/notifications",
    };
}
