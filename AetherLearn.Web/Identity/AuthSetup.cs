using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using AetherLearn.Data.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace AetherLearn.Web.Identity;

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
        services.AddScoped<PasswordConfirmation>();
        services.AddScoped<PasswordChange>();
        services.AddScoped<TwoFactorService>();
        services.AddScoped<CircuitHandler, CircuitUserHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        return services;
    }
}
