using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

public abstract class ApiConventionsTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    [Fact]
    public async Task Unauthenticated_calls_get_401_in_the_envelope_never_a_redirect()
    {
        using var client = Host.Client();
        var response = await client.GetAsync("/api/v1/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/json", response.ContentType);
        Assert.False(response.Success);
        Assert.Equal("Authentication required", response.Error);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Forbidden_calls_get_403_in_the_envelope()
    {
        using var student = await TestData.WithTokenAsync(Host, Demo.Email(Role.Student));
        var response = await student.GetAsync("/api/v1/users");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("You do not have permission to do this", response.Error);
    }

    [Fact]
    public async Task Unknown_api_routes_and_other_centres_records_are_404_envelopes()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var unknown = await admin.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.False(unknown.Success);

        using var riversideAdmin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var riversideUser = (await riversideAdmin.GetAsync("/api/v1/users?limit=1")).Data[0].GetProperty("id").GetGuid();
        var hidden = await admin.GetAsync($"/api/v1/users/{riversideUser}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal("User not found", hidden.Error);
    }

    [Fact]
    public async Task Validation_errors_are_keyed_by_camel_case_field()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var response = await admin.PostAsync("/api/v1/users", new { email = "not-an-email", name = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Validation failed", response.Error);
        Assert.Equal("Email is not a valid address", response.Details.GetProperty("email").GetString());
        Assert.Equal("Name is required", response.Details.GetProperty("name").GetString());
        Assert.Equal("Role is required", response.Details.GetProperty("role").GetString());
        Assert.True(response.Details.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Malformed_bodies_and_unknown_enum_values_are_clear_400s()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var garbage = await admin.PostAsync("/api/v1/users", "{ this is not json");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Equal("Request body is not valid", garbage.Error);

        var wizard = await admin.PostAsync("/api/v1/users", new { email = "w@x.test", name = "W", role = "WIZARD", password = TestData.StrongPassword });
        Assert.Equal(HttpStatusCode.BadRequest, wizard.Status);
        Assert.True(wizard.Details.TryGetProperty("role", out _));

        var badQuery = await admin.GetAsync("/api/v1/users?role=WIZARD");
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.Status);
        Assert.StartsWith("Must be one of RECEPTIONIST, TEACHER", badQuery.Details.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_envelope_and_optional_bodies_may_be_left_out()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        using var form = new StringContent("email=x&name=y", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await ApiResponse.ReadAsync(await admin.Http.PostAsync("/api/v1/users", form));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("Unsupported media type: send application/json", response.Error);

        using var student = await TestData.WithTokenAsync(Host, Demo.Email(Role.Student));
        var noBody = await ApiResponse.ReadAsync(await student.Http.PostAsync($"/api/v1/exercises/{Guid.NewGuid()}/start", null));
        Assert.Equal(HttpStatusCode.NotFound, noBody.Status);
        Assert.Equal("Exercise not found", noBody.Error);
    }

    [Fact]
    public async Task Enums_are_upper_snake_case_and_properties_camel_case()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var response = await admin.GetAsync("/api/v1/users?role=CENTRE_ADMIN");

        var first = response.Data[0];
        Assert.Equal("CENTRE_ADMIN", first.GetProperty("role").GetString());
        Assert.True(first.TryGetProperty("isActive", out _));
        Assert.True(first.TryGetProperty("lastSignInAt", out _));
    }

    [Fact]
    public async Task Tables_page_by_offset_with_totals()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var first = await admin.GetAsync("/api/v1/users?role=STUDENT&page=1&limit=4");
        var second = await admin.GetAsync("/api/v1/users?role=STUDENT&page=2&limit=4");

        var pagination = first.Root.GetProperty("pagination");
        Assert.Equal(1, pagination.GetProperty("page").GetInt32());
        Assert.Equal(4, pagination.GetProperty("limit").GetInt32());
        var total = pagination.GetProperty("total").GetInt32();
        Assert.True(total >= 6);
        Assert.Equal((int)Math.Ceiling(total / 4.0), pagination.GetProperty("totalPages").GetInt32());
        Assert.Equal(4, first.Data.GetArrayLength());
        var ids = first.Data.EnumerateArray().Concat(second.Data.EnumerateArray()).Select(u => u.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Timelines_page_by_cursor_without_gaps_or_repeats()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        for (var i = 0; i < 3; i++) { await TestData.CreateUserAsync(admin, Role.Student); }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await admin.GetAsync($"/api/v1/admin/audit-log?entityType=AppUser&action=CREATE&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(page.Data.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
            cursor = page.Root.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null && pages < 50);

        Assert.True(pages >= 2, "more than one page");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var all = await admin.GetAsync("/api/v1/admin/audit-log?entityType=AppUser&action=CREATE&limit=200");
        Assert.Equal(all.Data.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()), seen);
    }

    [Fact]
    public async Task The_openapi_document_and_reference_page_describe_the_api()
    {
        using var client = Host.Client();
        var document = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.Status);
        var paths = document.Root.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/users", "/api/v1/users/{id}", "/api/v1/centres", "/api/v1/centres/{id}/config", "/api/v1/admin/audit-log", "/api/auth/signin", "/api/v1/auth/token" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lists {path}");
        }
        var reference = await client.Http.GetAsync("/api-reference/");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("AetherLearn API", await reference.Content.ReadAsStringAsync());
    }
}

public sealed class ApiConventionsTestsOnSqlite(SqliteApp app) : ApiConventionsTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class ApiConventionsTestsOnPostgres(PostgresApp app) : ApiConventionsTests(() => app.Host), IClassFixture<PostgresApp>;
