using System.Net;
using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Centres;

/// <summary>
/// The networks active centres listed as their own (a computer lab, the front desk), which get the higher sign-in
/// budget. Read at most once a minute (sign-in is anonymous, so every centre's list counts), and again at once on
/// this node after a centre changes its list; another node sees the change within the minute.
/// </summary>
public sealed class CentreNetworks(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async Task<bool> IsListedAsync(string? address, CancellationToken ct = default)
    {
        if (!IPAddress.TryParse(address, out var ip)) { return false; }
        if (ip.IsIPv4MappedToIPv6) { ip = ip.MapToIPv4(); }
        var networks = await CurrentAsync(ct);
        return networks.Any(n => n.Contains(ip));
    }

    public void Invalidate() => _snapshot = null;

    /// <summary>A network as it is stored ("203.0.113.0/24"; a single address gets /32 or /128), or null when it is not one.</summary>
    public static IPNetwork? Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (IPNetwork.TryParse(trimmed, out var network)) { return network; }
        return IPAddress.TryParse(trimmed, out var single) ? new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128) : null;
    }

    private async Task<IReadOnlyList<IPNetwork>> CurrentAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_snapshot is { } fresh && now - fresh.LoadedAt < CacheFor) { return fresh.Networks; }
        await _loading.WaitAsync(ct);
        try
        {
            if (_snapshot is { } loaded && now - loaded.LoadedAt < CacheFor) { return loaded.Networks; }
            await using var scope = scopes.CreateAsyncScope();
            await using var db = scope.ServiceProvider.GetRequiredService<IDbSessionFactory>().CreateSystem<ICentresDb>();
            var configs = await db.Centres.AsNoTracking().Where(c => c.IsActive).Select(c => c.Config).ToListAsync(ct);
            var networks = configs.SelectMany(c => c.SignInNetworks).Select(Parse).OfType<IPNetwork>().Distinct().ToList();
            _snapshot = new Snapshot(networks, now);
            return networks;
        }
        finally { _loading.Release(); }
    }

    private sealed record Snapshot(IReadOnlyList<IPNetwork> Networks, DateTimeOffset LoadedAt);
}
