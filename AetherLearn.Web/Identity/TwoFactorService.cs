using System.Text;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace AetherLearn.Web.Identity;

/// <summary>The key and URI are given only while two-factor is off (during set-up), so a stolen session cannot copy a live second factor.</summary>
public sealed record TwoFactorStatus(bool Enabled, bool RequiredByCentre, string? SharedKey, string? AuthenticatorUri, int RecoveryCodesLeft);

/// <summary>
/// Authenticator-app (TOTP) two-factor set-up for the signed-in user. Each call opens its own scope,
/// so a Blazor page using it never holds Identity's database context; the scope acts as the caller.
/// </summary>
public sealed class TwoFactorService(IServiceScopeFactory scopes, CurrentUser currentUser)
{
    private AsyncServiceScope NewScope()
    {
        var scope = scopes.CreateAsyncScope();
        // Changes made in the new scope are audited as the person who made them.
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(currentUser.Principal, currentUser.IpAddress);
        return scope;
    }

    /// <summary>Whether two-factor is on, with the set-up key while it is off (the API's status).</summary>
    public async Task<TwoFactorStatus> GetAsync(Guid userId, CancellationToken ct = default)
    {
        await using var scope = NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await StatusAsync(scope.ServiceProvider, users, await FindAsync(users, userId), withKey: true, ct);
    }

    /// <summary>Whether two-factor is on, never with the key: what the security page shows until the person asks to set it up.</summary>
    public async Task<TwoFactorStatus> GetWithoutKeyAsync(Guid userId, CancellationToken ct = default)
    {
        await using var scope = NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await StatusAsync(scope.ServiceProvider, users, await FindAsync(users, userId), withKey: false, ct);
    }

    /// <summary>
    /// The set-up key, once the person has typed their password again: a session left open on a shared PC does not
    /// hand anyone a second factor to copy. A wrong password is counted like a failed sign-in (<see cref="PasswordConfirmation"/>).
    /// </summary>
    public async Task<(PasswordCheckOutcome Check, TwoFactorStatus? Status)> ShowSetupKeyAsync(Guid userId, string? password, CancellationToken ct = default)
    {
        Core.Common.TextRules.Check("password", password, Core.Common.TextLimits.Password);
        await using var scope = NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await FindAsync(users, userId);
        var check = await scope.ServiceProvider.GetRequiredService<PasswordConfirmation>().CheckAsync(user, password, currentUser.IpAddress, ct);
        if (check.Status != PasswordCheck.Right) { return (check, null); }
        return (check, await StatusAsync(scope.ServiceProvider, users, user, withKey: true, ct));
    }

    private static async Task<TwoFactorStatus> StatusAsync(IServiceProvider services, UserManager<AppUser> users, AppUser user, bool withKey, CancellationToken ct)
    {
        var required = await RequiredByCentreAsync(services, user, ct);
        if (user.TwoFactorEnabled || !withKey)
        {
            return new TwoFactorStatus(user.TwoFactorEnabled, required, null, null, await users.CountRecoveryCodesAsync(user));
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString("AetherLearn")}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=AetherLearn&digits=6";
        return new TwoFactorStatus(user.TwoFactorEnabled, required, FormatKey(key!), uri, await users.CountRecoveryCodesAsync(user));
    }

    /// <summary>Turns two-factor on once the app's first code checks out; returns ten one-time recovery codes.</summary>
    public async Task<IReadOnlyList<string>> EnableAsync(Guid userId, string? code, CancellationToken ct = default)
    {
        await using var scope = NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await FindAsync(users, userId);
        // Codes are used up as at sign-in, so one seen over a shoulder during set-up cannot sign in afterwards.
        if (!await AuthenticatorCodes.RedeemAsync(users, user, code))
        {
            throw DomainValidationException.For("code", "The code is not correct; check the time on your phone and try the newest code");
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
    }

    /// <summary>Turning it off needs a current code, so a stolen session alone cannot remove the second factor.</summary>
    public async Task DisableAsync(Guid userId, string? code, CancellationToken ct = default)
    {
        await using var scope = NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await FindAsync(users, userId);
        if (!user.TwoFactorEnabled) { return; }
        if (await RequiredByCentreAsync(scope.ServiceProvider, user, ct))
        {
            throw new ForbiddenException("Your centre requires two-factor authentication for staff");
        }
        if (!await AuthenticatorCodes.RedeemAsync(users, user, code))
        {
            throw DomainValidationException.For("code", "Enter the current code from your authenticator app to turn two-factor sign-in off");
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key starts its own count of used steps.
        user.LastTotpStep = null;
        await users.ResetAuthenticatorKeyAsync(user);
    }

    /// <summary>The otpauth URI as an SVG QR code for the authenticator app to scan.</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(5);
    }

    private static async Task<AppUser> FindAsync(UserManager<AppUser> users, Guid userId) =>
        await users.FindByIdAsync(userId.ToString()) ?? throw new NotFoundException("User");

    private static async Task<bool> RequiredByCentreAsync(IServiceProvider services, AppUser user, CancellationToken ct) =>
        RoleRanks.IsStaff(user.Role)
        && (await services.GetRequiredService<ICentreService>().FindConfigAsync(user.CentreId, ct))?.RequireTwoFactorForStaff == true;

    private static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) { result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' '); }
        return result.ToString().TrimEnd().ToLowerInvariant();
    }
}
