using System.Net;
using System.Text.Json;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

/// <summary>
/// A client GENERATED from the live document works: openapi-typescript turns <c>/openapi/v1.json</c> into types,
/// tsc type-checks <c>tools/openapi/client-check/main.ts</c> (openapi-fetch) against them, and node runs it against the
/// app: a wrong password answers the typed error envelope, then the tutor signs in with the token operation, sends
/// the token, and lists today's sessions.
/// </summary>
public abstract class OpenApiClientTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    [Fact]
    public async Task A_typescript_client_generated_from_the_document_signs_in_and_lists_todays_sessions()
    {
        var node = OpenApiTools.RequireNode();
        // Inside the tools folder, so the copy resolves openapi-fetch from its node_modules; one folder per run.
        var work = Path.Combine(OpenApiTools.Folder, ".run", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            using var client = Host.Client();
            var document = await client.Http.GetAsync("/openapi/v1.json");
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
            await File.WriteAllTextAsync(Path.Combine(work, "openapi.json"), await document.Content.ReadAsStringAsync());
            File.Copy(Path.Combine(OpenApiTools.Folder, "client-check", "main.ts"), Path.Combine(work, "main.ts"));

            var generate = await OpenApiTools.NodeAsync(node, work, OpenApiTools.Module("openapi-typescript/bin/cli.js"), "openapi.json", "--output", "schema.d.ts");
            Assert.True(generate.ExitCode == 0, $"openapi-typescript failed:\n{generate.All}");

            var check = await OpenApiTools.NodeAsync(node, work, OpenApiTools.Module("typescript/bin/tsc"),
                "--strict", "--noUncheckedIndexedAccess", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext",
                "--types", "node", "--typeRoots", OpenApiTools.Module("@types"), "--skipLibCheck", "--outDir", ".", "main.ts");
            Assert.True(check.ExitCode == 0, $"the client does not type-check against the generated types:\n{check.All}");

            var run = await OpenApiTools.NodeAsync(node, work, "main.js", Host.BaseAddress.ToString().TrimEnd('/'), Academic.Tutor, Demo.Password);
            Assert.True(run.ExitCode == 0, $"the generated client failed against the app:\n{run.All}");

            var result = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]).RootElement;
            Assert.Equal("Tom Becker", result.GetProperty("tutor").GetString());
            var sessions = result.GetProperty("sessions").EnumerateArray().ToList();
            Assert.Equal(["Maths club", "English workshop"], sessions.Select(s => s.GetProperty("title").GetString()));
            Assert.All(sessions, s => Assert.Equal("SCHEDULED", s.GetProperty("status").GetString()));
            using var tutor = Host.Client();
            await tutor.AuthenticateWithTokenAsync(Academic.Tutor);
            Assert.Equal(await Academic.TodaysMathsClubAsync(Host, tutor), sessions[0].GetProperty("id").GetGuid());
        }
        finally { Directory.Delete(work, recursive: true); }
    }
}

public sealed class OpenApiClientTestsOnSqlite(SqliteAcademicApp app) : OpenApiClientTests(() => app.Host), IClassFixture<SqliteAcademicApp>;

public sealed class OpenApiClientTestsOnPostgres(PostgresAcademicApp app) : OpenApiClientTests(() => app.Host), IClassFixture<PostgresAcademicApp>;
