using AetherLearn.Core.Common.Events;

namespace AetherLearn.Core.Sessions;

// The Sessions module's events (contract §3). Fields are in the order the payload has always been written in,
// so stored rows and new ones are the same JSON; fields beyond the contract's are ones a consumer reads.

/// <summary>A tutor started the lesson.</summary>
public sealed record SessionStarted(Guid SessionId, Guid TutorId, Guid? StartedBy) : IDomainEvent<SessionStarted>
{
    public static string EventType => EventTypes.SessionStarted;
}

/// <summary>The lesson ended, with what was done in it.</summary>
public sealed record SessionEnded(Guid SessionId, SessionSummary Summary) : IDomainEvent<SessionEnded>
{
    public static string EventType => EventTypes.SessionEnded;
}

/// <summary>A student's attendance was marked (or corrected) in a lesson.</summary>
public sealed record AttendanceRecorded(Guid StudentId, Guid SessionId, AttendanceStatus Status, Guid MarkedBy) : IDomainEvent<AttendanceRecorded>
{
    public static string EventType => EventTypes.AttendanceRecorded;
}
