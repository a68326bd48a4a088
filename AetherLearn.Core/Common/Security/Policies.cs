namespace AetherLearn.Core.Common.Security;

/// <summary>
/// Policy names shared by the API groups and the Blazor pages, so both enforce one table.
/// Each policy admits the roles of <see cref="RoleRanks.AtLeast"/> (or the listed side roles).
/// </summary>
public static class Policies
{
    public const string Authenticated = "authenticated";
    public const string ReceptionistPlus = "receptionist+";
    public const string TeacherPlus = "teacher+";
    public const string AssessorPlus = "assessor+";
    public const string SupervisorPlus = "supervisor+";
    public const string AdminPlus = "admin+";
    public const string SuperAdmin = "super-admin";
    public const string FinancePlus = "finance+";
    public const string Student = "student";
    public const string Parent = "parent";

    public static IReadOnlyDictionary<string, IReadOnlyList<Role>> Roles { get; } = new Dictionary<string, IReadOnlyList<Role>>
    {
        [ReceptionistPlus] = RoleRanks.AtLeast(Role.Receptionist),
        [TeacherPlus] = RoleRanks.AtLeast(Role.Teacher),
        [AssessorPlus] = RoleRanks.AtLeast(Role.Assessor),
        [SupervisorPlus] = RoleRanks.AtLeast(Role.Supervisor),
        [AdminPlus] = RoleRanks.AtLeast(Role.CentreAdmin),
        [SuperAdmin] = [Role.SuperAdmin],
        [FinancePlus] = RoleRanks.AtLeast(Role.Finance),
        [Student] = [Role.Student],
        [Parent] = [Role.Parent],
    };
}
