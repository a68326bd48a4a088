using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Persistence;

namespace AetherLearn.Core.Centres;

/// <summary>A tutoring centre: the unit of tenancy. Every centre-owned row carries its id.</summary>
public sealed class Centre : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Short stable key used in demo e-mail domains and URLs ("northside").</summary>
    public required string Slug { get; set; }
    /// <summary>IANA time zone id; scheduled jobs and local times use it.</summary>
    public required string TimeZone { get; set; }
    /// <summary>ISO 4217 code; money is stored in minor units of it.</summary>
    public required string Currency { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public CentreConfig Config { get; set; } = CentreConfig.Default;
}

public sealed record OpeningHours(DayOfWeek Day, [property: MaxLength(TextLimits.TimeOfDay)] string Opens, [property: MaxLength(TextLimits.TimeOfDay)] string Closes);

public sealed record Branding([property: MaxLength(TextLimits.Name)] string? DisplayName, [property: MaxLength(TextLimits.Colour)] string PrimaryColour, [property: MaxLength(TextLimits.Url)] string? LogoUrl);

/// <summary>The flexible part of a centre's settings, stored as one JSON column.</summary>
public sealed record CentreConfig(
    IReadOnlyList<OpeningHours> OpeningHours,
    Branding Branding,
    IReadOnlyDictionary<string, bool> Features,
    bool RequireTwoFactorForStaff)
{
    /// <summary>Best score (percent) at which an exercise counts as mastered for sequencing; older rows without it read 80.</summary>
    public int MasteryThresholdPercent { get; init; } = 80;

    /// <summary>
    /// The centre's own networks (a computer lab, the front desk) as CIDR ranges: sign-ins from them get the higher
    /// failed-sign-in budget, since a whole class shares one address. Older rows without it read none.
    /// </summary>
    public IReadOnlyList<string> SignInNetworks { get; init; } = [];
    /// <summary>When a student's review shows the correct answers (docs/gamification.md); older rows without it read the default.</summary>
    public AnswerReveal AnswerReveal { get; init; } = AnswerReveal.AfterPassOrLastAttempt;

    /// <summary>How many submitted attempts a student may make at one exercise; 0 (the default, and older rows) is unlimited.</summary>
    public int MaxAttemptsPerExercise { get; init; }

    public static CentreConfig Default { get; } = new(
        [
            new(DayOfWeek.Monday, "15:00", "19:30"),
            new(DayOfWeek.Tuesday, "15:00", "19:30"),
            new(DayOfWeek.Wednesday, "15:00", "19:30"),
            new(DayOfWeek.Thursday, "15:00", "19:30"),
            new(DayOfWeek.Friday, "15:00", "19:00"),
            new(DayOfWeek.Saturday, "09:00", "13:00"),
        ],
        new Branding(null, "#3949AB", null),
        CentreFeatures.Keys.ToDictionary(k => k, _ => true),
        false);
}

/// <summary>
/// When the review of a submitted attempt shows the correct answers (and explanations) to the student. A tutor's release
/// shows them under every rule; staff always see them. Until then the review says only what was right and what was not.
/// </summary>
public enum AnswerReveal
{
    /// <summary>Once the student reaches the mastery threshold, or has used the last allowed attempt (the default).</summary>
    AfterPassOrLastAttempt,
    /// <summary>Once the student reaches the mastery threshold.</summary>
    AfterPass,
    /// <summary>Once the student has used the last allowed attempt (never, with unlimited attempts, until a tutor releases them).</summary>
    AfterLastAttempt,
    /// <summary>Only when a tutor releases them.</summary>
    TutorRelease,
}

/// <summary>The modules a centre may switch off.</summary>
public static class CentreFeatures
{
    public const string Gamification = "gamification";
    public const string Leaderboards = "leaderboards";
    public const string Homework = "homework";
    public const string PhysicalWork = "physicalWork";
    public const string VideoSessions = "videoSessions";
    public const string ParentPortal = "parentPortal";
    public const string OnlinePayments = "onlinePayments";

    public static IReadOnlyList<string> Keys { get; } =
        [Gamification, Leaderboards, Homework, PhysicalWork, VideoSessions, ParentPortal, OnlinePayments];

    /// <summary>
    /// The switches whose feature exists: the settings page offers only these (a switch of an unbuilt module would do
    /// nothing). The others stay stored and in the API; a module joins this list when it is built.
    /// </summary>
    public static IReadOnlyList<string> Built { get; } = [Gamification, Leaderboards, Homework, ParentPortal];
}
