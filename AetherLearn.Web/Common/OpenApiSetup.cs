using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AetherLearn.Web.Common;

/// <summary>
/// The OpenAPI document third parties generate clients from (<c>/openapi/v1.json</c>). Summaries and descriptions
/// come from the XML comments of the named handlers (<c>&lt;summary&gt;</c> and <c>&lt;remarks&gt;</c>, read by the
/// OpenAPI source generator); this class adds what the handlers cannot say themselves: a stable operationId from the
/// handler's name, the security schemes and which operations need them, and the envelope on every error answer.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "cookie";
    public const string ErrorSchema = "ErrorEnvelope";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Authentication"] = "Bearer tokens for API clients, the browser's cookie session, two-factor sign-in and password reset.",
        ["Users"] = "The people of a centre: staff, students and parents.",
        ["Centres"] = "Centres and their settings (time zone, opening hours, branding, feature switches).",
        ["Administration"] = "The audit log, event and notification deliveries that gave up, and the centre's notification wording.",
        ["Content"] = "The course catalogue (courses, levels, units, lessons, exercises), content import and what a student does next.",
        ["Sessions"] = "Scheduled lessons: today's and upcoming sessions, enrolments, attendance, lesson plans and the live-session socket token.",
        ["Help requests"] = "A student's raised hand during a live session, and the tutor's answer to it.",
        ["Attempts"] = "A student working through an exercise: start, autosave, submit and read the marked result.",
        ["Homework"] = "Work set for a student with a due date.",
        ["Notifications"] = "A user's notifications, their delivery preferences, the live stream and push devices.",
        ["Gamification"] = "XP, levels, badges, streaks and leaderboards.",
    };

    /// <summary>The query values many operations share, described once.</summary>
    private static readonly Dictionary<string, string> ParameterDescriptions = new()
    {
        ["page"] = "Page number, from 1 (default 1).",
        ["limit"] = "How many items a page holds (the operation's default when absent).",
        ["cursor"] = "The `nextCursor` of the previous page; absent for the first page.",
        ["studentId"] = "The student asked about: a parent's own child, or a student of the centre for staff; a student asks for themselves without it.",
        ["centreId"] = "Super admins: the centre to read (others always read their own).",
    };

    public static IServiceCollection AddAetherOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddInputRules();
            o.AddSchemaTransformer(DescribeSchema);
            o.AddOperationTransformer(DescribeOperation);
            o.AddDocumentTransformer(DescribeDocument);
        });

    /// <summary>
    /// Numbers as the API writes them: the web JSON defaults also read numbers sent as strings, which the generator
    /// documents as <c>integer | string</c> with a pattern, so generated clients would type every count as either. The
    /// API always answers numbers; the document says so. Enums (UPPER_SNAKE names) are declared strings.
    /// </summary>
    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        if (context.JsonTypeInfo.Type.IsGenericType && context.JsonTypeInfo.Type.GetGenericTypeDefinition() == typeof(ApiEnvelope<>))
        {
            DescribeEnvelope(schema);
        }
        if (schema.Type is null && schema.Enum is { Count: > 0 } values && values.All(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            schema.Type = JsonSchemaType.String;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The success envelope's fields as the API writes them: each is left out when empty, <c>hasMore</c> included (the
    /// generator gives it <c>default: false</c>, which client generators read as "always present").
    /// </summary>
    private static void DescribeEnvelope(OpenApiSchema schema)
    {
        var descriptions = new Dictionary<string, string>
        {
            ["success"] = "True when the request did what it asked.",
            ["data"] = "The answer.",
            ["error"] = "Absent on success.",
            ["details"] = "Absent on success.",
            ["pagination"] = "Page lists only: the page, its size and the totals.",
            ["hasMore"] = "Cursor lists only: present (true) when another page follows.",
            ["nextCursor"] = "Cursor lists only: pass as `cursor` for the next page; absent on the last page.",
        };
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is not OpenApiSchema concrete || !descriptions.TryGetValue(name, out var description)) { continue; }
            concrete.Description ??= description;
            if (name == "hasMore") { concrete.Default = null; }
        }
    }

    /// <summary>
    /// The operationId from the handler's method name, the handler's own error answers, and the schemes an operation
    /// that needs a signed-in caller accepts.
    /// </summary>
    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        // An explicit name ([EndpointName] on the handler or WithName) wins; otherwise the handler's own name.
        var handler = metadata.OfType<MethodInfo>().LastOrDefault();
        if (string.IsNullOrEmpty(operation.OperationId) && handler is not null) { operation.OperationId = OperationIdOf(handler); }
        operation.Responses ??= new OpenApiResponses();
        foreach (var error in handler?.GetCustomAttributes<ErrorResponseAttribute>() ?? [])
        {
            operation.Responses[error.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse { Description = error.Description };
        }
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Description is null && parameter.In == ParameterLocation.Query && parameter.Name is { } name
                && ParameterDescriptions.TryGetValue(name, out var description))
            {
                parameter.Description = description;
            }
        }
        if (RequiresAuthentication(metadata))
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] },
            ];
        }
        return Task.CompletedTask;
    }

    /// <summary><c>ListUsers</c> → <c>listUsers</c>; <c>StreamAsync</c> → <c>stream</c>.</summary>
    public static string OperationIdOf(MethodInfo handler)
    {
        var name = handler.Name.EndsWith("Async", StringComparison.Ordinal) ? handler.Name[..^"Async".Length] : handler.Name;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>As the authorization middleware decides: any authorize data and no allow-anonymous.</summary>
    public static bool RequiresAuthentication(IList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "AetherLearn API",
            Version = "v1",
            Description = """
                The REST API of AetherLearn, the system a network of tutoring centres runs on.

                Sign in with `POST /api/v1/auth/token` (`{ email, password }`, plus `twoFactorCode` when the account has two-factor
                sign-in) and send the `accessToken` it returns as `Authorization: Bearer <token>`; a token belongs to one centre
                (a super admin changes centre with `POST /api/auth/switch-centre` and gets a new token).

                Every answer is the envelope `{ success, data?, error?, details?, pagination? }`: `data` on success, `error`
                (a sentence for people) and `details` (messages keyed by camelCase field, e.g. `branding.primaryColour`) on
                failure. Lists are pages (`page`, `limit`, and `pagination` in the answer) or, for timelines, cursors (`cursor`,
                `limit`, and `nextCursor`/`hasMore`). Enums are UPPER_SNAKE strings. Another centre's record answers 404.
                Requests are limited per address and per user each minute: a 429 carries `Retry-After` in seconds.
                """,
            Contact = new OpenApiContact { Name = "AetherLearn", Url = new Uri("https://aetherlearn.test/support"), Email = "support@aetherlearn.test" },
            License = new OpenApiLicense { Name = "Proprietary: for integrations of AetherLearn centres", Url = new Uri("https://aetherlearn.test/terms") },
        };

        // The generator writes the request's base address with a trailing slash, which paths would then double.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
            server.Description ??= "This server";
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The `accessToken` from `POST /api/v1/auth/token` (an opaque token, not a JWT), as `Authorization: Bearer <token>`.",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "aether.session",
            Description = "The browser session set by `POST /api/auth/signin` (the app's own pages); API clients use the bearer token.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchema] = ErrorEnvelope();

        var tags = new HashSet<string>();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                foreach (var tag in operation.Tags ?? new HashSet<OpenApiTagReference>()) { if (tag.Name is { } name) { tags.Add(name); } }
                DescribeErrors(path, operation, document);
            }
        }
        document.Tags = new HashSet<OpenApiTag>(tags.Order(StringComparer.Ordinal).Select(t =>
            new OpenApiTag { Name = t, Description = TagDescriptions.GetValueOrDefault(t, t) }));
        CheckOperationIds(document);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The error answers an operation can give, each with the envelope: 400 where it takes input (a body, a query, a
    /// path value other than an id), 401 and 403 where it
    /// needs a signed-in caller, 404 where the path names a record, 429 everywhere. Operation-specific ones (409, 423…)
    /// come from <see cref="ErrorResponseAttribute"/> on the handler and get the envelope here.
    /// </summary>
    private static void DescribeErrors(string path, OpenApiOperation operation, OpenApiDocument document)
    {
        operation.Responses ??= new OpenApiResponses();
        // A malformed id never reaches the handler (the route's guid constraint makes it a 404), so ids alone are no input.
        var takesInput = operation.RequestBody is not null
            || (operation.Parameters ?? []).Any(p => p.In == ParameterLocation.Query || (p.In == ParameterLocation.Path && p.Schema?.Format != "uuid"));
        if (takesInput) { Add(operation, "400", "The request is not valid: `error` says why and `details` names each field (camelCase) with its problem."); }
        if (operation.Security is { Count: > 0 })
        {
            Add(operation, "401", "No valid bearer token or session: sign in again.");
            Add(operation, "403", "The caller's role may not do this (or the centre requires two-factor sign-in to be set up first: `details.twoFactor` is `SETUP_REQUIRED`).");
        }
        if (path.Contains('{', StringComparison.Ordinal)) { Add(operation, "404", "No such record in the caller's centre (another centre's records are not found either)."); }
        Add(operation, "429", "Too many requests from this address or user this minute: wait for the `Retry-After` seconds.");

        foreach (var (status, response) in operation.Responses)
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse concrete && concrete.Content is not { Count: > 0 })
            {
                concrete.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(ErrorSchema, document) },
                };
                if (status == "429")
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    };
                }
            }
        }
    }

    private static void Add(OpenApiOperation operation, string status, string description)
    {
        if (!operation.Responses!.ContainsKey(status)) { operation.Responses[status] = new OpenApiResponse { Description = description }; }
    }

    private static OpenApiSchema ErrorEnvelope() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Every failed answer under /api (ADR 0008).",
        Required = new HashSet<string> { "success", "error" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Always false on an error.", Enum = [JsonValue.Create(false)] },
            ["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, in a sentence for people." },
            ["details"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Per-field problems, keyed by camelCase field (`email`, `branding.primaryColour`, `openingHours[0]`).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        },
    };

    /// <summary>
    /// Generated clients name their methods after operationIds, so two operations with one id would make one of them
    /// unreachable: the document refuses to be built instead (and a test reads every id).
    /// </summary>
    private static void CheckOperationIds(OpenApiDocument document)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
            {
                var where = $"{method.Method} {path}";
                if (string.IsNullOrEmpty(operation.OperationId)) { throw new InvalidOperationException($"{where} has no operationId: map it to a named static handler"); }
                if (!seen.TryAdd(operation.OperationId, where))
                {
                    throw new InvalidOperationException(
                        $"operationId '{operation.OperationId}' names both {seen[operation.OperationId]} and {where}: give one handler [EndpointName(\"…\")] (or rename it)");
                }
            }
        }
    }
}
