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
public sealed record TwoFactorSetupRequest([property: MaxLength(TextLimits.Password)] string? Password);
public sealed record RecoveryCodes(IReadOnlyList<string> Codes);
public sealed record ForgotPasswordRequest([property: MaxLength(TextLimits.Email)] string? Email);
public sealed record ResetPasswordRequest([property: MaxLength(TextLimits.Email)] string? Email, [property: MaxLength(TextLimits.Token)] string? Token, [property: MaxLength(TextLimits.Password)] string? Password);
public sealed record Acknowledged(string Message);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");
        // Sign-in counts failed attempts itself (SignInThrottle): a request limiter would count successes too.
        auth.MapPost("/signin", SignIn).AllowAnonymous();
        auth.MapPost("/signout", SignOut).AllowAnonymous();
        auth.MapGet("/session", GetSession).RequireAuthorization(Policies.Authenticated);
        auth.MapPost("/switch-centre", SwitchCentre).RequireAuthorization(Policies.SuperAdmin);
        auth.MapGet("/two-factor", GetTwoFactor).RequireAuthorization(Policies.Authenticated);
        auth.MapPost("/two-factor/setup", ShowTwoFactorSetupKey).RequireAuthorization(Policies.Authenticated);
        auth.MapPost("/two-factor/enable", EnableTwoFactor).RequireAuthorization(Policies.Authenticated);
        auth.MapPost("/two-factor/disable", DisableTwoFactor).RequireAuthorization(Policies.Authenticated);

        var v1 = app.MapGroup("/api/v1/auth").WithTags("Authentication").AllowAnonymous();
        v1.MapPost("/token", IssueToken);
        v1.MapPost("/forgot-password", ForgotPassword).RequireRateLimiting(RateLimits.PasswordReset);
        v1.MapPost("/reset-password", ResetPassword).RequireRateLimiting(RateLimits.PasswordReset);
        return app;
    }

    /// <summary>Sign in for the browser session (cookie).</summary>
    /// <remarks>Checks the e-mail and password (and the authenticator or recovery code in <c>twoFactorCode</c> when the account has two-factor sign-in) and sets the <c>aether.session</c> cookie used by AetherLearn's own pages. API clients use <c>POST /api/v1/auth/token</c> instead. Limited per address like every sign-in.</remarks>
    [ErrorResponse(401, "Wrong e-mail or password, or a two-factor code is needed or wrong (`details.twoFactorCode`).")]
    [ErrorResponse(403, "The account is deactivated.")]
    public static async Task<Results<Ok<ApiEnvelope<SessionInfo>>, JsonHttpResult<ApiEnvelope<object>>>> SignIn(
        SignInRequest request, HttpContext http, SignInService signIn, ICentreService centres, CancellationToken ct)
    {
        TextRules.Check(request);
        var outcome = await signIn.SignInAsync(request.Email, request.Password, request.TwoFactorCode, SessionKind.Cookie,
            http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(), ct);
        if (outcome.Status != SignInStatus.Succeeded) { return Failure(outcome, http); }
        await http.SignInAsync(AuthSchemes.Cookie, outcome.Principal!, new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Ok(Envelope.Of(await DescribeAsync(outcome.Principal!, centres, ct)));
    }

    /// <summary>End the browser session.</summary>
    /// <remarks>Ends the server-side session behind the cookie (so the cookie no longer works anywhere) and clears it. Answers 200 also when nobody was signed in.</remarks>
    public static async Task<Ok<ApiEnvelope<Acknowledged>>> SignOut(HttpContext http, SignInService signIn, CancellationToken ct)
    {
        await signIn.SignOutAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), ct);
        await http.SignOutAsync(AuthSchemes.Cookie);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Signed out")));
    }

    /// <summary>Who is signed in: the caller, their role and centre.</summary>
    /// <remarks>The signed-in user (id, name, e-mail, role, centre) and whether their centre requires them to set up two-factor sign-in before doing anything else.</remarks>
    [EndpointName("getSignedInUser")]
    public static async Task<Ok<ApiEnvelope<SessionInfo>>> GetSession(HttpContext http, ICentreService centres, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await DescribeAsync(http.User, centres, ct)));

    /// <summary>Move a super admin to another centre.</summary>
    /// <remarks>Super admins only. With a bearer token the answer carries a new token for the chosen centre (use it from now on); with the cookie the session itself moves.</remarks>
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

    /// <summary>Whether the caller has two-factor sign-in.</summary>
    /// <remarks>Whether two-factor sign-in is on and how many recovery codes are left. Never the set-up key: that takes the password again (<c>POST /api/auth/two-factor/setup</c>), so a session left open on a shared computer does not hand it out.</remarks>
    public static async Task<Ok<ApiEnvelope<TwoFactorStatus>>> GetTwoFactor(HttpContext http, TwoFactorService twoFactor, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await twoFactor.GetWithoutKeyAsync(http.User.UserId()!.Value, ct)));

    /// <summary>The key to set up two-factor sign-in, for the caller's password.</summary>
    /// <remarks>While two-factor sign-in is off: the authenticator key and <c>otpauth://</c> URI to enrol an authenticator app, which <c>POST /api/auth/two-factor/enable</c> then confirms. Needs the caller's password again; a wrong one (400, <c>details.password</c>) is counted like a failed sign-in, and after several from one address even the right one is refused for a while.</remarks>
    public static async Task<Results<Ok<ApiEnvelope<TwoFactorStatus>>, JsonHttpResult<ApiEnvelope<object>>>> ShowTwoFactorSetupKey(
        TwoFactorSetupRequest request, HttpContext http, TwoFactorService twoFactor, CancellationToken ct)
    {
        TextRules.Check(request);
        var (check, status) = await twoFactor.ShowSetupKeyAsync(http.User.UserId()!.Value, request.Password, ct);
        if (check.Status == PasswordCheck.Throttled)
        {
            http.Response.Headers.RetryAfter = check.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Json(Envelope.Fail(check.Message, null), JsonSetup.Options, statusCode: StatusCodes.Status429TooManyRequests);
        }
        if (check.Status != PasswordCheck.Right) { throw Core.Common.Errors.DomainValidationException.For("password", check.Message); }
        return TypedResults.Ok(Envelope.Of(status!));
    }

    /// <summary>Turn on two-factor sign-in with a code from the authenticator app.</summary>
    /// <remarks>Confirms the authenticator app with one of its current codes and answers ten single-use recovery codes: show them to the user once, they are not shown again.</remarks>
    public static async Task<Ok<ApiEnvelope<RecoveryCodes>>> EnableTwoFactor(
        TwoFactorCodeRequest request, HttpContext http, TwoFactorService twoFactor, SignInService signIn, CancellationToken ct)
    {
        TextRules.Check(request);
        var codes = await twoFactor.EnableAsync(http.User.UserId()!.Value, request.Code, ct);
        await RefreshCookieAsync(http, signIn, ct);
        return TypedResults.Ok(Envelope.Of(new RecoveryCodes(codes)));
    }

    /// <summary>Turn off two-factor sign-in.</summary>
    /// <remarks>Needs a current code from the caller's authenticator app, so a session left open cannot switch it off. Staff of a centre that requires two-factor sign-in cannot turn it off (403).</remarks>
    public static async Task<Ok<ApiEnvelope<Acknowledged>>> DisableTwoFactor(TwoFactorCodeRequest request, HttpContext http, TwoFactorService twoFactor, CancellationToken ct)
    {
        TextRules.Check(request);
        await twoFactor.DisableAsync(http.User.UserId()!.Value, request.Code, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Two-factor authentication is off")));
    }

    /// <summary>Sign in and get a bearer token for the API.</summary>
    /// <remarks>The start of every API client: exchange an e-mail and password (and <c>twoFactorCode</c> for accounts with two-factor sign-in) for an access token; send it as <c>Authorization: Bearer {accessToken}</c> until <c>expiresAt</c>, then sign in again. Limited per address.</remarks>
    [ErrorResponse(401, "Wrong e-mail or password, or a two-factor code is needed or wrong (`details.twoFactorCode`).")]
    [ErrorResponse(403, "The account is deactivated.")]
    public static async Task<Results<Ok<ApiEnvelope<TokenResponse>>, JsonHttpResult<ApiEnvelope<object>>>> IssueToken(
        SignInRequest request, HttpContext http, SignInService signIn, TokenIssuer tokens, CancellationToken ct)
    {
        TextRules.Check(request);
        var outcome = await signIn.SignInAsync(request.Email, request.Password, request.TwoFactorCode, SessionKind.Bearer,
            http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(), ct);
        if (outcome.Status != SignInStatus.Succeeded) { return Failure(outcome, http); }
        return TypedResults.Ok(Envelope.Of(tokens.Issue(outcome.Principal!, outcome.Session!.ExpiresAt!.Value)));
    }

    /// <summary>Send a password-reset link by e-mail.</summary>
    /// <remarks>Always answers the same, whether or not an account uses the address, so it cannot be used to find accounts. The link in the e-mail carries the token for <c>POST /api/v1/auth/reset-password</c>.</remarks>
    public static async Task<Ok<ApiEnvelope<Acknowledged>>> ForgotPassword(ForgotPasswordRequest request, HttpContext http, AccountRecovery recovery, CancellationToken ct)
    {
        TextRules.Check(request);
        await recovery.RequestResetAsync(request.Email, $"{http.Request.Scheme}://{http.Request.Host}", ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("If an account uses this address, a reset link is on its way")));
    }

    /// <summary>Set a new password with the token from the reset e-mail.</summary>
    /// <remarks>The token is single-use and expires after an hour; the new password must meet the password policy (<c>details.password</c> says why not). Every session of the account ends.</remarks>
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

    private static JsonHttpResult<ApiEnvelope<object>> Failure(SignInOutcome outcome, HttpContext http)
    {
        if (outcome.Status == SignInStatus.Throttled) { http.Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        var (status, details) = outcome.Status switch
        {
            SignInStatus.TwoFactorRequired => (401, new Dictionary<string, string> { ["twoFactorCode"] = "Required" }),
            SignInStatus.InvalidTwoFactorCode => (401, new Dictionary<string, string> { ["twoFactorCode"] = outcome.Message }),
            SignInStatus.Throttled => (429, null),
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
