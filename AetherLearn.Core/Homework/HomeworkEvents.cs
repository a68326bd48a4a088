using AetherLearn.Core.Common.Events;

namespace AetherLearn.Core.Homework;

// The Homework module's events (contract §3), fields in the order the payload has always been written in.

/// <summary>A tutor set homework.</summary>
public sealed record HomeworkAssigned(Guid HomeworkId, Guid StudentId, Guid ExerciseId, DateTime DueDate) : IDomainEvent<HomeworkAssigned>
{
    public static string EventType => EventTypes.HomeworkAssigned;
}

/// <summary>A submitted attempt completed homework; the times are what the gamification rules (on time or late) need.</summary>
public sealed record HomeworkSubmitted(Guid HomeworkId, Guid StudentId, Guid AttemptId, DateTime SubmittedAt, DateTime DueDate, bool OnTime)
    : IDomainEvent<HomeworkSubmitted>
{
    public static string EventType => EventTypes.HomeworkSubmitted;
}

/// <summary>Homework is still not handed in <see cref="DaysPastDue"/> days after its due date (a reminder step).</summary>
public sealed record HomeworkOverdue(Guid HomeworkId, Guid StudentId, int DaysPastDue) : IDomainEvent<HomeworkOverdue>
{
    public static string EventType => EventTypes.HomeworkOverdue;
}
