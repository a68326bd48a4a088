using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Common;

/// <summary>
/// Issue #11 item 6: every text field has a documented maximum (in OpenAPI too) and refuses control characters other
/// than tab and newline (CR only in CRLF), on both providers; 1 MB and NUL used to be stored (PostgreSQL then failed).
/// </summary>
public abstract class TextInputTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    private static readonly string Megabyte = new('x', 1024 * 1024);

    [Fact]
    public async Task Every_text_field_of_every_endpoint_refuses_a_megabyte_and_a_nul_and_stores_nothing()
    {
        var callers = new List<ApiClient>();
        foreach (var email in new[] { Demo.Email(Role.SuperAdmin), Demo.Email(Role.Student), Demo.Email(Role.Parent) })
        {
            callers.Add(await TestData.WithTokenAsync(Host, email));
        }
        var before = await StoredState.ReadAsync(Host, EnumInputTests.Volatile);
        Assert.True(before.Count >= 20, $"only {before.Count} tables read");
        var problems = new List<string>();
        var swept = 0;

        foreach (var operation in ApiSurface.Operations(Host).Where(o => o.BodyType is not null))
        {
            foreach (var field in ApiSurface.Fields(operation.BodyType!, t => t == typeof(string)))
            {
                foreach (var (label, bad) in new[] { ("1 MB", Megabyte), ("NUL", "a\u0000b"), ("ESC", "a\u001bb"), ("lone CR", "a\rb") })
                {
                    swept++;
                    var response = await EnumInputTests.Send(callers, operation, operation.Path(), field.Build(bad).ToJsonString());
                    var named = response.Root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                        && details.TryGetProperty(field.Path, out _);
                    if (response.Status != HttpStatusCode.BadRequest || !named)
                    {
                        problems.Add($"{operation} {field.Path} ({label}): {(response.Body.Length > 300 ? response.Body[..300] : response.Body)}");
                    }
                }
            }
        }

        Assert.True(swept >= 150, $"only {swept} text cases found: is the discovery broken?");
        Assert.True(problems.Count == 0, $"{problems.Count} of {swept} not refused with the field named:\n{string.Join('\n', problems)}");
        Assert.Empty(StoredState.Changed(before, await StoredState.ReadAsync(Host, EnumInputTests.Volatile)));
        foreach (var caller in callers) { caller.Dispose(); }
    }

    [Fact]
    public async Task Every_query_string_value_of_every_endpoint_refuses_a_nul_and_an_oversized_value()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.SuperAdmin));
        var problems = new List<string>();
        var swept = 0;
        foreach (var operation in ApiSurface.Operations(Host))
        {
            foreach (var parameter in operation.QueryParameters)
            {
                foreach (var bad in new[] { "a\u0000b", new string('q', TextLimits.QueryValue + 1) })
                {
                    swept++;
                    var response = await admin.SendAsync(new HttpMethod(operation.Method), $"{operation.Path()}?{parameter.Name}={Uri.EscapeDataString(bad)}", null);
                    if (response.Status != HttpStatusCode.BadRequest || !response.Details.TryGetProperty(parameter.Name!, out _))
                    {
                        problems.Add($"{operation} ?{parameter.Name}: {response}");
                    }
                }
            }
        }
        Assert.True(swept >= 20, $"only {swept} query cases found");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        // The case that answered 500 on PostgreSQL.
        var search = await admin.GetAsync("/api/v1/users?search=a%00b");
        Assert.Equal("Must not contain control characters (U+0000)", search.Details.GetProperty("search").GetString());
    }

    [Fact]
    public async Task Every_text_member_of_every_body_declares_its_maximum_and_openapi_shows_it()
    {
        var undeclared = ApiSurface.Operations(Host).Where(o => o.BodyType is not null)
            .SelectMany(o => ApiSurface.Fields(o.BodyType!, t => t == typeof(string)).Where(f => f.Member is not null).Select(f => (o, f)))
            .Where(x => x.f.Member!.GetCustomAttributes(typeof(MaxLengthAttribute), false).Length == 0)
            .Select(x => $"{x.o} {x.f.Path} ({x.f.Member!.DeclaringType!.Name}.{x.f.Member.Name})").Distinct().ToList();
        Assert.True(undeclared.Count == 0, $"text members without [MaxLength]:\n{string.Join('\n', undeclared)}");

        using var client = Host.Client();
        var schemas = (await client.GetAsync("/openapi/v1.json")).Root.GetProperty("components").GetProperty("schemas");
        Assert.Equal(TextLimits.Reason, schemas.GetProperty("CancelSessionRequest").GetProperty("properties").GetProperty("reason").GetProperty("maxLength").GetInt32());
        Assert.Equal(TextLimits.Url, schemas.GetProperty("Branding").GetProperty("properties").GetProperty("logoUrl").GetProperty("maxLength").GetInt32());
        Assert.Equal(TextLimits.Note, schemas.GetProperty("StudentProfileDto").GetProperty("properties").GetProperty("notes").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task A_cancel_reason_has_a_maximum_and_no_control_characters_but_keeps_tabs_and_browser_newlines()
    {
        using var supervisor = await TestData.WithTokenAsync(Host, Demo.Email(Role.Supervisor));
        var day = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd");
        var created = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Text rules", tutorId = await Academic.UserIdAsync(Host, Demo.Email(Role.Assessor)),
            startsAt = $"{day}T09:00:00", endsAt = $"{day}T10:00:00", capacity = 2,
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Data[0].GetProperty("id").GetGuid();

        foreach (var bad in new[] { new string('r', TextLimits.Reason + 1), Megabyte, "Snow\u0000day", "Snow\u0007day", "Snow\rday" })
        {
            var refused = await supervisor.SendAsync(HttpMethod.Delete, $"/api/v1/sessions/{id}", JsonSerializer.Serialize(new { reason = bad }));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.True(refused.Details.TryGetProperty("reason", out _), refused.ToString());
        }
        Assert.Equal("SCHEDULED", (await supervisor.GetAsync($"/api/v1/sessions/{id}")).Data.GetProperty("session").GetProperty("status").GetString());

        var start = "Snow day:\r\n\tthe roads are closed";
        var reason = start + new string('.', TextLimits.Reason - start.Length);
        Assert.Equal(TextLimits.Reason, reason.Length);
        var cancelled = await supervisor.SendAsync(HttpMethod.Delete, $"/api/v1/sessions/{id}", JsonSerializer.Serialize(new { reason }));
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal(reason, (await supervisor.GetAsync($"/api/v1/sessions/{id}")).Data.GetProperty("cancelReason").GetString());
    }

    [Fact]
    public async Task A_student_profile_refuses_oversized_and_control_text_field_by_field()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var (id, _) = await TestData.CreateUserAsync(admin, Role.Student);

        var refused = await admin.PatchAsync($"/api/v1/users/{id}", new
        {
            studentProfile = new { schoolYear = new string('9', TextLimits.SchoolYear + 1), schoolName = "North\u0000side", notes = Megabyte },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal($"Must be at most {TextLimits.SchoolYear} characters", refused.Details.GetProperty("studentProfile.schoolYear").GetString());
        Assert.Equal("Must not contain control characters (U+0000)", refused.Details.GetProperty("studentProfile.schoolName").GetString());
        Assert.Equal($"Must be at most {TextLimits.Note} characters", refused.Details.GetProperty("studentProfile.notes").GetString());
        await using (var db = Host.Db())
        {
            var profile = await db.StudentProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StudentId == id);
            Assert.True(profile is null || (profile.SchoolName is null && profile.Notes is null));
        }

        var notes = "Likes puzzles.\r\nNeeds\tlarge print.";
        var saved = await admin.PatchAsync($"/api/v1/users/{id}", new { studentProfile = new { schoolYear = "Year 7", schoolName = "Northside", notes } });
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal(notes, (await admin.GetAsync($"/api/v1/users/{id}")).Data.GetProperty("studentProfile").GetProperty("notes").GetString());
    }

    [Fact]
    public async Task A_centre_logo_url_and_branding_refuse_oversized_and_control_text()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var centreId = (await admin.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();
        var before = (await admin.GetAsync($"/api/v1/centres/{centreId}")).Data.GetProperty("config").GetProperty("branding").GetRawText();

        var refused = await admin.SendAsync(HttpMethod.Patch, $"/api/v1/centres/{centreId}/config", JsonSerializer.Serialize(new
        {
            branding = new { displayName = "North\u001fside", primaryColour = "#00695C", logoUrl = "https://example.org/" + Megabyte },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal($"Must be at most {TextLimits.Url} characters", refused.Details.GetProperty("branding.logoUrl").GetString());
        Assert.Equal("Must not contain control characters (U+001F)", refused.Details.GetProperty("branding.displayName").GetString());
        var nul = await admin.SendAsync(HttpMethod.Patch, $"/api/v1/centres/{centreId}/config",
            JsonSerializer.Serialize(new { branding = new { displayName = "Northside", primaryColour = "#00695C", logoUrl = "https://example.org/\u0000.png" } }));
        Assert.Equal(HttpStatusCode.BadRequest, nul.Status);
        Assert.True(nul.Details.TryGetProperty("branding.logoUrl", out _), nul.ToString());

        Assert.Equal(before, (await admin.GetAsync($"/api/v1/centres/{centreId}")).Data.GetProperty("config").GetProperty("branding").GetRawText());
    }
}

public sealed class TextInputTestsOnSqlite(SqliteApp app) : TextInputTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class TextInputTestsOnPostgres(PostgresApp app) : TextInputTests(() => app.Host), IClassFixture<PostgresApp>;
