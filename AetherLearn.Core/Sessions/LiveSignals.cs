using AetherLearn.Core.Common.Events;

namespace AetherLearn.Core.Sessions;

/// <summary>
/// A committed change a live room shows at once: what changed in which session, and who changed it. The services raise
/// these after saving, whether the action came from the REST API, a room message or a page, so every path is one
/// behaviour. <see cref="Change"/> is the catalogue event's own record where the change is one
/// (<see cref="AttendanceRecorded"/>, <see cref="Progression.ContentAssigned"/>, <see cref="SessionStarted"/>,
/// <see cref="SessionEnded"/>: the record the outbox carries, so the room and the outbox cannot disagree on its fields),
/// or a <see cref="LiveChange"/> for what only the room is told.
/// </summary>
public sealed record LiveSignal
{
    private LiveSignal(Guid sessionId, object change, Guid changedBy) => (SessionId, Change, ChangedBy) = (sessionId, change, changedBy);

    public Guid SessionId { get; }

    /// <summary>An <see cref="IDomainEvent"/> record or a <see cref="LiveChange"/>.</summary>
    public object Change { get; }

    public Guid ChangedBy { get; }

    public static LiveSignal Of<TEvent>(Guid sessionId, TEvent change, Guid changedBy) where TEvent : IDomainEvent<TEvent> =>
        new(sessionId, change, changedBy);

    public static LiveSignal Of(Guid sessionId, LiveChange change, Guid changedBy) => new(sessionId, change, changedBy);
}

/// <summary>A change the live room is told of that is no event of the catalogue.</summary>
public abstract record LiveChange;

public sealed record HelpRequestChanged(HelpRequestView Request) : LiveChange;

/// <summary>A student joined the session (with what their card shows) or left it (<see cref="Student"/> is null).</summary>
public sealed record EnrolmentChanged(Guid StudentId, LiveStudent? Student) : LiveChange;

/// <summary>The session was cancelled (the catalogue has no event for it).</summary>
public sealed record SessionCancelled : LiveChange;
