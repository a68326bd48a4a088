using System.Security.Claims;
using AetherLearn.Core.Sessions;

namespace AetherLearn.Web.Realtime;

/// <summary>Presence on the tutor's card: a heartbeat within 30 s is active, none for 30 s idle, none for 90 s (or no connection) offline.</summary>
public enum PresenceStatus
{
    Active,
    Idle,
    Offline,
}

/// <summary>The help flag on a student's card.</summary>
public sealed record HelpFlag(Guid RequestId, HelpRequestStatus Status, string? Message, DateTime CreatedAt, DateTime? AcknowledgedAt);

/// <summary>
/// The contract's <c>StudentState</c>: what a tutor's card shows. <see cref="Status"/> is presence; the other fields
/// are the student's attendance, work and raised hand.
/// </summary>
public sealed record StudentState(Guid StudentId, string Name, string? Course, int? Level, AttendanceStatus? Attendance, PresenceStatus Status,
    bool Connected, Guid? ExerciseId, string? ExerciseTitle, DateTime? ExerciseStartedAt, int AnsweredCount, int ProgressPct, int? LastScore,
    Guid? AssignedExerciseId, string? AssignedExerciseTitle, HelpFlag? Help, DateTimeOffset? LastSeenAt);

/// <summary>The whole room at one moment, for in-process members (pages) that render rather than replay messages.</summary>
public sealed record RoomView(Guid SessionId, string Title, string? CourseTitle, SessionStatus Status, IReadOnlyList<StudentState> Students,
    IReadOnlyList<HelpRequestView> HelpQueue)
{
    public StudentState? Student(Guid studentId) => Students.FirstOrDefault(s => s.StudentId == studentId);
}

/// <summary>
/// A member of a room: a socket, or a page in a circuit. The room calls <see cref="Deliver"/> on its own loop, so it
/// must return at once (queue, never wait).
/// </summary>
public abstract class RoomMember(LiveJoin join, ClaimsPrincipal principal)
{
    public Guid ConnectionId { get; } = Guid.CreateVersion7();
    public LiveJoin Join { get; } = join;
    public ClaimsPrincipal Principal { get; } = principal;
    public Guid UserId => Join.UserId;
    public RoomSide Side => Join.Side;

    public abstract void Deliver(ServerMessage message);

    /// <summary>The member may no longer be in the room (e.g. the student was taken off the session).</summary>
    public virtual void Evict(int closeCode, string reason) { }
}

/// <summary>A member inside this process: each message is handed to a callback (a page then re-reads the room's view).</summary>
public sealed class CallbackRoomMember(LiveJoin join, ClaimsPrincipal principal, Action<ServerMessage> onMessage) : RoomMember(join, principal)
{
    public override void Deliver(ServerMessage message) => onMessage(message);
}

/// <summary>A student's entry in the room; changed only on the room's loop.</summary>
internal sealed class StudentEntry(LiveStudent s, string? course)
{
    public Guid StudentId { get; } = s.StudentId;
    public string Name { get; } = s.Name;
    public string? Course { get; } = course;
    public int? Level { get; } = s.Level;
    public AttendanceStatus? Attendance { get; set; } = s.Attendance;
    public PresenceStatus Presence { get; set; } = PresenceStatus.Offline;
    public HashSet<Guid> Connections { get; } = [];
    public Guid? ExerciseId { get; set; } = s.CurrentExerciseId;
    public string? ExerciseTitle { get; set; } = s.CurrentExerciseTitle;
    public DateTime? ExerciseStartedAt { get; set; } = s.ExerciseStartedAt;
    public int AnsweredCount { get; set; } = s.AnsweredCount;
    public int ProgressPct { get; set; } = s.ProgressPct;
    public int? LastScore { get; set; } = s.LastScore;
    public Guid? LastAttemptId { get; set; }
    public Guid? AssignedExerciseId { get; set; }
    public string? AssignedExerciseTitle { get; set; }
    public HelpRequestView? Help { get; set; } = s.Help;
    public DateTimeOffset? LastSeenAt { get; set; }

    public StudentState ToState() => new(StudentId, Name, Course, Level, Attendance, Presence, Connections.Count > 0, ExerciseId, ExerciseTitle,
        ExerciseStartedAt, AnsweredCount, ProgressPct, LastScore, AssignedExerciseId, AssignedExerciseTitle,
        Help is { } h ? new HelpFlag(h.Id, h.Status, h.Message, h.CreatedAt, h.AcknowledgedAt) : null, LastSeenAt);
}
