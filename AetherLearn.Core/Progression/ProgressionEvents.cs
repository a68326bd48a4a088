using AetherLearn.Core.Common.Events;

namespace AetherLearn.Core.Progression;

// The Progression module's events (contract §3): what a student does next and at which level. Fields are in the order
// the payload has always been written in.

/// <summary>A tutor chose the exercise a student does next in a course.</summary>
public sealed record ContentAssigned(Guid StudentId, Guid ExerciseId, Guid AssignedBy, string ExerciseTitle) : IDomainEvent<ContentAssigned>
{
    public static string EventType => EventTypes.ContentAssigned;
}

/// <summary>
/// A student's level in a course changed. Nothing raises it yet (no page or API changes a student's level; the
/// assessment module will); the gamification handler and the notification route that consume it are ready for it.
/// </summary>
public sealed record LevelChanged(Guid StudentId, Guid CourseId, int OldLevel, int NewLevel) : IDomainEvent<LevelChanged>
{
    public static string EventType => EventTypes.LevelChanged;
}
