namespace AetherLearn.Web.Common;

internal static class ApiPaths
{
    /// <summary>Requests answered in the JSON envelope, never with a redirect or an HTML page.</summary>
    public static bool IsApi(HttpContext context) => IsApi(context.Request.Path);

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/ws");

    public static Task WriteErrorAsync(HttpContext context, int status, string error, object? details = null)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(Envelope.Fail(error, details), JsonSetup.Options, contentType: "application/json; charset=utf-8");
    }

    public static string DescribeStatus(int status) => status switch
    {
        400 => "Bad request",
        401 => "Authentication required",
        403 => "You do not have permission to do this",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Request too large",
        415 => "Unsupported media type: send application/json",
        429 => "Too many requests",
        _ => status >= 500 ? "An unexpected error occurred" : "Request failed",
    };
}
