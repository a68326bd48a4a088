using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Centres;

public interface ICentresDb : IDbSession
{
    DbSet<Centre> Centres { get; }
}

public sealed record CentreSummary(Guid Id, string Name, string Slug, string TimeZone, string Currency, bool IsActive);

public sealed record CentreDetail(
    Guid Id, string Name, string Slug, string TimeZone, string Currency, bool IsActive, DateTime CreatedAt, CentreConfig Config);

/// <summary>PATCH semantics: a null member leaves that setting as it is.</summary>
public sealed record UpdateCentreConfigRequest(
    [property: MaxLength(TextLimits.TimeZone)] string? TimeZone = null,
    [property: MaxLength(TextLimits.Currency)] string? Currency = null,
    IReadOnlyList<OpeningHours>? OpeningHours = null,
    Branding? Branding = null,
    IReadOnlyDictionary<string, bool>? Features = null,
    bool? RequireTwoFactorForStaff = null,
    int? MasteryThresholdPercent = null,
    IReadOnlyList<string>? SignInNetworks = null,
    AnswerReveal? AnswerReveal = null,
    int? MaxAttemptsPerExercise = null);

public interface ICentreService
{
    /// <summary>Every centre (super admin only: a cross-centre operation).</summary>
    Task<IReadOnlyList<CentreSummary>> ListAsync(CancellationToken ct = default);

    /// <summary>A centre the caller may see (their own; any for a super admin), else <see cref="Common.Errors.NotFoundException"/>.</summary>
    Task<CentreDetail> GetAsync(Guid id, CancellationToken ct = default);

    Task<CentreDetail> UpdateConfigAsync(Guid id, UpdateCentreConfigRequest request, CancellationToken ct = default);

    /// <summary>Name and flags of any centre, for sign-in and session display; no permission check.</summary>
    Task<CentreSummary?> FindSummaryAsync(Guid id, CancellationToken ct = default);

    /// <summary>The centre's time zone (UTC when the centre or its zone is unknown); no permission check.</summary>
    Task<TimeZoneInfo> TimeZoneOfAsync(Guid? centreId, CancellationToken ct = default);

    /// <summary>A centre's settings for sign-in rules (two-factor for staff); no permission check.</summary>
    Task<CentreConfig?> FindConfigAsync(Guid id, CancellationToken ct = default);
}

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
