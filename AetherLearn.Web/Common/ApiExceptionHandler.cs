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
        var path = json.Path?.TrimStart('$').TrimStart('.');
        return string.IsNullOrEmpty(path) ? new() { ["body"] = "Body must be a JSON object" } : new() { [path] = "Value has the wrong type or is not allowed" };
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
