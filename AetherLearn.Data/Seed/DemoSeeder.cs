using AetherLearn.Core.Centres;
using AetherLearn.Core.Content;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using AetherLearn.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AetherLearn.Data.Seed;

/// <summary>
/// The demo network: Northside and Riverside with every role. Runs only when <c>Seed:Demo=true</c>
/// and only into an empty database. The shared password is for the demo only.
/// </summary>
public sealed class DemoSeeder(SystemContexts contexts, IPasswordHasher<AppUser> hasher, ILookupNormalizer normalizer, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Password = "AetherDemo-2026!";

    private static readonly (string Slug, string Name, string TimeZone, string Currency, string Colour)[] CentreRows =
    [
        ("northside", "Northside", "Europe/London", "GBP", "#3949AB"),
        ("riverside", "Riverside", "America/New_York", "USD", "#00796B"),
    ];

    private static readonly Dictionary<string, string[]> People = new()
    {
        ["northside"] = ["Amelia Hart", "Samir Okafor", "Tom Becker", "Priya Nair", "Grace Liu", "Owen Price",
            "Ella Thompson", "Noah Patel", "Isla Murphy", "Leo Fischer", "Maya Chen", "Jack Wilson",
            "Hannah Thompson", "Ravi Patel", "Siobhan Murphy"],
        ["riverside"] = ["Jordan Ellis", "Maria Gonzalez", "Ben Carter", "Aisha Rahman", "Daniel Kim", "Chloe Martin",
            "Lucas Rivera", "Sofia Rossi", "Ethan Brooks", "Zoe Adams", "Mateo Silva", "Lily Walker",
            "Carmen Rivera", "Marco Rossi", "Rachel Adams"],
    };

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var db = contexts.System();
        db.AuditChanges = false;
        if (await db.Centres.AnyAsync(ct))
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // One hash for the one shared demo password keeps first start fast (PBKDF2 is slow on purpose).
        var template = new AppUser { DisplayName = "template" };
        var hash = hasher.HashPassword(template, Password);

        Centre? first = null;
        foreach (var row in CentreRows)
        {
            var centre = new Centre
            {
                Name = row.Name, Slug = row.Slug, TimeZone = row.TimeZone, Currency = row.Currency, CreatedAt = now,
                Config = CentreConfig.Default with { Branding = new Branding($"AetherLearn {row.Name}", row.Colour, null) },
            };
            first ??= centre;
            db.Centres.Add(centre);
            var names = People[row.Slug];
            var domain = $"{row.Slug}.aetherlearn.test";
            AppUser Add(string local, string name, Role role) => AddUser(db, centre.Id, $"{local}@{domain}", name, role, hash, now);

            Add("admin", names[0], Role.CentreAdmin);
            Add("supervisor", names[1], Role.Supervisor);
            Add("tutor", names[2], Role.Teacher);
            Add("assessor", names[3], Role.Assessor);
            Add("finance", names[4], Role.Finance);
            Add("reception", names[5], Role.Receptionist);
            var students = Enumerable.Range(1, 6).Select(i => Add($"student{i}", names[5 + i], Role.Student)).ToList();
            for (var i = 0; i < students.Count; i++)
            {
                db.StudentProfiles.Add(new StudentProfile
                {
                    CentreId = centre.Id, StudentId = students[i].Id, SchoolYear = $"Year {5 + i}", SchoolName = $"{row.Name} Primary",
                });
            }
            var parents = new[]
            {
                (Add("parent1", names[12], Role.Parent), new[] { 0, 1 }),
                (Add("parent2", names[13], Role.Parent), new[] { 2 }),
                (Add("parent3", names[14], Role.Parent), new[] { 3, 4 }),
            };
            foreach (var (parent, children) in parents)
            {
                foreach (var child in children)
                {
                    db.ParentChildLinks.Add(new ParentChildLink { CentreId = centre.Id, ParentId = parent.Id, StudentId = students[child].Id });
                }
            }
        }
        AddUser(db, first!.Id, "superadmin@aetherlearn.test", "Sam Whitaker", Role.SuperAdmin, hash, now);
        var catalogue = await LoadCatalogueAsync(ct);
        ContentValidation.Validate(catalogue);
        ContentImport.AddTo(db, catalogue, centreId: null);
        await db.SaveChangesAsync(ct);
        await DemoLessons.AddAsync(db, now, ct);
        logger.LogInformation("Seeded the demo centres Northside and Riverside (password {Password} is for the demo only)", Password);
    }

    /// <summary>The shared demo catalogue (Mathematics and English), in the documented import format.</summary>
    public static async Task<ContentPackage> LoadCatalogueAsync(CancellationToken ct = default)
    {
        await using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("AetherLearn.Data.Seed.demo-catalogue.json")
            ?? throw new InvalidOperationException("The demo catalogue is not embedded in AetherLearn.Data");
        return await System.Text.Json.JsonSerializer.DeserializeAsync<ContentPackage>(stream, Json.Options, ct)
            ?? throw new InvalidOperationException("The demo catalogue is empty");
    }

    private AppUser AddUser(AetherDbContext db, Guid centreId, string email, string name, Role role, string hash, DateTime now)
    {
        var user = new AppUser
        {
            DisplayName = name,
            Email = email,
            UserName = email,
            NormalizedEmail = normalizer.NormalizeEmail(email),
            NormalizedUserName = normalizer.NormalizeName(email),
            EmailConfirmed = true,
            Role = role,
            CentreId = centreId,
            CreatedAt = now,
            LockoutEnabled = true,
            PasswordHash = hash,
        };
        db.Users.Add(user);
        return user;
    }
}
