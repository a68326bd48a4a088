using System.Security.Claims;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using AetherLearn.Data.Common;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace AetherLearn.Web.Identity;

public static class AuthSchemes
{
    /// <summary>Picks the bearer scheme when an Authorization header is sent, the cookie otherwise.</summary>
    public const string Smart = "Smart";
    public const string Cookie = "Cookie";
    public const string Bearer = "Bearer";
    /// <summary>The session cookie's name (the cross-site check looks for it).</summary>
    public const string CookieName = "aether.session";
}

public static class AuthSetup
{
    public static IServiceCollection AddAetherAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<UserSessionOptions>(configuration.GetSection("Auth"));
        services.Configure<SignInLimitOptions>(configuration.GetSection("Auth"));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountEmails>();
        services.AddSingleton<LockoutNotice>();

        services.AddIdentityCore<AppUser>(o =>
            {
                // OWASP ASVS 5: length, not composition (PasswordPolicy adds the common-password check).
                o.Password.RequiredLength = PasswordPolicy.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                // Identity's own lock-out (one counter per account, then every password refused) would let anyone lock
                // a chosen person out; SignInThrottle counts per address, per account and per pair instead.
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AetherDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PolicyPasswordValidator>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(1));

        services.AddDataProtection().SetApplicationName("AetherLearn").PersistKeysToDbContext<AetherDbContext>();

        services.AddAuthentication(AuthSchemes.Smart)
            .AddPolicyScheme(AuthSchemes.Smart, "Cookie or bearer", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? AuthSchemes.Bearer : AuthSchemes.Cookie)
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.Cookie.Name = AuthSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure or not: Common/SecurityHeaders (Secure outside Development unless Auth:SecureCookiesOnly says otherwise).
                // The server-side session (ADR 0005) decides idleness: a live lesson on one circuit makes no
                // HTTP requests, so a short cookie would sign a busy tutor out. The cookie only bounds the day.
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/access-denied";
            })
            .AddBearerToken(AuthSchemes.Bearer, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(configuration.GetValue("Auth:TokenLifetimeMinutes", 60));
                // The live-session socket takes its own short-lived, session-scoped token in the URL (Realtime/WsTokens),
                // so long-lived bearer tokens never appear in URLs or logs.
            });

        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Authenticated, p => p.RequireAuthenticatedUser());
        foreach (var (name, roles) in Policies.Roles)
        {
            // Every role policy also holds back staff whose centre requires two-factor until they set it up,
            // for pages as much as for the API (the plain "authenticated" policy stays open for the set-up itself).
            authorization.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString()))
                .AddRequirements(new TwoFactorSetDoneRequirement()));
        }
        services.AddSingleton<IAuthorizationHandler, TwoFactorSetDoneHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();

        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<IBackgroundIdentity>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<SignInService>();
        services.AddScoped<TokenIssuer>();
        services.AddScoped<AccountRecovery>();
        services.AddScoped<TwoFactorService>();
        services.AddScoped<CircuitHandler, CircuitUserHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        return services;
    }
}

/// <summary>Under /api an unauthenticated call is a 401 and a forbidden one a 403, both in the envelope; pages keep the redirects.</summary>
internal sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (ApiPaths.IsApi(context))
        {
            if (authorizeResult.Challenged) { await ApiPaths.WriteErrorAsync(context, 401, "Authentication required"); return; }
            if (authorizeResult.Forbidden && context.User.HasClaim(c => c.Type == AetherClaims.TwoFactorSetupRequired))
            {
                await TwoFactorSetupMiddleware.WriteSetupRequiredAsync(context);
                return;
            }
            if (authorizeResult.Forbidden) { await ApiPaths.WriteErrorAsync(context, 403, "You do not have permission to do this"); return; }
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>Identity's password check uses the same rules as account creation.</summary>
internal sealed class PolicyPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(PasswordPolicy.Check(password, user.Email) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = "Password", Description = problem })
            : IdentityResult.Success);
}

/// <summary>
/// A session that was signed out, timed out or revoked stops working at once: the request goes on as anonymous.
/// </summary>
internal sealed class SessionValidationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IUserSessions sessions)
    {
        if (context.User.Identity?.IsAuthenticated == true && !IsStaticAsset(context.Request.Path))
        {
            var sid = context.User.SessionId();
            if (sid is null || !await sessions.TouchAsync(sid.Value, context.RequestAborted))
            {
                if (!context.Request.Headers.Authorization.Any())
                {
                    await context.SignOutAsync(AuthSchemes.Cookie);
                }
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }
        await next(context);
    }

    private static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || Path.HasExtension(path.Value);
}

/// <summary>Until a staff member sets up the two-factor their centre requires, the API answers 403 outside the auth endpoints.</summary>
internal sealed class TwoFactorSetupMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(c => c.Type == AetherClaims.TwoFactorSetupRequired)
            && context.Request.Path.StartsWithSegments("/api/v1") && !context.Request.Path.StartsWithSegments("/api/v1/auth"))
        {
            await WriteSetupRequiredAsync(context);
            return;
        }
        await next(context);
    }

    public static Task WriteSetupRequiredAsync(HttpContext context) =>
        ApiPaths.WriteErrorAsync(context, 403, "Your centre requires two-factor authentication: set it up before continuing",
            new Dictionary<string, string> { ["twoFactor"] = "SETUP_REQUIRED" });
}

internal sealed class TwoFactorSetDoneRequirement : IAuthorizationRequirement;

/// <summary>Met unless the principal carries the "two-factor set-up required" claim.</summary>
internal sealed class TwoFactorSetDoneHandler : AuthorizationHandler<TwoFactorSetDoneRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TwoFactorSetDoneRequirement requirement)
    {
        if (!context.User.HasClaim(c => c.Type == AetherClaims.TwoFactorSetupRequired)) { context.Succeed(requirement); }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Re-checks the circuit's session every minute, so a signed-out, deactivated or idle user's open page stops
/// working. The check does not count as activity; the circuit handler records real interaction.
/// </summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : Microsoft.AspNetCore.Components.Server.RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.SessionId() is not { } sid) { return false; }
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IUserSessions>().IsAliveAsync(sid, cancellationToken);
    }
}
