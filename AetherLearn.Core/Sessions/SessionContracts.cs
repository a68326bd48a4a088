using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

public interface ISessionsDb : IDbSession
{
    DbSet<TutoringSession> TutoringSessions { get; }
    DbSet<Enrolment> Enrolments { get; }
    DbSet<TutorNote> TutorNotes { get; }
    DbSet<SocketTokenUse> SocketTokenUses { get; }
}

/// <summary>Times without an offset are wall-clock times in the centre's zone; <see cref="RepeatWeeks"/> makes a weekly series.</summary>
public sealed record CreateSessionRequest([property: MaxLength(TextLimits.Title)] string? Title, Guid? TutorId, DateTime? StartsAt, DateTime? EndsAt, int? Capacity,
    Guid? CourseId = null, [property: MaxLength(TextLimits.Room)] string? Room = null, int? RepeatWeeks = null);

public sealed record UpdateSessionRequest([property: MaxLength(TextLimits.Title)] string? Title = null, Guid? TutorId = null, DateTime? StartsAt = null, DateTime? EndsAt = null,
    int? Capacity = null, Guid? CourseId = null, [property: MaxLength(TextLimits.Room)] string? Room = null);

public sealed record EnrolRequest(Guid? StudentId);
public sealed record AttendanceRequest(Guid? StudentId, AttendanceStatus? Status);
public sealed record BulkAttendanceRequest(IReadOnlyList<AttendanceRequest>? Records);
public sealed record NoteRequest([property: MaxLength(TextLimits.Note)] string? Text);
/// <summary>Either choose <see cref="ExerciseId"/> as the student's next exercise, or clear the tutor's choice in <see cref="ClearCourseId"/>.</summary>
public sealed record AssignContentRequest(Guid? ExerciseId, Guid? ClearCourseId = null);

public sealed record SessionListItem(Guid Id, string Title, Guid? CourseId, string? CourseTitle, string? Room, Guid TutorId, string TutorName,
    DateTime StartsAt, DateTime EndsAt, string LocalStart, string LocalEnd, int Capacity, int Enrolled, SessionStatus Status, Guid? SeriesId);

public sealed record EnrolmentView(Guid Id, Guid StudentId, string StudentName, AttendanceStatus? Attendance, DateTime? AttendanceMarkedAt,
    DateTime EnrolledAt, StudentActivity? Activity);

/// <summary>What a student is doing in the session right now (for the tutor's lists and dashboard).</summary>
public sealed record StudentActivity(Guid? CurrentExerciseId, string? CurrentExerciseTitle, int ProgressPct, int ExercisesCompleted, int? AverageScore);

public sealed record SessionDetail(SessionListItem Session, string TimeZone, IReadOnlyList<EnrolmentView> Enrollments, SessionSummary? Summary, string? CancelReason);

public sealed record DashboardStudent(EnrolmentView Enrolment, NextContent? NextContent, int OpenHomework, IReadOnlyList<AttemptSummary> AttemptsThisSession);

public sealed record SessionDashboard(SessionDetail Detail, IReadOnlyList<DashboardStudent> Students, SessionSummary LiveSummary, IReadOnlyList<HelpRequestView> HelpRequests);

public sealed record NoteView(Guid Id, Guid AuthorId, string AuthorName, string Text, DateTime CreatedAt, Guid SessionId);

public sealed record RecentAttempt(Guid AttemptId, Guid ExerciseId, string ExerciseTitle, AttemptStatus Status, DateTime StartedAt, DateTime? SubmittedAt, int? ScorePercent);

public sealed record LessonPlan(Guid SessionId, Guid StudentId, string StudentName, AttendanceStatus? Attendance, IReadOnlyList<NextContent> NextContent,
    IReadOnlyList<RecentAttempt> RecentAttempts, IReadOnlyList<HomeworkItem> OpenHomework, IReadOnlyList<NoteView> Notes);

/// <summary>Supervisor+: schedule, change, cancel, and fill sessions.</summary>
public interface ISessionScheduling
{
    /// <summary>Creates the session (or each session of a weekly series); all or nothing.</summary>
    Task<IReadOnlyList<SessionListItem>> CreateAsync(CreateSessionRequest request, CancellationToken ct = default);
    Task<SessionListItem> UpdateAsync(Guid id, UpdateSessionRequest request, CancellationToken ct = default);
    Task<SessionListItem> CancelAsync(Guid id, string? reason, CancellationToken ct = default);
    Task<EnrolmentView> EnrolAsync(Guid sessionId, EnrolRequest request, CancellationToken ct = default);
    Task RemoveEnrolmentAsync(Guid sessionId, Guid enrolmentId, CancellationToken ct = default);
    /// <summary>Sessions overlapping a period (the supervisor's week view), Teacher+.</summary>
    Task<IReadOnlyList<SessionListItem>> BetweenAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct = default);
}

/// <summary>Teacher+ running lessons (and a student reading a session they are enrolled in).</summary>
public interface ILessonService
{
    Task<IReadOnlyList<SessionListItem>> TodayAsync(CancellationToken ct = default);
    Task<PagedResult<SessionListItem>> UpcomingAsync(PageRequest page, CancellationToken ct = default);
    Task<SessionDetail> GetAsync(Guid id, CancellationToken ct = default);
    Task<SessionDashboard> DashboardAsync(Guid id, CancellationToken ct = default);
    Task<SessionDetail> StartAsync(Guid id, CancellationToken ct = default);
    Task<SessionDetail> EndAsync(Guid id, CancellationToken ct = default);
    Task<IReadOnlyList<EnrolmentView>> EnrolmentsAsync(Guid sessionId, CancellationToken ct = default);
    Task<EnrolmentView> MarkAttendanceAsync(Guid sessionId, AttendanceRequest request, CancellationToken ct = default);
    Task<IReadOnlyList<EnrolmentView>> MarkAttendanceBulkAsync(Guid sessionId, BulkAttendanceRequest request, CancellationToken ct = default);
    Task<LessonPlan> PlanAsync(Guid sessionId, Guid studentId, CancellationToken ct = default);
    Task<NoteView> AddNoteAsync(Guid sessionId, Guid studentId, NoteRequest request, CancellationToken ct = default);
    Task<NextContent> AssignContentAsync(Guid enrolmentId, AssignContentRequest request, CancellationToken ct = default);
}
