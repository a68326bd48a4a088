using AetherLearn.Core.Common.Persistence;

namespace AetherLearn.Core.Sessions;

public enum SessionStatus
{
    Scheduled,
    InProgress,
    Completed,
    Cancelled,
}

public enum AttendanceStatus
{
    Attending,
    Absent,
    Late,
    Excused,
}

/// <summary>What a tutor sees when a session ends, and what <c>session.ended</c> carries.</summary>
public sealed record SessionSummary(int Enrolled, int Attending, int Late, int Absent, int Excused, int Unmarked, int ExercisesCompleted, int? AverageScore);

/// <summary>A scheduled lesson: one tutor, a room, a time, up to <see cref="Capacity"/> students.</summary>
public sealed class TutoringSession : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public required string Title { get; set; }
    /// <summary>The course the lesson focuses on, when it has one.</summary>
    public Guid? CourseId { get; set; }
    public string? Room { get; set; }
    public Guid TutorId { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public int Capacity { get; set; }
    public SessionStatus Status { get; set; }
    /// <summary>Shared by the sessions of one weekly series.</summary>
    public Guid? SeriesId { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? CancelReason { get; set; }
    public SessionSummary? Summary { get; set; }
    /// <summary>Concurrency token: a double "start" or "end" changes the session (and publishes its event) once.</summary>
    public int Version { get; set; }
}

/// <summary>A student's place in a session, with their attendance.</summary>
public sealed class Enrolment : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid SessionId { get; set; }
    public Guid StudentId { get; set; }
    public DateTime EnrolledAt { get; set; }
    /// <summary>Removed enrolments are kept (attendance history); they no longer take a place.</summary>
    public DateTime? RemovedAt { get; set; }
    public AttendanceStatus? Attendance { get; set; }
    public DateTime? AttendanceMarkedAt { get; set; }
    public Guid? AttendanceMarkedBy { get; set; }
}

/// <summary>A tutor's note about a student in a session (lesson planning).</summary>
public sealed class TutorNote : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid SessionId { get; set; }
    public Guid StudentId { get; set; }
    public Guid AuthorId { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
}
