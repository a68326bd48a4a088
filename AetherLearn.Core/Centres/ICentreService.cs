using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Common;
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
