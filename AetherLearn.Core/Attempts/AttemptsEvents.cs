using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Content;

namespace AetherLearn.Core.Attempts;

// The Attempts module's events (contract §3), fields in the order the payload has always been written in.

/// <summary>A student started an attempt at an exercise.</summary>
public sealed record ExerciseStarted(Guid StudentId, Guid ExerciseId, Guid AttemptId) : IDomainEvent<ExerciseStarted>
{
    public static string EventType => EventTypes.ExerciseStarted;
}

/// <summary>A student submitted an attempt (marked at once: <see cref="Score"/> is its percentage).</summary>
public sealed record ExerciseSubmitted(Guid StudentId, Guid AttemptId, Guid ExerciseId, int? Score, Difficulty Difficulty) : IDomainEvent<ExerciseSubmitted>
{
    public static string EventType => EventTypes.ExerciseSubmitted;
}

/// <summary>An attempt was marked; <see cref="AssessorId"/> is null when it was marked automatically.</summary>
public sealed record ExerciseGraded(Guid AttemptId, int? Score, Guid? AssessorId, Guid StudentId) : IDomainEvent<ExerciseGraded>
{
    public static string EventType => EventTypes.ExerciseGraded;
}
