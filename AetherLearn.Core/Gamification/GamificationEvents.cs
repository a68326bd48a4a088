using AetherLearn.Core.Common.Events;

namespace AetherLearn.Core.Gamification;

// The Gamification module's events (contract §3), fields in the order the payload has always been written in.

/// <summary>XP was awarded (or, negative, taken back by a correction). <see cref="Source"/> is the XP source in capitals.</summary>
public sealed record XpAwarded(Guid StudentId, int Amount, string Source, string SourceId) : IDomainEvent<XpAwarded>
{
    public static string EventType => EventTypes.XpAwarded;
}

/// <summary>A student earned a badge.</summary>
public sealed record BadgeEarned(Guid StudentId, string BadgeType, string BadgeName) : IDomainEvent<BadgeEarned>
{
    public static string EventType => EventTypes.BadgeEarned;
}

/// <summary>A student reached a level (of the XP curve) for the first time.</summary>
public sealed record LevelUp(Guid StudentId, int NewLevel, string Title) : IDomainEvent<LevelUp>
{
    public static string EventType => EventTypes.LevelUp;
}

/// <summary>A streak ended at <see cref="Count"/>.</summary>
public sealed record StreakBroken(Guid StudentId, string StreakType, int Count) : IDomainEvent<StreakBroken>
{
    public static string EventType => EventTypes.StreakBroken;
}

/// <summary>A streak reached a milestone count.</summary>
public sealed record StreakMilestone(Guid StudentId, string StreakType, int Count) : IDomainEvent<StreakMilestone>
{
    public static string EventType => EventTypes.StreakMilestone;
}
