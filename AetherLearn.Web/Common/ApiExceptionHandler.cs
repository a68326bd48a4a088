using System.Text.Json;
using AetherLearn.Core.Common.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace AetherLearn.Web.Common;

/// <summary>Turns exceptions under /api into the contract's envelope; pages fall through to the error page.</summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page: judge by the path that failed.
        var failedPath = context.Features.Get<IExceptionHandlerFeature>()?.Path ?? context.Request.Path.Value ?? "";
        if (!ApiPaths.IsApi(failedPath) || context.Response.HasStarted) { return false; }
        var (status, error, details) = exception switch
        {
            DomainValidationException v => (400, v.Message, (object?)v.Details),
            NotFoundException n => (404, n.Message, null),
            ForbiddenException f => (403, f.Message, null),
            ConflictException c => (409, c.Message, null),
            BadHttpRequestException { InnerException: JsonException json } => (400, "Request body is not valid", Describe(json)),
            BadHttpRequestException bad when bad.StatusCode == 413 => (413, "Request too large", null),
            BadHttpRequestException bad when UnboundParameter(context, bad) is { } field => (400, "A query or route value has the wrong format", field),
            BadHttpRequestException bad => (bad.StatusCode, Readable(bad), null),
            _ => (500, "An unexpected error occurred", null),
        };
        if (status >= 500) { logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path); }
        await ApiPaths.WriteErrorAsync(context, status, error, details);
        return true;
    }

    private static Dictionary<string, string>? Describe(JsonException json)
    {
        // "$.role" → "role"; "$.childIds[1]" → "childIds[1]"
        // System.Text.Json quotes names that are not plain ("$.categories['ACADEMIC, HOMEWORK']"): dotted like the rest.
        var path = json.Path is null ? null : System.Text.RegularExpressions.Regex.Replace(json.Path, @"\['((?:[^']|'')*)'\]", ".$1").TrimStart('$').TrimStart('.');
        var problem = json is RefusedEnumValue refused ? refused.Expected : "Value has the wrong type or is not allowed";
        return string.IsNullOrEmpty(path) ? new() { ["body"] = "Body must be a JSON object" } : new() { [path] = problem };
    }

    /// <summary>
    /// A route or query value the binder refused (<c>Failed to bind parameter "EnumName&lt;Role&gt;? role" from "x"</c>):
    /// named by the handler's parameter, with the allowed names when it is an enum.
    /// </summary>
    private static Dictionary<string, string>? UnboundParameter(HttpContext context, BadHttpRequestException bad)
    {
        if (!bad.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal)) { return null; }
        // The handler middleware has cleared the endpoint for its re-execution; the feature keeps the one that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var method = endpoint?.Metadata.GetMetadata<System.Reflection.MethodInfo>();
        var parameter = method?.GetParameters().FirstOrDefault(p => p.Name is { } name && bad.Message.Contains($" {name}\" from", StringComparison.Ordinal));
        if (parameter?.Name is not { } field) { return null; }
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var enumType = type.IsEnum ? type : EnumName.EnumTypeOf(type);
        return new() { [field] = enumType is null ? "Value has the wrong format" : EnumText.Expected(enumType) };
    }

    private static string Readable(BadHttpRequestException bad) =>
        bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) || bad.Message.StartsWith("Failed to read", StringComparison.Ordinal)
            ? "Request body is missing or not JSON"
            : bad.Message.StartsWith("Failed to bind", StringComparison.Ordinal) ? "A query or route value has the wrong format" : "Bad request";
}

/// <summary>Gives an empty error response under /api (405, 415, 404 from routing…) the envelope body.</summary>
internal sealed class ApiStatusCodeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && ApiPaths.IsApi(context)
            && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            // No endpoint at all: say which route was asked for, so a client can spot a typo.
            var error = response.StatusCode == 404 && context.GetEndpoint() is null
                ? $"No API endpoint {context.Request.Method} {context.Request.Path}"
                : ApiPaths.DescribeStatus(response.StatusCode);
            await ApiPaths.WriteErrorAsync(context, response.StatusCode, error);
        }
    }
}
