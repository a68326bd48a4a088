using System.Collections.Concurrent;
using System.Net;
using AetherLearn.Core.Centres;
using AetherLearn.Web.Common;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Identity;

/// <summary>The sign-in and lock-out policy's numbers (README "Sign-in and lock-out policy").</summary>
public sealed class SignInLimitOptions
{
    /// <summary>Failed sign-ins from one address on one account before that address is paused for that account.</summary>
    public int LockoutMaxFailures { get; set; } = 5;
    /// <summary>How long such a pause lasts, and how long failures are remembered.</summary>
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Failures on one account from all addresses together before every attempt on it is slowed down.</summary>
    public int SlowdownAfterFailures { get; set; } = 10;
    /// <summary>The longest that slow-down makes an answer wait.</summary>
    public int SlowdownMaxSeconds { get; set; } = 5;
}

/// <summary>
/// Counts failed sign-ins per address, per account and per address-and-account pair, in memory (so a restart forgets
/// them, and each node of a cluster counts its own). Only failures count: a lab of 40 children signing in at once
/// from one address spends none of the address's budget. Accounts are keyed by the normalised e-mail typed, whether
/// or not an account has it, so unknown addresses are paused and slowed exactly like real ones.
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<SignInLimitOptions> options, IOptionsMonitor<RateLimitOptions> rates, CentreNetworks networks, TimeProvider clock)
{
    private const int PruneAbove = 20_000;
    private readonly ConcurrentDictionary<string, AddressWindow> _addresses = new();
    private readonly ConcurrentDictionary<string, FailureCount> _pairs = new();
    private readonly ConcurrentDictionary<string, FailureCount> _accounts = new();

    /// <summary>
    /// Holds one place in the address's failure budget for this attempt (so parallel attempts cannot overshoot);
    /// null with the wait when the address has spent its budget for this minute.
    /// </summary>
    public async Task<(AddressLease? Lease, TimeSpan RetryAfter)> TryBeginAsync(string? address, CancellationToken ct)
    {
        var key = address ?? "unknown";
        var budget = await networks.IsListedAsync(address, ct) ? rates.CurrentValue.SignInNetworkPerMinute : rates.CurrentValue.SignInPerMinute;
        var now = clock.GetUtcNow();
        Prune(_addresses, w => now - w.Start >= TimeSpan.FromMinutes(1));
        var window = _addresses.GetOrAdd(key, _ => new AddressWindow(now));
        lock (window)
        {
            if (now - window.Start >= TimeSpan.FromMinutes(1)) { (window.Start, window.Failures) = (now, 0); }
            if (window.Failures + window.Pending >= Math.Max(1, budget)) { return (null, window.Start.AddMinutes(1) - now); }
            window.Pending++;
        }
        return (new AddressLease(window), TimeSpan.Zero);
    }

    /// <summary>True while this address is paused for this account (it failed too often on it).</summary>
    public bool IsPaused(string? address, string account)
    {
        var o = options.CurrentValue;
        return _pairs.TryGetValue(PairKey(address, account), out var pair) && pair.Read(clock.GetUtcNow(), o.LockoutMinutes) >= o.LockoutMaxFailures;
    }

    /// <summary>How long to hold the answer for an account that is failing from everywhere (the same for real and unknown ones).</summary>
    public TimeSpan SlowdownFor(string account)
    {
        var o = options.CurrentValue;
        if (!_accounts.TryGetValue(account, out var count)) { return TimeSpan.Zero; }
        var beyond = count.Read(clock.GetUtcNow(), o.LockoutMinutes) - o.SlowdownAfterFailures;
        return beyond < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(beyond + 1, o.SlowdownMaxSeconds));
    }

    /// <summary>Counts a failure on the account from the address; true when this failure starts a pause (the owner is told).</summary>
    public bool RecordFailure(string? address, string account)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow();
        Prune(_pairs, c => c.IsStale(now, o.LockoutMinutes));
        Prune(_accounts, c => c.IsStale(now, o.LockoutMinutes));
        _accounts.GetOrAdd(account, _ => new FailureCount()).Add(now, o.LockoutMinutes);
        return _pairs.GetOrAdd(PairKey(address, account), _ => new FailureCount()).Add(now, o.LockoutMinutes) == o.LockoutMaxFailures;
    }

    /// <summary>
    /// A successful sign-in lifts any pause of its own address on the account; other addresses' pauses stay, so the
    /// owner signing in does not hand an attacker elsewhere a fresh set of guesses.
    /// </summary>
    public void Succeeded(string? address, string account) => _pairs.TryRemove(PairKey(address, account), out _);

    /// <summary>A password reset clears every failure counted on the account (whoever was guessing, the old password is gone).</summary>
    public void Forget(string account)
    {
        _accounts.TryRemove(account, out _);
        foreach (var key in _pairs.Keys.Where(k => k.EndsWith("|" + account, StringComparison.Ordinal))) { _pairs.TryRemove(key, out _); }
    }

    /// <summary>The key an e-mail is counted under (the same normalisation Identity uses to find the account).</summary>
    public static string AccountKey(string? email) => (email ?? "").Trim().ToUpperInvariant();

    private static string PairKey(string? address, string account) => $"{address ?? "unknown"}|{account}";

    private static void Prune<T>(ConcurrentDictionary<string, T> entries, Func<T, bool> stale)
    {
        // Many random e-mails or addresses must not grow memory without bound.
        if (entries.Count <= PruneAbove) { return; }
        foreach (var (key, value) in entries) { if (stale(value)) { entries.TryRemove(key, out _); } }
    }

    internal sealed class AddressWindow(DateTimeOffset start)
    {
        public DateTimeOffset Start = start;
        public int Failures;
        public int Pending;
    }

    /// <summary>Failures within a period that restarts with each new failure (they are forgotten after a quiet period).</summary>
    private sealed class FailureCount
    {
        private DateTimeOffset _last;
        private int _count;

        public int Add(DateTimeOffset now, int minutes)
        {
            lock (this)
            {
                if (IsStale(now, minutes)) { _count = 0; }
                _last = now;
                return ++_count;
            }
        }

        public int Read(DateTimeOffset now, int minutes)
        {
            lock (this) { return IsStale(now, minutes) ? 0 : _count; }
        }

        public bool IsStale(DateTimeOffset now, int minutes) => now - _last >= TimeSpan.FromMinutes(minutes);
    }

    /// <summary>One attempt's place in its address's budget: a failure keeps it, anything else gives it back.</summary>
    public sealed class AddressLease
    {
        private readonly AddressWindow _window;
        private bool _done;

        internal AddressLease(AddressWindow window) => _window = window;

        public void Complete(bool failed)
        {
            lock (_window)
            {
                if (_done) { return; }
                _done = true;
                _window.Pending--;
                if (failed) { _window.Failures++; }
            }
        }
    }
}
