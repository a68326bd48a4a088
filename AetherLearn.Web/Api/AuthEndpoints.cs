using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using AetherLearn.Web.Common;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

public sealed record SignInRequest([property: MaxLength(TextLimits.Email)] string? Email, [property: MaxLength(TextLimits.Password)] string? Password, [property: MaxLength(TextLimits.Code)] string? TwoFactorCode = null);
public sealed record SessionUser(Guid Id, string Name, string Email, IReadOnlyList<Role> Roles, Guid? CentreId, string? CentreName);
public sealed record SessionInfo(SessionUser User, bool TwoFactorSetupRequired);
public sealed record SwitchCentreRequest(Guid? CentreId);
public sealed record TwoFactorCodeRequest([property: MaxLength(TextLimits.Code)] string? Code);
public sealed record RecoveryCodes(IReadOnlyList<string> Codes);
public sealed record ForgotPasswordRequest([property: MaxLength(TextLimits.Email)] string? Email);
public sealed record ResetPasswordRequest([property: MaxLength(TextLimits.Email)] string? Email, [property: MaxLength(TextLimits.Token)] string? Token, [property: MaxLength(TextLimits.Password)] string? Password);
public sealed record Acknowledged(string Message);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");
        auth.MapPost("/signin", SignIn).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn);
        auth.MapPost("/signout", SignOut).AllowAnonymous();
        auth.MapGet("/session", GetSession).RequireAuthorization(Policies.Authenticated);
        auth.MapPost("/switch-centre", SwitchCentre).RequireAuthorization(Policies.SuperAdmin);
        auth.MapGet("/two-factor", GetTwoFactor).RequireAuthorization(Policies.Authenticated);
        auth.MapPost("/two-factor/enable", EnableTwoFactor).RequireAuthorization(Policies.Authenticated);
        auth.MapPost("/two-factor/disable", DisableTwoFactor).RequireAuthorization(Policies.Authenticated);

        var v1 = app.MapGroup("/api/v1/auth").WithTags("Authentication").AllowAnonymous().RequireRateLimiting(RateLimits.SignIn);
        v1.MapPost("/token", IssueToken);
        v1.MapPost("/forgot-password", ForgotPassword);
        v1.MapPost("/reset-password", ResetPassword);
        return app;
    }

    public static async Task<Results<Ok<ApiEnvelope<SessionInfo>>, JsonHttpResult<ApiEnvelope<object>>>> SignIn(
        SignInRequest request, HttpContext http, SignInService signIn, ICentreService centres, CancellationToken ct)
    {
        TextRules.Check(request);
        var outcome = await signIn.SignInAsync(request.Email, request.Password, request.TwoFactorCode, SessionKind.Cookie,
            http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(), ct);
        if (outcome.Status != SignInStatus.Succeeded) { return Failure(outcome); }
        await http.SignInAsync(AuthSchemes.Cookie, outcome.Principal!, new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Ok(Envelope.Of(await DescribeAsync(outcome.Principal!, centres, ct)));
    }

    public static async Task<Ok<ApiEnvelope<Acknowledged>>> SignOut(HttpContext http, SignInService signIn, CancellationToken ct)
    {
        await signIn.SignOutAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), ct);
        await http.SignOutAsync(AuthSchemes.Cookie);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Signed out")));
    }

    public static async Task<Ok<ApiEnvelope<SessionInfo>>> GetSession(HttpContext http, ICentreService centres, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await DescribeAsync(http.User, centres, ct)));

    public static async Task<Ok<ApiEnvelope<object>>> SwitchCentre(
        SwitchCentreRequest request, HttpContext http, SignInService signIn, TokenIssuer tokens, ICentreService centres, IUserSessions sessions, CancellationToken ct)
    {
        if (request.CentreId is not { } centreId) { throw Core.Common.Errors.DomainValidationException.For("centreId", "Centre is required"); }
        var principal = await signIn.SwitchCentreAsync(http.User.UserId()!.Value, http.User.SessionId()!.Value, centreId, ct);
        var session = await DescribeAsync(principal, centres, ct);
        if (http.Request.Headers.Authorization.Count > 0)
        {
            // A bearer client gets a fresh token that carries the new centre.
            var fresh = await sessions.StartAsync(principal.UserId()!.Value, SessionKind.Bearer, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(), ct);
            return TypedResults.Ok(Envelope.Of<object>(new { session, token = tokens.Issue(WithSession(principal, fresh.Id), fresh.ExpiresAt!.Value) }));
        }
        await http.SignInAsync(AuthSchemes.Cookie, principal);
        return TypedResults.Ok(Envelope.Of<object>(new { session }));
    }

    public static async Task<Ok<ApiEnvelope<TwoFactorStatus>>> GetTwoFactor(HttpContext http, TwoFactorService twoFactor, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await twoFactor.GetAsync(http.User.UserId()!.Value, ct)));

    public static async Task<Ok<ApiEnvelope<RecoveryCodes>>> EnableTwoFactor(
        TwoFactorCodeRequest request, HttpContext http, TwoFactorService twoFactor, SignInService signIn, CancellationToken ct)
    {
        TextRules.Check(request);
        var codes = await twoFactor.EnableAsync(http.User.UserId()!.Value, request.Code, ct);
        await RefreshCookieAsync(http, signIn, ct);
        return TypedResults.Ok(Envelope.Of(new RecoveryCodes(codes)));
    }

    public static async Task<Ok<ApiEnvelope<Acknowledged>>> DisableTwoFactor(TwoFactorCodeRequest request, HttpContext http, TwoFactorService twoFactor, CancellationToken ct)
    {
        TextRules.Check(request);
        await twoFactor.DisableAsync(http.User.UserId()!.Value, request.Code, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Two-factor authentication is off")));
    }

    public static async Task<Results<Ok<ApiEnvelope<TokenResponse>>, JsonHttpResult<ApiEnvelope<object>>>> IssueToken(
        SignInRequest request, HttpContext http, SignInService signIn, TokenIssuer tokens, CancellationToken ct)
    {
        TextRules.Check(request);
        var outcome = await signIn.SignInAsync(request.Email, request.Password, request.TwoFactorCode, SessionKind.Bearer,
            http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(), ct);
        if (outcome.Status != SignInStatus.Succeeded) { return Failure(outcome); }
        return TypedResults.Ok(Envelope.Of(tokens.Issue(outcome.Principal!, outcome.Session!.ExpiresAt!.Value)));
    }

    public static async Task<Ok<ApiEnvelope<Acknowledged>>> ForgotPassword(ForgotPasswordRequest request, HttpContext http, AccountRecovery recovery, CancellationToken ct)
    {
        TextRules.Check(request);
        await recovery.RequestResetAsync(request.Email, $"{http.Request.Scheme}://{http.Request.Host}", ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("If an account uses this address, a reset link is on its way")));
    }

    public static async Task<Ok<ApiEnvelope<Acknowledged>>> ResetPassword(ResetPasswordRequest request, AccountRecovery recovery, CancellationToken ct)
    {
        TextRules.Check(request);
        await recovery.ResetAsync(request.Email, request.Token, request.Password, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Password changed; sign in with the new one")));
    }

    internal static async Task RefreshCookieAsync(HttpContext http, SignInService signIn, CancellationToken ct)
    {
        if (http.Request.Headers.Authorization.Count > 0) { return; }
        if (await signIn.RefreshAsync(http.User, ct) is { } principal) { await http.SignInAsync(AuthSchemes.Cookie, principal); }
    }

    private static System.Security.Claims.ClaimsPrincipal WithSession(System.Security.Claims.ClaimsPrincipal principal, Guid sessionId)
    {
        var claims = principal.Claims.Where(c => c.Type != AetherClaims.Session).Append(new System.Security.Claims.Claim(AetherClaims.Session, sessionId.ToString()));
        return new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, "AetherLearn",
            System.Security.Claims.ClaimTypes.Name, System.Security.Claims.ClaimTypes.Role));
    }

    private static JsonHttpResult<ApiEnvelope<object>> Failure(SignInOutcome outcome)
    {
        var (status, details) = outcome.Status switch
        {
            SignInStatus.TwoFactorRequired => (401, new Dictionary<string, string> { ["twoFactorCode"] = "Required" }),
            SignInStatus.InvalidTwoFactorCode => (401, new Dictionary<string, string> { ["twoFactorCode"] = outcome.Message }),
            SignInStatus.LockedOut => (423, null),
            SignInStatus.Deactivated => (403, null),
            _ => (401, (Dictionary<string, string>?)null),
        };
        return TypedResults.Json(Envelope.Fail(outcome.Message, details), JsonSetup.Options, statusCode: status);
    }

    internal static async Task<SessionInfo> DescribeAsync(System.Security.Claims.ClaimsPrincipal user, ICentreService centres, CancellationToken ct)
    {
        var centreId = user.CentreId();
        var centre = centreId is { } id ? await centres.FindSummaryAsync(id, ct) : null;
        var role = user.AppRole();
        return new SessionInfo(
            new SessionUser(user.UserId()!.Value, user.Identity?.Name ?? "", user.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? "",
                role is { } r ? [r] : [], centreId, centre?.Name),
            user.HasClaim(c => c.Type == AetherClaims.TwoFactorSetupRequired));
    }
}
