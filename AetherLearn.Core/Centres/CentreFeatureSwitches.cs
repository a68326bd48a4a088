using System.Collections.Concurrent;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Centres;

/// <summary>What a centre shows of itself to people: its name (the branding's display name, else its name) and logo.</summary>
public sealed record CentreBrand(Guid CentreId, string Name, string? LogoUrl, string PrimaryColour);

/// <summary>
/// The one way any module asks whether a centre has a feature (<see cref="CentreFeatures"/>) switched on, and how the
/// centre presents itself. No permission check: background work and every role read it. Answers are cached for a few
/// seconds (a change made on this node is seen at once; on other nodes within <see cref="CentreSettingsCache.Lifetime"/>).
/// </summary>
public interface ICentreFeatures
{
    /// <summary>Whether the feature is on; an unknown centre has none on.</summary>
    Task<bool> IsOnAsync(Guid centreId, string feature, CancellationToken ct = default);

    /// <summary>The features the centre has on.</summary>
    Task<IReadOnlySet<string>> OnAsync(Guid centreId, CancellationToken ct = default);

    /// <summary>Throws <see cref="ForbiddenException"/> with <see cref="FeatureSwitch.TurnedOff"/> when the feature is off.</summary>
    Task EnsureOnAsync(Guid centreId, string feature, CancellationToken ct = default);

    Task<CentreBrand?> BrandAsync(Guid centreId, CancellationToken ct = default);
}

/// <summary>How the switches are named to people.</summary>
public static class FeatureSwitch
{
    private static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [CentreFeatures.Gamification] = "XP, levels and badges",
        [CentreFeatures.Leaderboards] = "Leaderboards",
        [CentreFeatures.Homework] = "Homework",
        [CentreFeatures.PhysicalWork] = "Paper work scanning",
        [CentreFeatures.VideoSessions] = "Video sessions",
        [CentreFeatures.ParentPortal] = "The parent portal",
        [CentreFeatures.OnlinePayments] = "Online payments",
    };

    /// <summary>"Leaderboards" for the key "leaderboards" (as the centre settings page names the switches).</summary>
    public static string NameOf(string feature) => Names.GetValueOrDefault(feature, feature);

    /// <summary>The message of a 403 ("… turned off for this centre") and, with <paramref name="whose"/> "your centre", of a page.</summary>
    public static string TurnedOff(string feature, string whose = "this centre") => feature switch
    {
        CentreFeatures.Gamification or CentreFeatures.Leaderboards or CentreFeatures.VideoSessions or CentreFeatures.OnlinePayments
            => $"{NameOf(feature)} are turned off for {whose}",
        _ => $"{NameOf(feature)} is turned off for {whose}",
    };
}

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
