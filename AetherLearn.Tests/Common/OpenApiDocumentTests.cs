using System.Net;
using System.Reflection;
using System.Text.Json;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherLearn.Tests.Common;

/// <summary>
/// The OpenAPI document third parties generate clients from: ids, words, security and error answers for every
/// operation, checked against the app's own endpoints, and Spectral's <c>spectral:oas</c> ruleset with no finding.
/// The document does not depend on the database, so one SQLite app serves.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly string[] Anonymous = ["POST /api/auth/signin", "POST /api/auth/signout", "POST /api/v1/auth/token", "POST /api/v1/auth/forgot-password", "POST /api/v1/auth/reset-password"];

    private async Task<(string Raw, JsonElement Root)> DocumentAsync()
    {
        using var client = app.Host.Client();
        var response = await client.Http.GetAsync("/openapi/v1.json");
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, raw);
        return (raw, JsonDocument.Parse(raw).RootElement.Clone());
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement root) =>
        root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => (o.Name.ToUpperInvariant(), path.Name, o.Value)));

    /// <summary>The app's documented API endpoints: "METHOD /path" (route constraints dropped) → handler.</summary>
    private Dictionary<string, MethodInfo> Handlers()
    {
        var endpoints = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true });
        var handlers = new Dictionary<string, MethodInfo>();
        foreach (var endpoint in endpoints)
        {
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                _ => p.ToString(),
            }))));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                handlers[$"{method} {path}"] = endpoint.Metadata.OfType<MethodInfo>().Last();
            }
        }
        return handlers;
    }

    [Fact]
    public async Task Every_operation_has_a_unique_id_from_its_handler_and_says_what_it_does()
    {
        var (_, root) = await DocumentAsync();
        var handlers = Handlers();
        var operations = Operations(root).ToList();
        Assert.Equal(handlers.Keys.Order(), operations.Select(o => $"{o.Method} {o.Path}").Order());

        var problems = new List<string>();
        foreach (var (method, path, operation) in operations)
        {
            var where = $"{method} {path}";
            var id = operation.TryGetProperty("operationId", out var i) ? i.GetString() : null;
            var handler = handlers[where];
            var expected = handler.GetCustomAttribute<EndpointNameAttribute>()?.EndpointName ?? OpenApiSetup.OperationIdOf(handler);
            if (id != expected) { problems.Add($"{where}: operationId {id ?? "(none)"}, expected {expected} from {handler.DeclaringType!.Name}.{handler.Name}"); }
            var summary = operation.TryGetProperty("summary", out var s) ? s.GetString() : null;
            var description = operation.TryGetProperty("description", out var d) ? d.GetString() : null;
            if (string.IsNullOrWhiteSpace(summary)) { problems.Add($"{where}: no summary"); }
            // A summary that only splits the handler's name into words tells a caller nothing.
            else if (Words(summary) == Words(handler.Name)) { problems.Add($"{where}: the summary \"{summary}\" is only the handler's name"); }
            if (string.IsNullOrWhiteSpace(description)) { problems.Add($"{where}: no description"); }
            else if (description == summary) { problems.Add($"{where}: the description repeats the summary"); }
            // The XML comments' escapes reach the document as they are written: a reader would see "&lt;".
            if ($"{summary} {description}".Contains('&', StringComparison.Ordinal)) { problems.Add($"{where}: an XML escape in \"{summary} {description}\""); }
            if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0) { problems.Add($"{where}: no tag"); }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));

        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    private static string Words(string text) => new(text.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());

    [Fact]
    public async Task The_document_names_the_api_and_declares_the_bearer_and_cookie_schemes()
    {
        var (_, root) = await DocumentAsync();
        var info = root.GetProperty("info");
        Assert.Equal("AetherLearn API", info.GetProperty("title").GetString());
        Assert.Equal("v1", info.GetProperty("version").GetString());
        Assert.Contains("/api/v1/auth/token", info.GetProperty("description").GetString());
        Assert.True(info.GetProperty("contact").TryGetProperty("email", out _));
        Assert.True(info.GetProperty("license").TryGetProperty("name", out _));

        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("http", schemes.GetProperty("bearer").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("apiKey", schemes.GetProperty("cookie").GetProperty("type").GetString());
        Assert.Equal("cookie", schemes.GetProperty("cookie").GetProperty("in").GetString());
        Assert.Equal("aether.session", schemes.GetProperty("cookie").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Operations_that_need_a_signed_in_caller_require_the_bearer_or_cookie_scheme_and_anonymous_ones_none()
    {
        var (_, root) = await DocumentAsync();
        var problems = new List<string>();
        foreach (var (method, path, operation) in Operations(root))
        {
            var where = $"{method} {path}";
            var schemes = operation.TryGetProperty("security", out var security)
                ? security.EnumerateArray().Select(r => string.Join('+', r.EnumerateObject().Select(p => p.Name))).ToList()
                : [];
            var expected = Anonymous.Contains(where) ? [] : new List<string> { "bearer", "cookie" };
            if (!schemes.SequenceEqual(expected)) { problems.Add($"{where}: security [{string.Join(", ", schemes)}], expected [{string.Join(", ", expected)}]"); }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Error_answers_are_described_with_the_envelope_for_each_status_an_operation_can_give()
    {
        var (_, root) = await DocumentAsync();
        var envelope = root.GetProperty("components").GetProperty("schemas").GetProperty(OpenApiSetup.ErrorSchema);
        Assert.Equal(["success", "error", "details"], envelope.GetProperty("properties").EnumerateObject().Select(p => p.Name));

        var problems = new List<string>();
        foreach (var (method, path, operation) in Operations(root))
        {
            var where = $"{method} {path}";
            var responses = operation.GetProperty("responses");
            var expected = new List<string> { "429" };
            // Ids are guid-constrained routes (a malformed one is a 404); any other input can be refused with a 400.
            var takesInput = operation.TryGetProperty("requestBody", out _)
                || (operation.TryGetProperty("parameters", out var parameters) && parameters.EnumerateArray().Any(p =>
                    p.GetProperty("in").GetString() == "query"
                    || (p.GetProperty("schema").TryGetProperty("format", out var format) ? format.GetString() : null) != "uuid"));
            if (takesInput) { expected.Add("400"); }
            if (!Anonymous.Contains(where)) { expected.AddRange(["401", "403"]); }
            if (path.Contains('{')) { expected.Add("404"); }
            foreach (var status in expected)
            {
                if (!responses.TryGetProperty(status, out var response)) { problems.Add($"{where}: no {status}"); continue; }
                var reference = response.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json)
                    ? json.GetProperty("schema").GetProperty("$ref").GetString() : null;
                if (reference != $"#/components/schemas/{OpenApiSetup.ErrorSchema}") { problems.Add($"{where}: {status} is not the error envelope ({reference})"); }
            }
            foreach (var success in responses.EnumerateObject().Where(r => r.Name.StartsWith('2') && r.Name != "204"))
            {
                // Generated clients read `data` from the success envelope.
                var schema = success.Value.TryGetProperty("content", out var c) && c.TryGetProperty("application/json", out var j) ? j.GetProperty("schema") : default;
                if (schema.ValueKind == JsonValueKind.Undefined && where == "GET /api/v1/notifications/stream") { continue; }
                var name = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var r) ? r.GetString()!.Split('/')[^1] : null;
                if (name is null || !root.GetProperty("components").GetProperty("schemas").GetProperty(name).GetProperty("properties").TryGetProperty("data", out _))
                {
                    problems.Add($"{where}: {success.Name} does not describe the envelope with data");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));

        // Operation-specific answers are there too, with the envelope.
        var paths = root.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/sessions/{id}/enrollments").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _), "enrolling can conflict");
        Assert.True(paths.GetProperty("/api/v1/auth/token").GetProperty("post").GetProperty("responses").TryGetProperty("401", out _), "a wrong password is a 401");
    }

    [Fact]
    public async Task Spectral_finds_nothing_in_the_document_with_the_oas_ruleset()
    {
        var node = OpenApiTools.RequireNode();
        var (raw, _) = await DocumentAsync();
        var file = Path.Combine(Path.GetTempPath(), "aether-tests", $"openapi-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, raw);
        try
        {
            var run = await OpenApiTools.NodeAsync(node, OpenApiTools.Folder, OpenApiTools.Module("@stoplight/spectral-cli/dist/index.js"),
                "lint", file, "--ruleset", Path.Combine(OpenApiTools.Folder, ".spectral.yaml"), "--format", "json", "--fail-severity", "hint", "--quiet");
            var start = run.Output.IndexOf('[');
            Assert.True(start >= 0, $"Spectral gave no JSON (exit {run.ExitCode}): {run.All}");
            var findings = JsonDocument.Parse(run.Output[start..]).RootElement.EnumerateArray().Select(f =>
                $"{Severity(f.GetProperty("severity").GetInt32())} {f.GetProperty("code").GetString()} at {string.Join('.', f.GetProperty("path").EnumerateArray().Select(p => p.ToString()))}: {f.GetProperty("message").GetString()}").ToList();
            Assert.True(findings.Count == 0, $"Spectral (spectral:oas) found {findings.Count} problem(s):\n{string.Join('\n', findings)}");
            Assert.Equal(0, run.ExitCode);
        }
        finally { File.Delete(file); }
    }

    private static string Severity(int level) => level switch { 0 => "error", 1 => "warning", 2 => "info", _ => "hint" };

    [Fact]
    public async Task Two_handlers_with_one_name_stop_the_document_naming_both_routes()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAetherOpenApi();
        await using var clash = builder.Build();
        clash.MapOpenApi();
        clash.MapGet("/api/v1/first", FirstModule.Start);
        clash.MapPost("/api/v1/second", SecondModule.Start);
        await clash.StartAsync();
        var address = clash.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var response = await http.GetAsync("/openapi/v1.json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("operationId 'start' names both GET /api/v1/first and POST /api/v1/second", body);
        await clash.StopAsync();
    }

    private static class FirstModule
    {
        public static string Start() => "first";
    }

    private static class SecondModule
    {
        public static string Start() => "second";
    }
}
