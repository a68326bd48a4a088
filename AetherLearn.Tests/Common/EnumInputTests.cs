using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Web.Common;

namespace AetherLearn.Tests.Common;

/// <summary>
/// Issue #11 item 1: an enum anywhere in the API (bodies, nested members, lists, dictionary keys, query strings, route
/// values) is exactly one defined UPPER_SNAKE name. Combined names and numbers made values that are no member: saved,
/// then every read carrying them answered 500.
/// </summary>
public abstract class EnumInputTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    /// <summary>Written by background work (or by signing in) whatever the requests under test do.</summary>
    internal static readonly string[] Volatile =
        ["UserSession", "OutboxMessage", "OutboxDelivery", "Notification", "NotificationDelivery", "Leaderboard", "LeaderboardPlace", "PushServerKey"];

    [Fact]
    public async Task A_combined_role_is_refused_and_the_centre_list_the_user_and_their_session_still_read()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var (id, email) = await TestData.CreateUserAsync(admin, Role.Teacher);

        var combined = await admin.PatchAsync($"/api/v1/users/{id}", """{"role":"SUPERVISOR, PARENT"}""");
        Assert.Equal(HttpStatusCode.BadRequest, combined.Status);
        Assert.StartsWith("Must be one of RECEPTIONIST, TEACHER", combined.Details.GetProperty("role").GetString());
        var number = await admin.PatchAsync($"/api/v1/users/{id}", """{"role":"6"}""");
        Assert.Equal(HttpStatusCode.BadRequest, number.Status);
        Assert.True(number.Details.TryGetProperty("role", out _), number.ToString());

        var list = await admin.GetAsync("/api/v1/users?limit=100");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var user = await admin.GetAsync($"/api/v1/users/{id}");
        Assert.Equal(HttpStatusCode.OK, user.Status);
        Assert.Equal("TEACHER", user.Data.GetProperty("role").GetString());
        using var teacher = await TestData.SignedInAsync(Host, email, TestData.StrongPassword);
        var session = await teacher.GetAsync("/api/auth/session");
        Assert.Equal(HttpStatusCode.OK, session.Status);
        Assert.Equal("TEACHER", session.Data.GetProperty("user").GetProperty("roles")[0].GetString());
    }

    [Fact]
    public async Task A_combined_opening_day_and_preference_mode_are_refused_and_the_centre_and_preferences_still_read()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var centreId = (await admin.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();

        var day = await admin.SendAsync(HttpMethod.Patch, $"/api/v1/centres/{centreId}/config",
            """{"openingHours":[{"day":"FRIDAY, SATURDAY","opens":"09:00","closes":"17:00"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, day.Status);
        Assert.StartsWith("Must be one of SUNDAY, MONDAY", day.Details.GetProperty("openingHours[0].day").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/centres/{centreId}")).Status);

        var mode = await admin.PatchAsync("/api/v1/notifications/preferences", """{"categories":{"ACADEMIC":{"email":"OFF, DIGEST"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, mode.Status);
        Assert.True(mode.Details.TryGetProperty("categories.ACADEMIC.email", out _), mode.ToString());
        var key = await admin.PatchAsync("/api/v1/notifications/preferences", """{"categories":{"ACADEMIC, HOMEWORK":{"email":"OFF"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, key.Status);
        Assert.StartsWith("Must be one of ACADEMIC", key.Details.GetProperty("categories.ACADEMIC, HOMEWORK").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/notifications/preferences")).Status);
    }

    [Fact]
    public async Task Every_enum_of_every_endpoint_refuses_a_combined_name_a_number_and_an_unknown_name_and_stores_nothing()
    {
        // Bearer callers that between them pass every policy; the first one not refused by authorization is used.
        var callers = new List<ApiClient>();
        foreach (var email in new[] { Demo.Email(Role.SuperAdmin), Demo.Email(Role.Student), Demo.Email(Role.Parent) })
        {
            callers.Add(await TestData.WithTokenAsync(Host, email));
        }
        var before = await StoredState.ReadAsync(Host, Volatile);
        Assert.True(before.Count >= 20, $"only {before.Count} tables read");
        var problems = new List<string>();
        var swept = 0;

        foreach (var operation in ApiSurface.Operations(Host))
        {
            var cases = new List<(string Field, Type Enum, Func<string, Task<ApiResponse>> Send, bool JsonNumber)>();
            foreach (var field in operation.BodyType is { } body ? ApiSurface.Fields(body, t => ApiSurface.EnumOf(t) is not null) : [])
            {
                cases.Add((field.Path, ApiSurface.EnumOf(field.Type)!, v => Send(callers, operation, operation.Path(), field.Build(v).ToJsonString()), !field.IsKey));
            }
            foreach (var parameter in operation.QueryParameters.Where(p => ApiSurface.EnumOf(p.ParameterType) is not null))
            {
                cases.Add((parameter.Name!, ApiSurface.EnumOf(parameter.ParameterType)!,
                    v => Send(callers, operation, $"{operation.Path()}?{parameter.Name}={Uri.EscapeDataString(v)}", null), false));
            }
            foreach (var parameter in operation.RouteParameters.Where(p => ApiSurface.EnumOf(p.ParameterType) is not null))
            {
                cases.Add((parameter.Name!, ApiSurface.EnumOf(parameter.ParameterType)!, v => Send(callers, operation, operation.Path(parameter.Name, v), null), false));
            }

            foreach (var (field, enumType, send, _) in cases)
            {
                var names = EnumText.Names(enumType);
                var combined = names.Count > 1 ? $"{names[0]}, {names[1]}" : $"{names[0]}, {names[0]}";
                foreach (var bad in new[] { combined, names.Count > 1 ? "1" : "0", "NO_SUCH_VALUE" })
                {
                    swept++;
                    var response = await send(bad);
                    if (response.Status != HttpStatusCode.BadRequest || !Names(response, field))
                    {
                        problems.Add($"{operation} {field}=\"{bad}\": {response}");
                    }
                }
            }
            // A JSON number (not a string) for a body member.
            foreach (var field in operation.BodyType is { } b ? ApiSurface.Fields(b, t => ApiSurface.EnumOf(t) is not null).Where(f => !f.IsKey) : [])
            {
                swept++;
                var json = field.Build("__N__").ToJsonString().Replace("\"__N__\"", "1");
                var response = await Send(callers, operation, operation.Path(), json);
                if (response.Status != HttpStatusCode.BadRequest || !Names(response, field.Path)) { problems.Add($"{operation} {field.Path}=1: {response}"); }
            }
        }

        Assert.True(swept >= 30, $"only {swept} enum cases found: is the discovery broken?");
        Assert.True(problems.Count == 0, $"{problems.Count} of {swept} not refused with the field named:\n{string.Join('\n', problems)}");
        Assert.Empty(StoredState.Changed(before, await StoredState.ReadAsync(Host, Volatile)));
        foreach (var caller in callers) { caller.Dispose(); }
    }

    [Fact]
    public async Task The_openapi_document_lists_the_names_an_enum_accepts()
    {
        using var client = Host.Client();
        var schemas = (await client.GetAsync("/openapi/v1.json")).Root.GetProperty("components").GetProperty("schemas");
        var role = schemas.GetProperty("Role");
        Assert.Equal("string", role.GetProperty("type").GetString());
        Assert.Equal(EnumText.Names(typeof(Role)), role.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Contains("FRIDAY", schemas.GetProperty("DayOfWeek").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));

        var paths = (await client.GetAsync("/openapi/v1.json")).Root.GetProperty("paths");
        var users = paths.EnumerateObject().First(p => p.Name.TrimEnd('/') == "/api/v1/users").Value.GetProperty("get");
        var roleQuery = users.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "role");
        Assert.Equal(EnumText.Names(typeof(Role)), roleQuery.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    /// <summary>The details name the field: exactly, or (for a dictionary's key) the dictionary with the key after it.</summary>
    private static bool Names(ApiResponse response, string field) =>
        response.Root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
        && details.EnumerateObject().Any(p => p.Name == field || p.Name.StartsWith(field + ".", StringComparison.Ordinal) || p.Name.StartsWith(field + "[", StringComparison.Ordinal));

    internal static async Task<ApiResponse> Send(IReadOnlyList<ApiClient> callers, ApiOperation operation, string path, string? json)
    {
        ApiResponse? last = null;
        foreach (var caller in callers)
        {
            last = await caller.SendAsync(new HttpMethod(operation.Method), path, json);
            if (last.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)) { return last; }
        }
        return last!;
    }
}

public sealed class EnumInputTestsOnSqlite(SqliteApp app) : EnumInputTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class EnumInputTestsOnPostgres(PostgresApp app) : EnumInputTests(() => app.Host), IClassFixture<PostgresApp>;
