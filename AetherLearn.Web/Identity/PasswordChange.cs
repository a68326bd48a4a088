using System.Security.Claims;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace AetherLearn.Web.Identity;

/// <summary>
/// A signed-in person changes their own password: the current one is confirmed (counted like a sign-in), the new one
/// meets <see cref="PasswordPolicy"/>, and every other session ends (other browsers, bearer tokens), so whoever knew the
/// old password is out; the session that made the change stays signed in.
/// </summary>
public sealed class PasswordChange(UserManager<AppUser> users, PasswordConfirmation confirmation, IUserSessions sessions, SignInThrottle throttle)
{
    public async Task<PasswordCheckOutcome> ChangeAsync(ClaimsPrincipal who, string? currentPassword, string? newPassword, string? ip, CancellationToken ct = default)
    {
        TextRules.Check("currentPassword", currentPassword, TextLimits.Password);
        TextRules.Check("newPassword", newPassword, TextLimits.Password);
        if (who.UserId() is not { } userId || who.SessionId() is not { } sessionId) { throw new ForbiddenException("Sign in to change your password"); }
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new NotFoundException("User");
        // The policy is checked before the current password, so a weak new one is said without spending a guess.
        if (PasswordPolicy.Check(newPassword, user.Email) is { } problem) { throw DomainValidationException.For("newPassword", problem); }
        if (newPassword == currentPassword) { throw DomainValidationException.For("newPassword", "Choose a password different from your current one"); }

        var check = await confirmation.CheckAsync(user, currentPassword, ip, ct);
        if (check.Status != PasswordCheck.Right) { return check; }
        var result = await users.ChangePasswordAsync(user, currentPassword!, newPassword!);
        if (!result.Succeeded) { throw DomainValidationException.For("newPassword", result.Errors.First().Description); }
        // As after a reset: failures counted against the old password are forgotten, and every other device is signed out.
        throttle.Forget(SignInThrottle.AccountKey(user.Email));
        await sessions.EndOthersAsync(user.Id, sessionId, ct);
        return check;
    }
}
