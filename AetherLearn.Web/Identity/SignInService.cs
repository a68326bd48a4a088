using System.Security.Claims;
using AetherLearn.Core.Audit;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace AetherLearn.Web.Identity;

public enum SignInStatus
{
    Succeeded,
    InvalidCredentials,
    Deactivated,
    LockedOut,
    TwoFactorRequired,
    InvalidTwoFactorCode,
}

public sealed record SignInOutcome(SignInStatus Status, ClaimsPrincipal? Principal = null, UserSession? Session = null, DateTimeOffset? LockedUntil = null)
{
    public string Message => Status switch
    {
        SignInStatus.InvalidCredentials => "E-mail or password is incorrect",
        SignInStatus.Deactivated => "This account has been deactivated; please contact your centre",
        SignInStatus.LockedOut => $"Too many failed attempts. Try again after {LockedUntil:HH:mm} UTC",
        SignInStatus.TwoFactorRequired => "Enter the code from your authenticator app",
        SignInStatus.InvalidTwoFactorCode => "The authenticator code is not correct",
        _ => "Signed in",
    };
}

/// <summary>
/// Checks credentials (counting failures towards lock-out), the second factor, and opens a server-side
/// session. Used by the sign-in page, the cookie API and the bearer token API alike.
/// </summary>
public sealed class SignInService(
    UserManager<AppUser> users,
    IUserSessions sessions,
    ICentreService centres,
    IAuditLog audit,
    TimeProvider clock)
{
    public async Task<SignInOutcome> SignInAsync(string? email, string? password, string? twoFactorCode, SessionKind kind, string? ip, string? userAgent, CancellationToken ct = default)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null || string.IsNullOrEmpty(password))
        {
            await audit.RecordAsync(AuditAction.SignInFailed, null, AsRecordedEmail(email), null, ip, ct);
            return new SignInOutcome(SignInStatus.InvalidCredentials);
        }
        if (await users.IsLockedOutAsync(user))
        {
            await audit.RecordAsync(AuditAction.SignInFailed, user.Id, user.Email, user.CentreId, ip, ct);
            return new SignInOutcome(SignInStatus.LockedOut, LockedUntil: user.LockoutEnd);
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            return await FailAsync(user, SignInStatus.InvalidCredentials, ip, ct);
        }
        if (!user.IsActive)
        {
            await audit.RecordAsync(AuditAction.SignInFailed, user.Id, user.Email, user.CentreId, ip, ct);
            return new SignInOutcome(SignInStatus.Deactivated);
        }
        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(twoFactorCode)) { return new SignInOutcome(SignInStatus.TwoFactorRequired); }
            var code = twoFactorCode.Replace(" ", "").Replace("-", "");
            var valid = await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code)
                || (code.Length > 6 && (await users.RedeemTwoFactorRecoveryCodeAsync(user, twoFactorCode.Trim())).Succeeded);
            if (!valid) { return await FailAsync(user, SignInStatus.InvalidTwoFactorCode, ip, ct); }
        }

        await users.ResetAccessFailedCountAsync(user);
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

    private async Task<SignInOutcome> FailAsync(AppUser user, SignInStatus status, string? ip, CancellationToken ct)
    {
        await users.AccessFailedAsync(user);
        await audit.RecordAsync(AuditAction.SignInFailed, user.Id, user.Email, user.CentreId, ip, ct);
        if (await users.IsLockedOutAsync(user))
        {
            await audit.RecordAsync(AuditAction.LockedOut, user.Id, user.Email, user.CentreId, ip, ct);
            return new SignInOutcome(SignInStatus.LockedOut, LockedUntil: user.LockoutEnd);
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
