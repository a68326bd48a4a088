using AetherLearn.Web.Common;

namespace AetherLearn.Web.Identity;

/// <summary>
/// A browser attaches the session cookie to requests another site's page makes, so every cookie-authenticated
/// request that changes something (any method but GET, HEAD, OPTIONS and TRACE) must come from this site's own pages:
/// a cross-site or same-site (a sibling subdomain) <c>Sec-Fetch-Site</c>, or an <c>Origin</c> other than this site's,
/// is refused with 403 (the envelope under /api). Bearer-token requests are not affected: no browser sends a token on
/// its own. A request with neither header is let through: every current browser sends <c>Origin</c> on a cross-site
/// POST, so it comes from a non-browser client (a script holding a cookie it was given), which cannot be forged
/// into acting for someone else. Forms also carry antiforgery tokens; this covers the endpoints without a body.
/// </summary>
internal sealed class CrossSiteRequestMiddleware(RequestDelegate next, IConfiguration configuration)
{
    // Behind a proxy that rewrites Host, the public address in App:BaseUrl is this site's origin too.
    private readonly string? _publicOrigin =
        Uri.TryCreate(configuration["App:BaseUrl"], UriKind.Absolute, out var baseUrl) ? baseUrl.GetLeftPart(UriPartial.Authority) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (ChangesState(request.Method) && CarriesSessionCookie(request) && !HasBearerToken(request) && IsCrossSite(request))
        {
            if (ApiPaths.IsApi(context))
            {
                await ApiPaths.WriteErrorAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused");
                return;
            }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("This request came from another site and was refused.", context.RequestAborted);
            return;
        }
        await next(context);
    }

    private static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static bool CarriesSessionCookie(HttpRequest request) =>
        request.Cookies.Keys.Any(k => k.StartsWith(AuthSchemes.CookieName, StringComparison.Ordinal));

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) { return true; }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) { return false; }
        return !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(origin, _publicOrigin, StringComparison.OrdinalIgnoreCase);
    }
}
