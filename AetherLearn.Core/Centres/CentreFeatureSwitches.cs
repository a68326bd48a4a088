using System.Collections.Concurrent;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Centres;

/// <summary>The centres' settings as last read, shared by every request of the node for a few seconds.</summary>
public sealed class CentreSettingsCache
{
    /// <summary>How long a read is trusted; a change saved on another node shows here after at most this long.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    internal sealed record Entry(string Name, CentreConfig Config, long ReadAt);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    // Real elapsed time, not the app's clock: freshness is about this process, and tests fix the app's clock.
    internal Entry? Fresh(Guid centreId) =>
        _entries.TryGetValue(centreId, out var e) && Environment.TickCount64 - e.ReadAt < Lifetime.TotalMilliseconds ? e : null;

    internal void Keep(Guid centreId, string name, CentreConfig config) => _entries[centreId] = new Entry(name, config, Environment.TickCount64);

    /// <summary>The centre's settings changed: the next question reads them again.</summary>
    public void Forget(Guid centreId) => _entries.TryRemove(centreId, out _);
}

internal sealed class CentreFeatureSwitches(IDbSessionFactory dbFactory, CentreSettingsCache cache) : ICentreFeatures
{
    public async Task<bool> IsOnAsync(Guid centreId, string feature, CancellationToken ct = default) =>
        await ReadAsync(centreId, ct) is { } e && IsOn(e.Config, feature);

    public async Task<IReadOnlySet<string>> OnAsync(Guid centreId, CancellationToken ct = default) =>
        await ReadAsync(centreId, ct) is { } e ? CentreFeatures.Keys.Where(k => IsOn(e.Config, k)).ToHashSet() : new HashSet<string>();

    public async Task EnsureOnAsync(Guid centreId, string feature, CancellationToken ct = default)
    {
        if (!await IsOnAsync(centreId, feature, ct)) { throw new ForbiddenException(FeatureSwitch.TurnedOff(feature)); }
    }

    public async Task<CentreBrand?> BrandAsync(Guid centreId, CancellationToken ct = default) =>
        await ReadAsync(centreId, ct) is { } e
            ? new CentreBrand(centreId, string.IsNullOrWhiteSpace(e.Config.Branding.DisplayName) ? e.Name : e.Config.Branding.DisplayName.Trim(),
                string.IsNullOrWhiteSpace(e.Config.Branding.LogoUrl) ? null : e.Config.Branding.LogoUrl, e.Config.Branding.PrimaryColour)
            : null;

    // A key missing from an older row reads as on (every switch starts on).
    private static bool IsOn(CentreConfig config, string feature) => config.Features.GetValueOrDefault(feature, true);

    private async Task<CentreSettingsCache.Entry?> ReadAsync(Guid centreId, CancellationToken ct)
    {
        if (cache.Fresh(centreId) is { } fresh) { return fresh; }
        await using var db = dbFactory.CreateSystem<ICentresDb>();
        var row = await db.Centres.AsNoTracking().Where(c => c.Id == centreId).Select(c => new { c.Name, c.Config }).FirstOrDefaultAsync(ct);
        if (row is null) { return null; }
        cache.Keep(centreId, row.Name, row.Config);
        return cache.Fresh(centreId);
    }
}
