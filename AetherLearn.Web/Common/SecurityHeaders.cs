using System.Security.Cryptography;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AetherLearn.Web.Common;

/// <summary>
/// The browser-facing hardening every response gets: a Content-Security-Policy, nosniff, a referrer policy and,
/// over TLS, HSTS; session cookies Secure outside Development; and Kestrel's own bare error answers given the
/// API envelope (<see cref="BareErrorEnvelope"/>). README "Security headers" describes the policy.
/// </summary>
internal static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Scalar's API reference page starts itself with an inline module script whose text is Scalar's, not ours, and
    /// shows only the OpenAPI document (no user content, no session data), so it alone may run inline script (and eval, which its bundle calls).
    /// Its typefaces come from Scalar's font host (the reference's default look).
    /// </summary>
    public const string ApiReferencePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data: https://fonts.scalar.com; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    /// <summary>A year, the value browsers' preload lists ask for; no includeSubDomains: other hosts of the school's domain are not ours to pin.</summary>
    public const string Hsts = "max-age=31536000";

    public static IServiceCollection AddAetherSecurity(this IServiceCollection services)
    {
        // Secure cookies unless running in Development (which serves plain http on localhost); Auth:SecureCookiesOnly
        // overrides either way (false for a plain-http lab install, true to insist in Development).
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie).PostConfigure<IConfiguration, IHostEnvironment>((o, configuration, environment) =>
            o.Cookie.SecurePolicy = SecureCookies(configuration, environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.AddOptions<AntiforgeryOptions>().PostConfigure<IConfiguration, IHostEnvironment>((o, configuration, environment) =>
            o.Cookie.SecurePolicy = SecureCookies(configuration, environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.Configure<KestrelServerOptions>(o => o.ConfigureEndpointDefaults(listen => listen.Use(BareErrorEnvelope.Wrap)));
        return services;
    }

    public static bool SecureCookies(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("Auth:SecureCookiesOnly", !environment.IsDevelopment());

    /// <summary>First in the pipeline, so error pages, status-code pages and static files carry the headers too.</summary>
    public static void UseSecurityHeaders(this WebApplication app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            // Not no-referrer: under it browsers send "Origin: null" on same-origin form posts, which the
            // Origin check on cookie-authenticated requests would refuse. Cross-origin gets the origin only,
            // so a reset link's token in the URL never leaves the site.
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = ApiPaths.IsApi(context) || context.Request.Path.StartsWithSegments("/openapi")
                ? ApiPolicy
                : context.Request.Path.StartsWithSegments("/api-reference") ? ApiReferencePolicy : PagePolicy(context);
            // Request.IsHttps also holds behind a trusted proxy that terminated TLS (X-Forwarded-Proto). Plain
            // http never gets it (a browser ignores it there), nor localhost, so a developer's browser is not pinned.
            if (context.Request.IsHttps && !IsLocalhost(context.Request.Host.Host)) { headers.StrictTransportSecurity = Hsts; }
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static bool IsLocalhost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host == "127.0.0.1" || host == "[::1]" || host == "::1";

    /// <summary>
    /// The pages' policy. Scripts only from this site, plus the one inline script .NET renders (the import map)
    /// by this response's nonce.
    /// <list type="bullet">
    /// <item>style-src 'unsafe-inline': MudBlazor writes style attributes on its components and its theme as a
    /// &lt;style&gt; element from the circuit; neither can carry a nonce or a fixed hash (and a nonce in style-src would
    /// switch 'unsafe-inline' off). Styles cannot run script, so this leaves script injection closed.</item>
    /// <item>img-src https: a centre's logo is an https address of the centre's choosing (branding), and data: is
    /// what MudBlazor's icons and QR codes (two-factor set-up) use.</item>
    /// <item>connect-src: the circuit's WebSocket on this host (ws: over http, wss: over https) and fetches here.</item>
    /// <item>worker-src 'self': the push service worker (wwwroot/push-worker.js).</item>
    /// </list>
    /// </summary>
    private static string PagePolicy(HttpContext context)
    {
        var host = context.Request.Host.Value;
        var socket = context.Request.IsHttps ? $"wss://{host}" : $"ws://{host}";
        var nonce = context.Items[NonceKey] is string n ? $" 'nonce-{n}'" : "";
        return $"default-src 'self'; script-src 'self'{nonce}; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
            + $"font-src 'self' data:; connect-src 'self' {socket}; worker-src 'self'; manifest-src 'self'; frame-src 'none'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";
    }

    private const string NonceKey = "aether.csp-nonce";

    /// <summary>This response's script nonce (created on first use; the policy names it only when a page asked for it).</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is string existing) { return existing; }
        // Hex, not Base64: a '+' or '/' would be written HTML-encoded in the attribute, and the page would show a nonce
        // that differs, as text, from the policy's.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }
}
