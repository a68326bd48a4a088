namespace AetherLearn.Core.Sessions;

/// <summary>
/// A committed change a live room shows at once. The services raise these after saving, whether the action came
/// from the REST API, a room message or a page, so every path is one behaviour.
/// </summary>
public abstract record LiveSignal(Guid SessionId);

public sealed record HelpRequestChanged(HelpRequestView Request, Guid ChangedBy) : LiveSignal(Request.SessionId);

public sealed record AttendanceChanged(Guid SessionId, Guid StudentId, AttendanceStatus Status, Guid MarkedBy) : LiveSignal(SessionId);

public sealed record ContentAssignedInSession(Guid SessionId, Guid StudentId, Guid ExerciseId, string ExerciseTitle, Guid AssignedBy) : LiveSignal(SessionId);

/// <summary>A student joined the session (with what their card shows) or left it (<see cref="Student"/> is null).</summary>
public sealed record EnrolmentChanged(Guid SessionId, Guid StudentId, LiveStudent? Student, Guid ChangedBy) : LiveSignal(SessionId);

public sealed record SessionStatusChanged(Guid SessionId, SessionStatus Status, SessionSummary? Summary, Guid ChangedBy) : LiveSignal(SessionId);

/// <summary>Implemented by the real-time room; raising never fails the action that caused it.</summary>
public interface ILiveSessionSignals
{
    Task RaiseAsync(LiveSignal signal, CancellationToken ct = default);
}
