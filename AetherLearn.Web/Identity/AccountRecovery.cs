using System.Net;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Integrations;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace AetherLearn.Web.Identity;

/// <summary>Forgotten passwords: a single-use, one-hour link sent through the e-mail adapter.</summary>
public sealed class AccountRecovery(
    UserManager<AppUser> users, IUserSessions sessions, SignInThrottle throttle, AccountEmails emails, IConfiguration configuration, IHostEnvironment environment, ILogger<AccountRecovery> logger)
{
    /// <summary>Always looks the same to the caller, so it does not reveal which addresses have accounts.</summary>
    public async Task RequestResetAsync(string? address, string requestBaseUrl, CancellationToken ct = default)
    {
        TextRules.Check("email", address, TextLimits.Email);
        new Validator().Email("email", address?.Trim()).ThrowIfInvalid();
        var user = await users.FindByEmailAsync(address!.Trim());
        if (user is null || !user.IsActive)
        {
            logger.LogInformation("Password reset asked for an unknown or inactive address");
            return;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        // Outside Development the link never comes from the request's Host header, which a caller controls
        // (start-up refuses to run without App:BaseUrl there).
        var baseUrl = configuration["App:BaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/')
            : environment.IsDevelopment() ? requestBaseUrl.TrimEnd('/')
            : throw new InvalidOperationException("App:BaseUrl is not configured");
        var link = $"{baseUrl}/account/reset-password?email={Uri.EscapeDataString(user.Email!)}&token={WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token))}";
        var name = WebUtility.HtmlEncode(user.DisplayName);
        emails.SendInBackground(new EmailMessage(
            user.Email!,
            "Reset your AetherLearn password",
            $"<p>Hello {name},</p><p>Someone asked to reset the password of your AetherLearn account. " +
            $"<a href=\"{WebUtility.HtmlEncode(link)}\">Choose a new password</a>. The link works once, for one hour.</p>" +
            "<p>If it was not you, ignore this e-mail; your password stays as it is.</p>",
            $"Hello {user.DisplayName},\n\nSomeone asked to reset the password of your AetherLearn account.\n" +
            $"Choose a new password here (the link works once, for one hour):\n{link}\n\nIf it was not you, ignore this e-mail."), "password reset");
    }

    public async Task ResetAsync(string? address, string? token, string? newPassword, CancellationToken ct = default)
    {
        TextRules.Check("email", address, TextLimits.Email);
        var v = new Validator().Email("email", address?.Trim()).Require("token", token, "Token", 4000);
        if (PasswordPolicy.Check(newPassword, address) is { } problem) { v.Check(false, "password", problem); }
        v.ThrowIfInvalid();
        var user = await users.FindByEmailAsync(address!.Trim());
        string decoded;
        try { decoded = System.Text.Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token!)); }
        catch (FormatException) { throw DomainValidationException.For("token", "This reset link is not valid or has expired"); }
        if (user is null) { throw DomainValidationException.For("token", "This reset link is not valid or has expired"); }
        var result = await users.ResetPasswordAsync(user, decoded, newPassword!);
        if (!result.Succeeded)
        {
            throw DomainValidationException.For(result.Errors.Any(e => e.Code == "InvalidToken") ? "token" : "password",
                result.Errors.Any(e => e.Code == "InvalidToken") ? "This reset link is not valid or has expired" : result.Errors.First().Description);
        }
        // A reset also lifts every sign-in pause and slow-down on the account, and signs out every device
        // (whoever knew the old password is out).
        throttle.Forget(SignInThrottle.AccountKey(user.Email));
        await sessions.EndAllAsync(user.Id, ct);
    }
}
