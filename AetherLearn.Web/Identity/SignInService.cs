using System.Net;
using AetherLearn.Core.Common;
using System.Security.Claims;
using AetherLearn.Core.Audit;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Integrations;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Identity;

public enum SignInStatus
{
    Succeeded,
    InvalidCredentials,
    Deactivated,
    TwoFactorRequired,
    InvalidTwoFactorCode,
    /// <summary>The address spent its failed-sign-in budget for the minute (429).</summary>
    Throttled,
}

public sealed record SignInOutcome(SignInStatus Status, ClaimsPrincipal? Principal = null, StartedSession? Session = null, TimeSpan? RetryAfter = null)
{
    public int RetryAfterSeconds => (int)Math.Max(1, Math.Ceiling((RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds));

    public string Message => Status switch
    {
        // One message for an unknown e-mail, a wrong password and a paused account, so none can be told apart.
        SignInStatus.InvalidCredentials => "E-mail or password is incorrect",
        SignInStatus.Deactivated => "This account has been deactivated; please contact your centre",
        SignInStatus.TwoFactorRequired => "Enter the code from your authenticator app",
        SignInStatus.InvalidTwoFactorCode => "The authenticator code is not correct",
        SignInStatus.Throttled => $"Too many failed sign-ins from your network; try again in {RetryAfterSeconds} seconds",
        _ => "Signed in",
    };
}

/// <summary>
/// Checks credentials, the second factor, and opens a server-side session. Used by the sign-in page, the cookie API
/// and the bearer token API alike. Failures are counted by <see cref="SignInThrottle"/> (README "Sign-in and lock-out
/// policy"): an unknown e-mail, a wrong password and a paused account answer alike, after the same password-hash work.
/// </summary>
public sealed class SignInService(
    UserManager<AppUser> users,
    IUserSessions sessions,
    ICentreService centres,
    IAuditLog audit,
    SignInThrottle throttle,
    LockoutNotice lockoutNotice,
    IOptionsMonitor<SignInLimitOptions> limits,
    TimeProvider clock)
{
    // Hashed once per process with the app's own hasher and settings, so checking against it costs what a real check costs.
    private static string? s_dummyHash;
    private static readonly AppUser DummyUser = new() { DisplayName = "", UserName = "", Email = "" };

    public async Task<SignInOutcome> SignInAsync(string? email, string? password, string? twoFactorCode, SessionKind kind, string? ip, string? userAgent, CancellationToken ct = default)
    {
        var (lease, retryAfter) = await throttle.TryBeginAsync(ip, ct);
        if (lease is null) { return new SignInOutcome(SignInStatus.Throttled, RetryAfter: retryAfter); }
        var outcome = new SignInOutcome(SignInStatus.InvalidCredentials);
        try
        {
            outcome = await CheckAsync(email, password, twoFactorCode, kind, ip, userAgent, ct);
            return outcome;
        }
        finally { lease.Complete(failed: outcome.Status is SignInStatus.InvalidCredentials or SignInStatus.InvalidTwoFactorCode); }
    }

    private async Task<SignInOutcome> CheckAsync(string? email, string? password, string? twoFactorCode, SessionKind kind, string? ip, string? userAgent, CancellationToken ct)
    {
        var account = SignInThrottle.AccountKey(email);
        if (throttle.SlowdownFor(account) is { } wait && wait > TimeSpan.Zero) { await Task.Delay(wait, clock, ct); }

        // An address no account can have (too long, control characters: PostgreSQL refuses NUL) is simply unknown.
        var user = string.IsNullOrWhiteSpace(email) || TextRules.Problem(email, TextLimits.Email) is not null ? null : await users.FindByEmailAsync(email.Trim());
        // Exactly one password hash per attempt, whatever the account: the answer's timing must not tell them apart.
        bool passwordRight;
        if (user is not null && !string.IsNullOrEmpty(password)) { passwordRight = await users.CheckPasswordAsync(user, password); }
        else
        {
            CheckAgainstDummy(password);
            passwordRight = false;
        }
        if (!passwordRight || throttle.IsPaused(ip, account))
        {
            return await FailAsync(user, email, account, SignInStatus.InvalidCredentials, ip, ct);
        }
        if (!user!.IsActive)
        {
            await audit.RecordAsync(AuditAction.SignInFailed, user.Id, user.Email, user.CentreId, ip, ct);
            return new SignInOutcome(SignInStatus.Deactivated);
        }
        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(twoFactorCode)) { return new SignInOutcome(SignInStatus.TwoFactorRequired); }
            var code = twoFactorCode.Replace(" ", "").Replace("-", "");
            var valid = await AuthenticatorCodes.RedeemAsync(users, user, code)
                || (code.Length > 6 && (await users.RedeemTwoFactorRecoveryCodeAsync(user, twoFactorCode.Trim())).Succeeded);
            if (!valid) { return await FailAsync(user, email, account, SignInStatus.InvalidTwoFactorCode, ip, ct); }
        }

        throttle.Succeeded(ip, account);
        user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        var session = await sessions.StartAsync(user.Id, kind, ip, userAgent, ct);
        await audit.RecordAsync(AuditAction.SignIn, user.Id, user.Email, user.CentreId, ip, ct);
        return new SignInOutcome(SignInStatus.Succeeded, await BuildPrincipalAsync(user, session.Id, ct), session);
    }

    /// <summary>A super admin moves to another centre; the caller re-issues the cookie or token with the returned principal.</summary>
    public async Task<ClaimsPrincipal> SwitchCentreAsync(Guid userId, Guid sessionId, Guid centreId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new Core.Common.Errors.NotFoundException("User");
        if (user.Role != Role.SuperAdmin) { throw new Core.Common.Errors.ForbiddenException("Only a super admin can switch centre"); }
        var centre = await centres.FindSummaryAsync(centreId, ct) ?? throw new Core.Common.Errors.NotFoundException("Centre");
        user.CentreId = centre.Id;
        await users.UpdateAsync(user);
        return await BuildPrincipalAsync(user, sessionId, ct);
    }

    /// <summary>The principal rebuilt from the database for the same session (after two-factor set-up, say).</summary>
    public async Task<ClaimsPrincipal?> RefreshAsync(ClaimsPrincipal current, CancellationToken ct = default)
    {
        if (current.UserId() is not { } id || current.SessionId() is not { } sid) { return null; }
        var user = await users.FindByIdAsync(id.ToString());
        return user is { IsActive: true } ? await BuildPrincipalAsync(user, sid, ct) : null;
    }

    public async Task SignOutAsync(ClaimsPrincipal principal, string? ip, CancellationToken ct = default)
    {
        if (principal.SessionId() is { } sid) { await sessions.EndAsync(sid, ct); }
        if (principal.UserId() is { } id)
        {
            await audit.RecordAsync(AuditAction.SignOut, id, principal.FindFirstValue(ClaimTypes.Email), principal.CentreId(), ip, ct);
        }
    }

    // What someone typed into the e-mail box is sometimes their password: record it only if it is an address.
    private static string? AsRecordedEmail(string? typed)
    {
        var text = typed?.Trim();
        return !string.IsNullOrEmpty(text) && text.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(text, out var parsed) && parsed.Address == text
            ? text : "(not an e-mail address)";
    }

    private void CheckAgainstDummy(string? password)
    {
        var hash = s_dummyHash ??= users.PasswordHasher.HashPassword(DummyUser, Guid.NewGuid().ToString());
        _ = users.PasswordHasher.VerifyHashedPassword(DummyUser, hash, password ?? "");
    }

    private async Task<SignInOutcome> FailAsync(AppUser? user, string? email, string account, SignInStatus status, string? ip, CancellationToken ct)
    {
        var pauseStarts = throttle.RecordFailure(ip, account);
        await audit.RecordAsync(AuditAction.SignInFailed, user?.Id, user?.Email ?? AsRecordedEmail(email), user?.CentreId, ip, ct);
        if (pauseStarts && user is not null)
        {
            await audit.RecordAsync(AuditAction.LockedOut, user.Id, user.Email, user.CentreId, ip, ct);
            lockoutNotice.Send(user, ip, limits.CurrentValue.LockoutMinutes);
        }
        return new SignInOutcome(status);
    }

    private async Task<ClaimsPrincipal> BuildPrincipalAsync(AppUser user, Guid sessionId, CancellationToken ct)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email!),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(AetherClaims.Centre, user.CentreId.ToString()),
            new(AetherClaims.Session, sessionId.ToString()),
        };
        if (RoleRanks.IsStaff(user.Role) && !user.TwoFactorEnabled)
        {
            var centre = await centres.FindConfigAsync(user.CentreId, ct);
            if (centre?.RequireTwoFactorForStaff == true) { claims.Add(new Claim(AetherClaims.TwoFactorSetupRequired, "true")); }
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "AetherLearn", ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>
/// E-mails that only an existing account gets (a reset link, a sign-in pause notice), sent after the answer and not
/// awaited by it: how long the answer takes must not reveal that the address has an account (a mail server can take
/// seconds). A send that fails is logged; the person can ask again.
/// </summary>
public sealed class AccountEmails(IEmailSender email, ILogger<AccountEmails> logger)
{
    public void SendInBackground(EmailMessage message, string what) => _ = Task.Run(async () =>
    {
        try { await email.SendAsync(message, CancellationToken.None); }
        catch (Exception ex) { logger.LogWarning(ex, "The {What} e-mail could not be sent", what); }
    });
}

/// <summary>Tells an account's owner that sign-in from an address was paused after repeated failures.</summary>
public sealed class LockoutNotice(AccountEmails emails)
{
    public void Send(AppUser user, string? address, int minutes)
    {
        var name = WebUtility.HtmlEncode(user.DisplayName);
        var from = address ?? "an unknown address";
        var message = new EmailMessage(
            user.Email!,
            "Sign-in to your AetherLearn account was paused",
            $"<p>Hello {name},</p><p>There were several failed attempts to sign in to your AetherLearn account from the address " +
            $"{WebUtility.HtmlEncode(from)}, so sign-in to your account from that address is paused for {minutes} minutes. " +
            "You can still sign in from anywhere else.</p><p>If it was not you, nobody got in; choosing a new password " +
            "(\"Forgot your password?\" on the sign-in page) and turning on two-factor sign-in keeps it that way.</p>",
            $"Hello {user.DisplayName},\n\nThere were several failed attempts to sign in to your AetherLearn account from the address {from}, " +
            $"so sign-in to your account from that address is paused for {minutes} minutes. You can still sign in from anywhere else.\n\n" +
            "If it was not you, nobody got in; choosing a new password (\"Forgot your password?\" on the sign-in page) and turning on " +
            "two-factor sign-in keeps it that way.");
        emails.SendInBackground(message, "sign-in pause notice");
    }
}
