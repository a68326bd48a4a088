using AetherLearn.Core.Audit;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Identity;

public enum PasswordCheck
{
    Right,
    Wrong,
    /// <summary>The address spent its failed-sign-in budget for the minute.</summary>
    Throttled,
}

public sealed record PasswordCheckOutcome(PasswordCheck Status, TimeSpan RetryAfter = default)
{
    public int RetryAfterSeconds => (int)Math.Max(1, Math.Ceiling(RetryAfter.TotalSeconds));

    public string Message => Status switch
    {
        PasswordCheck.Wrong => "Your current password is not correct",
        PasswordCheck.Throttled => $"Too many failed attempts from your network; try again in {RetryAfterSeconds} seconds",
        _ => "Password confirmed",
    };
}

/// <summary>
/// A signed-in person typing their password again (to change it, or to see a two-factor set-up key). Counted exactly
/// like a sign-in (README "Sign-in and lock-out policy"): a wrong password spends the address's budget, counts towards
/// the pause of that address on the account (which then answers "wrong" even to the right password) and the account's
/// slow-down, so an open session left on a lab PC is never an unlimited way to guess the password.
/// </summary>
public sealed class PasswordConfirmation(
    UserManager<AppUser> users, SignInThrottle throttle, LockoutNotice lockoutNotice, IAuditLog audit, IOptionsMonitor<SignInLimitOptions> limits, TimeProvider clock)
{
    public async Task<PasswordCheckOutcome> CheckAsync(AppUser user, string? password, string? ip, CancellationToken ct = default)
    {
        var (lease, retryAfter) = await throttle.TryBeginAsync(ip, ct);
        if (lease is null) { return new PasswordCheckOutcome(PasswordCheck.Throttled, retryAfter); }
        var failed = true;
        try
        {
            var account = SignInThrottle.AccountKey(user.Email);
            if (throttle.SlowdownFor(account) is { } wait && wait > TimeSpan.Zero) { await Task.Delay(wait, clock, ct); }
            var right = !string.IsNullOrEmpty(password) && await users.CheckPasswordAsync(user, password);
            if (!right || throttle.IsPaused(ip, account))
            {
                await audit.RecordAsync(AuditAction.SignInFailed, user.Id, user.Email, user.CentreId, ip, ct);
                if (throttle.RecordFailure(ip, account))
                {
                    await audit.RecordAsync(AuditAction.LockedOut, user.Id, user.Email, user.CentreId, ip, ct);
                    lockoutNotice.Send(user, ip, limits.CurrentValue.LockoutMinutes);
                }
                return new PasswordCheckOutcome(PasswordCheck.Wrong);
            }
            failed = false;
            return new PasswordCheckOutcome(PasswordCheck.Right);
        }
        finally { lease.Complete(failed); }
    }
}
