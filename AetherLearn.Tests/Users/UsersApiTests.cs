using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Users;

public abstract class UsersApiTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    [Fact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var email = $"new.tutor.{Guid.NewGuid():N}@northside.aetherlearn.test";
        var created = await admin.PostAsync("/api/v1/users", new { email, name = "Nadia Tutor", role = "TEACHER", password = TestData.StrongPassword });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Data.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/users/{id}", created.Headers.Location?.ToString());
        Assert.Equal("TEACHER", created.Data.GetProperty("role").GetString());
        Assert.False(created.Data.TryGetProperty("passwordHash", out _));

        using var tutor = await TestData.SignedInAsync(Host, email, TestData.StrongPassword);
        Assert.Equal("Nadia Tutor", (await tutor.GetAsync($"/api/v1/users/{id}")).Data.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_e_mail_already_used_in_any_centre_is_refused()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var response = await admin.PostAsync("/api/v1/users", new { email = Demo.Email(Role.Teacher, Demo.Riverside), name = "Copy", role = "TEACHER", password = TestData.StrongPassword });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("An account with this e-mail already exists", response.Details.GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_centre_admin_cannot_create_admins_but_a_super_admin_can()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var refused = await admin.PostAsync("/api/v1/users", new { email = $"a-{Guid.NewGuid():N}@x.test", name = "Admin Two", role = "CENTRE_ADMIN", password = TestData.StrongPassword });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("You cannot create an account with this role", refused.Details.GetProperty("role").GetString());

        using var super = await TestData.WithTokenAsync(Host, Demo.SuperAdmin);
        var created = await super.PostAsync("/api/v1/users", new { email = $"a-{Guid.NewGuid():N}@x.test", name = "Admin Two", role = "CENTRE_ADMIN", password = TestData.StrongPassword });
        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    [Fact]
    public async Task Users_edit_their_own_name_but_not_their_role()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var (id, email) = await TestData.CreateUserAsync(admin, Role.Student);
        using var student = await TestData.WithTokenAsync(Host, email, TestData.StrongPassword);

        var renamed = await student.PatchAsync($"/api/v1/users/{id}", new { name = "Kai Renamed" });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal("Kai Renamed", renamed.Data.GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await student.PatchAsync($"/api/v1/users/{id}", new { role = "CENTRE_ADMIN" })).Status);
        var other = (await admin.GetAsync("/api/v1/users?role=STUDENT&limit=1")).Data[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync($"/api/v1/users/{other}")).Status);
    }

    [Fact]
    public async Task Parents_are_linked_to_students_of_their_own_centre_only()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var (parentId, _) = await TestData.CreateUserAsync(admin, Role.Parent);
        var (childId, _) = await TestData.CreateUserAsync(admin, Role.Student);
        using var riverside = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var foreignChild = (await riverside.GetAsync("/api/v1/users?role=STUDENT&limit=1")).Data[0].GetProperty("id").GetGuid();

        var linked = await admin.PatchAsync($"/api/v1/users/{parentId}", new { childIds = new[] { childId } });
        Assert.Equal(HttpStatusCode.OK, linked.Status);
        Assert.Equal(childId, linked.Data.GetProperty("children")[0].GetProperty("id").GetGuid());
        var student = await admin.GetAsync($"/api/v1/users/{childId}");
        Assert.Equal(parentId, student.Data.GetProperty("parents")[0].GetProperty("id").GetGuid());

        var refused = await admin.PatchAsync($"/api/v1/users/{parentId}", new { childIds = new[] { childId, foreignChild } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Every child must be a student of this centre", refused.Details.GetProperty("childIds").GetString());
    }

    [Fact]
    public async Task The_list_filters_by_search_role_and_status_within_the_centre()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var (id, _) = await TestData.CreateUserAsync(admin, Role.Supervisor);
        await admin.PatchAsync($"/api/v1/users/{id}", new { isActive = false, name = "Quentin Zebedee" });

        var search = await admin.GetAsync("/api/v1/users?search=zebedee");
        Assert.Equal(id, Assert.Single(search.Data.EnumerateArray()).GetProperty("id").GetGuid());
        var inactive = await admin.GetAsync("/api/v1/users?status=INACTIVE&role=SUPERVISOR");
        Assert.Contains(inactive.Data.EnumerateArray(), u => u.GetProperty("id").GetGuid() == id);
        Assert.All(inactive.Data.EnumerateArray(), u => Assert.False(u.GetProperty("isActive").GetBoolean()));

        var everyone = await admin.GetAsync("/api/v1/users?limit=100");
        Assert.DoesNotContain(everyone.Data.EnumerateArray(), u => u.GetProperty("email").GetString()!.EndsWith("@riverside.aetherlearn.test", StringComparison.Ordinal));
    }
}

public sealed class UsersApiTestsOnSqlite(SqliteApp app) : UsersApiTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class UsersApiTestsOnPostgres(PostgresApp app) : UsersApiTests(() => app.Host), IClassFixture<PostgresApp>;
