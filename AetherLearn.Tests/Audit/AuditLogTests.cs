using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Audit;

public abstract class AuditLogTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    [Fact]
    public async Task Creating_and_changing_a_user_is_logged_with_who_before_and_after_but_never_the_password()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var (id, email) = await TestData.CreateUserAsync(admin, Role.Teacher);
        await admin.PatchAsync($"/api/v1/users/{id}", new { name = "Renamed Tutor" });

        var entries = (await admin.GetAsync($"/api/v1/admin/audit-log?entityType=AppUser&entityId={id}")).Data.EnumerateArray().ToList();
        var update = entries[0];
        var create = entries[^1];

        Assert.Equal("CREATE", create.GetProperty("action").GetString());
        Assert.Equal(Demo.Email(Role.CentreAdmin), create.GetProperty("userEmail").GetString());
        Assert.Equal(email, create.GetProperty("changes").GetProperty("email").GetProperty("after").GetString());
        Assert.False(create.GetProperty("changes").TryGetProperty("passwordHash", out _));
        Assert.DoesNotContain("AQAAAA", create.GetRawText()); // Identity's hash prefix

        Assert.Equal("UPDATE", update.GetProperty("action").GetString());
        var name = update.GetProperty("changes").GetProperty("displayName");
        Assert.Equal("Test Teacher", name.GetProperty("before").GetString());
        Assert.Equal("Renamed Tutor", name.GetProperty("after").GetString());
    }

    [Fact]
    public async Task Sign_ins_are_logged_whether_they_succeed_or_fail()
    {
        using var client = Host.Client();
        var email = Demo.Email(Role.Supervisor);
        await client.PostAsync("/api/auth/signin", new { email, password = "definitely the wrong one" });
        await client.SignInAsync(email);

        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var failed = await admin.GetAsync("/api/v1/admin/audit-log?action=SIGN_IN_FAILED");
        var succeeded = await admin.GetAsync("/api/v1/admin/audit-log?action=SIGN_IN");
        Assert.Contains(failed.Data.EnumerateArray(), e => e.GetProperty("userEmail").GetString() == email);
        Assert.Contains(succeeded.Data.EnumerateArray(), e => e.GetProperty("userEmail").GetString() == email && e.GetProperty("ipAddress").GetString() == "127.0.0.1");
    }

    [Fact]
    public async Task Whatever_was_typed_in_place_of_an_e_mail_is_not_kept()
    {
        using var client = Host.Client();
        // Within the e-mail field's length (a longer one is refused as input before any sign-in is tried).
        var typed = "my secret password " + new string('x', 60);
        var response = await client.PostAsync("/api/auth/signin", new { email = typed, password = "anything at all here" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);

        using var super = await TestData.WithTokenAsync(Host, Demo.SuperAdmin);
        var failed = await super.GetAsync("/api/v1/admin/audit-log?action=SIGN_IN_FAILED&limit=200");
        Assert.DoesNotContain("my secret password", failed.Body);
        Assert.Contains(failed.Data.EnumerateArray(), e => e.GetProperty("userEmail").GetString() == "(not an e-mail address)");
    }

    [Fact]
    public async Task A_centre_admin_sees_only_their_centre_and_the_super_admin_every_centre()
    {
        using var river = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        using var north = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var (northUser, _) = await TestData.CreateUserAsync(north, Role.Student);

        var riverEntries = await river.GetAsync("/api/v1/admin/audit-log?limit=200");
        Assert.DoesNotContain(riverEntries.Data.EnumerateArray(), e => e.GetProperty("entityId").GetString() == northUser.ToString());
        var riverCentre = (await river.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();
        Assert.All(riverEntries.Data.EnumerateArray(), e => Assert.Equal(riverCentre, e.GetProperty("centreId").GetGuid()));

        using var super = await TestData.WithTokenAsync(Host, Demo.SuperAdmin);
        var all = await super.GetAsync($"/api/v1/admin/audit-log?entityId={northUser}");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.NotEmpty(all.Data.EnumerateArray());
    }

    [Fact]
    public async Task A_super_admin_moving_between_centres_shows_neither_centre_the_other()
    {
        using var north = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        using var river = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var northCentre = (await north.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();
        var riverCentre = (await river.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();
        using var super = await TestData.WithTokenAsync(Host, Demo.SuperAdmin);
        // To Riverside and back: each move changes the super admin's working centre from one centre to the other.
        Assert.Equal(HttpStatusCode.OK, (await super.PostAsync("/api/auth/switch-centre", new { centreId = riverCentre })).Status);
        Assert.Equal(HttpStatusCode.OK, (await super.PostAsync("/api/auth/switch-centre", new { centreId = northCentre })).Status);

        Assert.DoesNotContain(riverCentre.ToString(), (await north.GetAsync("/api/v1/admin/audit-log?limit=200")).Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(northCentre.ToString(), (await river.GetAsync("/api/v1/admin/audit-log?limit=200")).Body, StringComparison.OrdinalIgnoreCase);
        // The network's own log keeps the move, with both centres.
        var superId = (await super.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("id").GetGuid();
        var moves = await super.GetAsync($"/api/v1/admin/audit-log?entityType=AppUser&entityId={superId}&limit=200");
        Assert.Contains(moves.Data.EnumerateArray(), e => e.GetProperty("changes").TryGetProperty("centreId", out var c)
            && c.GetProperty("before").GetString() == riverCentre.ToString() && c.GetProperty("after").GetString() == northCentre.ToString());
    }
}

public sealed class AuditLogTestsOnSqlite(SqliteApp app) : AuditLogTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class AuditLogTestsOnPostgres(PostgresApp app) : AuditLogTests(() => app.Host), IClassFixture<PostgresApp>;
