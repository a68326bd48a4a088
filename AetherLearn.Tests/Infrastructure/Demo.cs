using AetherLearn.Core.Common.Security;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>The seeded demo accounts (see DemoSeeder).</summary>
public static class Demo
{
    public const string Password = "AetherDemo-2026!";
    public const string Northside = "northside";
    public const string Riverside = "riverside";
    public const string SuperAdmin = "superadmin@aetherlearn.test";

    public static string Email(Role role, string centre = Northside) => role switch
    {
        Role.SuperAdmin => SuperAdmin,
        Role.CentreAdmin => $"admin@{centre}.aetherlearn.test",
        Role.Supervisor => $"supervisor@{centre}.aetherlearn.test",
        Role.Teacher => $"tutor@{centre}.aetherlearn.test",
        Role.Assessor => $"assessor@{centre}.aetherlearn.test",
        Role.Finance => $"finance@{centre}.aetherlearn.test",
        Role.Receptionist => $"reception@{centre}.aetherlearn.test",
        Role.Student => $"student1@{centre}.aetherlearn.test",
        Role.Parent => $"parent1@{centre}.aetherlearn.test",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string Student(int n, string centre = Northside) => $"student{n}@{centre}.aetherlearn.test";
}
