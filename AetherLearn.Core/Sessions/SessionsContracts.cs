using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Common;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Users;
using MaxLengthAttribute = System.ComponentModel.DataAnnotations.MaxLengthAttribute;
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
/// <remarks><see cref="StudentIds"/> enrols those students in the session (each session of the series) in the same step.</remarks>
public sealed record CreateSessionRequest([property: MaxLength(TextLimits.Title)] string? Title, Guid? TutorId, DateTime? StartsAt, DateTime? EndsAt, int? Capacity,
    Guid? CourseId = null, [property: MaxLength(TextLimits.Room)] string? Room = null, int? RepeatWeeks = null, IReadOnlyList<Guid>? StudentIds = null);

public sealed record UpdateSessionRequest([property: MaxLength(TextLimits.Title)] string? Title = null, Guid? TutorId = null, DateTime? StartsAt = null, DateTime? EndsAt = null,
    int? Capacity = null, Guid? CourseId = null, [property: MaxLength(TextLimits.Room)] string? Room = null);

public sealed record EnrolRequest(Guid? StudentId);
/// <summary>Several students at once (a group): all are enrolled or none; those already in the session are left as they are.</summary>
public sealed record EnrolManyRequest(IReadOnlyList<Guid>? StudentIds);

/// <summary>What "set work" means: the student's next exercise (the tutor's choice in sequencing), or homework with a due date.</summary>
public enum WorkKind
{
    Next,
    Homework,
}

/// <summary>
/// One exercise for several students of a session at once. No <see cref="StudentIds"/> is the whole group (every student
/// enrolled); <see cref="DueDate"/> (the centre's wall-clock time) is required for homework.
/// </summary>
public sealed record SetWorkRequest(Guid? ExerciseId, WorkKind? Kind, IReadOnlyList<Guid>? StudentIds = null, DateTime? DueDate = null,
    [property: MaxLength(TextLimits.HomeworkNotes)] string? Notes = null);

public sealed record SetWorkResult(Guid SessionId, Guid ExerciseId, string ExerciseTitle, WorkKind Kind, IReadOnlyList<Guid> StudentIds);
public sealed record AttendanceRequest(Guid? StudentId, AttendanceStatus? Status);
public sealed record BulkAttendanceRequest(IReadOnlyList<AttendanceRequest>? Records);
public sealed record NoteRequest([property: MaxLength(TextLimits.Note)] string? Text);
/// <summary>Either choose <see cref="ExerciseId"/> as the student's next exercise, or clear the tutor's choice in <see cref="ClearCourseId"/>.</summary>
public sealed record AssignContentRequest(Guid? ExerciseId, Guid? ClearCourseId = null);

public sealed record SessionListItem(Guid Id, string Title, Guid? CourseId, string? CourseTitle, string? Room, Guid TutorId, string TutorName,
    DateTime StartsAt, DateTime EndsAt, string LocalStart, string LocalEnd, int Capacity, int Enrolled, SessionStatus Status, Guid? SeriesId,
    string? CancelReason = null);

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
    /// <summary>Enrols several students in one step (all or nothing); answers the enrolments of every student named.</summary>
    Task<IReadOnlyList<EnrolmentView>> EnrolManyAsync(Guid sessionId, EnrolManyRequest request, CancellationToken ct = default);
    /// <summary>
    /// A warning (not a refusal) when a session at these wall-clock times would fall outside the centre's opening hours, or null.
    /// The schedule page asks before saving; the API does not refuse such a session (a holiday workshop may open specially).
    /// </summary>
    Task<string?> OpeningHoursWarningAsync(DateTime localStart, DateTime localEnd, CancellationToken ct = default);
    Task RemoveEnrolmentAsync(Guid sessionId, Guid enrolmentId, CancellationToken ct = default);
    /// <summary>Sessions overlapping a period (the supervisor's week view), Teacher+.</summary>
    Task<IReadOnlyList<SessionListItem>> BetweenAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct = default);
}

/// <summary>Teacher+ running lessons (and a student reading a session they are enrolled in): the day's lessons, start and end.</summary>
public interface ILessonService
{
    Task<IReadOnlyList<SessionListItem>> TodayAsync(CancellationToken ct = default);
    Task<PagedResult<SessionListItem>> UpcomingAsync(PageRequest page, CancellationToken ct = default);
    Task<SessionDetail> GetAsync(Guid id, CancellationToken ct = default);
    Task<SessionDashboard> DashboardAsync(Guid id, CancellationToken ct = default);
    Task<SessionDetail> StartAsync(Guid id, CancellationToken ct = default);
    Task<SessionDetail> EndAsync(Guid id, CancellationToken ct = default);
    Task<IReadOnlyList<EnrolmentView>> EnrolmentsAsync(Guid sessionId, CancellationToken ct = default);
}

/// <summary>Teacher+: the lesson's register (attending, late, absent, excused), one student or several at once.</summary>
public interface IAttendanceRegister
{
    Task<EnrolmentView> MarkAttendanceAsync(Guid sessionId, AttendanceRequest request, CancellationToken ct = default);
    Task<IReadOnlyList<EnrolmentView>> MarkAttendanceBulkAsync(Guid sessionId, BulkAttendanceRequest request, CancellationToken ct = default);
}

/// <summary>Teacher+: a student's plan in a lesson (next content, recent work, open homework, notes), notes, and the tutor's choice of next exercise.</summary>
public interface ILessonPlanning
{
    Task<LessonPlan> PlanAsync(Guid sessionId, Guid studentId, CancellationToken ct = default);
    Task<NoteView> AddNoteAsync(Guid sessionId, Guid studentId, NoteRequest request, CancellationToken ct = default);
    Task<NextContent> AssignContentAsync(Guid enrolmentId, AssignContentRequest request, CancellationToken ct = default);
    /// <summary>One exercise for the whole group or chosen students of the session, in one step (one transaction per kind of work).</summary>
    Task<SetWorkResult> SetWorkAsync(Guid sessionId, SetWorkRequest request, CancellationToken ct = default);
}

public sealed record RaiseHandRequest([property: MaxLength(TextLimits.Message)] string? Message);

public sealed record HelpRequestView(Guid Id, Guid SessionId, Guid StudentId, string StudentName, string? Message, HelpRequestStatus Status,
    DateTime CreatedAt, DateTime? AcknowledgedAt, DateTime? ClosedAt);

/// <summary>
/// The contract's help requests. The REST endpoints and the live-session room both call this service, so a
/// raised hand behaves the same whichever way it arrives.
/// </summary>
public interface IHelpRequests
{
    /// <summary>The signed-in student raises a hand in a session they are enrolled in.</summary>
    Task<HelpRequestView> RaiseAsync(Guid sessionId, RaiseHandRequest request, CancellationToken ct = default);
    Task<HelpRequestView> AcknowledgeAsync(Guid id, CancellationToken ct = default);
    Task<HelpRequestView> ResolveAsync(Guid id, CancellationToken ct = default);
    /// <summary>The student who raised it takes it back.</summary>
    Task<HelpRequestView> CancelAsync(Guid id, CancellationToken ct = default);
    /// <summary>Open and acknowledged requests of a session, oldest first (Teacher+).</summary>
    Task<IReadOnlyList<HelpRequestView>> QueueAsync(Guid sessionId, CancellationToken ct = default);
}

public interface IHelpDb : ISessionsDb
{
    DbSet<HelpRequest> HelpRequests { get; }
}

/// <summary>Which side of a live room a member speaks for (contract §7: "Student" or "Tutor" senders).</summary>
public enum RoomSide
{
    Tutor,
    Student,
}

/// <summary>A user's admitted place in a session's room, decided once when they join.</summary>
public sealed record LiveJoin(Guid SessionId, Guid CentreId, Guid UserId, string Name, RoomSide Side);

/// <summary>A student's persisted part of the room: attendance, current and last work, open help request.</summary>
public sealed record LiveStudent(Guid StudentId, Guid EnrolmentId, string Name, int? Level, AttendanceStatus? Attendance,
    Guid? CurrentExerciseId, string? CurrentExerciseTitle, DateTime? ExerciseStartedAt, int AnsweredCount, int ProgressPct, int? LastScore,
    HelpRequestView? Help);

/// <summary>What a room is rebuilt from after a restart: everything persisted; presence starts offline.</summary>
public sealed record LiveSnapshot(Guid SessionId, Guid CentreId, string Title, string? CourseTitle, SessionStatus Status, IReadOnlyList<LiveStudent> Students);

/// <summary>The session-side facts the live room needs. Permission checks happen at <see cref="AuthorizeJoinAsync"/>.</summary>
public interface ILiveSessions
{
    /// <summary>
    /// The signed-in user's place in a session's room: its tutor or a Supervisor+ on the tutor side, an enrolled
    /// student on the student side. Other staff and parents get 403; a student not enrolled (and other centres) 404.
    /// </summary>
    Task<LiveJoin> AuthorizeJoinAsync(Guid sessionId, CancellationToken ct = default);

    /// <summary>The room's state as persisted. Only the room calls this, after admitting a member.</summary>
    Task<LiveSnapshot> SnapshotAsync(Guid sessionId, CancellationToken ct = default);

    /// <summary>The signed-in student's session now: in progress, or from 15 minutes before its start to its end.</summary>
    Task<SessionListItem?> CurrentForStudentAsync(CancellationToken ct = default);

    /// <summary>
    /// Sessions a student's attempt belongs to right now, for routing its events to rooms: the session of the enrolment it
    /// was started with, or (started with none) the student's sessions in progress or within their time.
    /// </summary>
    Task<IReadOnlyList<Guid>> LiveSessionsOfStudentAsync(Guid studentId, Guid? enrolmentId = null, CancellationToken ct = default);

    /// <summary>A student's enrolment in a session, or 404.</summary>
    Task<Guid> EnrolmentOfAsync(Guid sessionId, Guid studentId, CancellationToken ct = default);
}

/// <summary>A session as other modules need it (notifications: its name, time, tutor and students); no permission check.</summary>
public sealed record SessionFacts(Guid Id, string Title, DateTime StartsAt, DateTime EndsAt, Guid TutorId, IReadOnlyList<Guid> StudentIds);

public interface ISessionFacts
{
    Task<SessionFacts?> FindAsync(Guid sessionId, CancellationToken ct = default);
    /// <summary>When the student's lessons (not cancelled) start in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): the days an attendance streak needs.</summary>
    Task<IReadOnlyList<DateTime>> LessonStartsAsync(Guid studentId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default);
    /// <summary>The student's attendance in the lesson as it stands now (a tutor may have corrected it), or null if not marked.</summary>
    Task<AttendanceStatus?> AttendanceAsync(Guid sessionId, Guid studentId, CancellationToken ct = default);
}

/// <summary>Single use of the live-session socket tokens.</summary>
public interface ISocketTokenUses
{
    /// <summary>Records the token as used; false when it was used before (a replay).</summary>
    Task<bool> TryUseAsync(Guid tokenId, DateTime expiresAt, CancellationToken ct = default);
}

/// <summary>Implemented by the real-time room; raising never fails the action that caused it.</summary>
public interface ILiveSessionSignals
{
    Task RaiseAsync(LiveSignal signal, CancellationToken ct = default);
}

/// <summary>A session's register so far: of the students enrolled, how many are marked present, late, absent, excused, or not yet.</summary>
public sealed record DayAttendance(int Enrolled, int Present, int Late, int Absent, int Excused, int Unmarked);

/// <summary>
/// One student of a session today, and what they need: a raised hand, a low latest score, overdue homework, what is next.
/// The centre's day leaves the needs out (<see cref="LastScore"/>, <see cref="OverdueHomework"/> and <see cref="Next"/> stay empty); the tutor's has them.
/// </summary>
public sealed record DayStudent(Guid StudentId, string Name, AttendanceStatus? Attendance, HelpRequestView? Hand, int? LastScore, bool LowScore,
    int OverdueHomework, NextContent? Next);

/// <summary>A session today as a home page shows it. <see cref="RegisterToMark"/>: it started (or its time is over) and someone is not marked.</summary>
public sealed record DaySession(SessionListItem Session, DayAttendance Attendance, int RaisedHands, bool RegisterToMark, IReadOnlyList<DayStudent> Students);

/// <summary>"What needs me now?": the day's sessions (the centre's, or a tutor's own) and the overdue homework among their students.</summary>
public sealed record CentreDayView(DateTime LocalDate, string TimeZone, IReadOnlyList<DaySession> Sessions, IReadOnlyList<HomeworkItem> OverdueHomework)
{
    public int Running => Sessions.Count(s => s.Session.Status == SessionStatus.InProgress);
    /// <summary>Students marked present or late in at least one session today (each counted once).</summary>
    public int StudentsIn => Sessions.SelectMany(s => s.Students).Where(s => s.Attendance is AttendanceStatus.Attending or AttendanceStatus.Late)
        .Select(s => s.StudentId).Distinct().Count();
    public int RaisedHands => Sessions.Sum(s => s.RaisedHands);
    public int RegistersToMark => Sessions.Count(s => s.RegisterToMark);
}

/// <summary>The home pages' day: a read model over sessions, enrolments and raised hands, with homework, work and next content from their modules.</summary>
public interface ICentreDay
{
    /// <summary>Assessor+: every session of the centre today (in the centre's zone) and the centre's overdue homework.</summary>
    Task<CentreDayView> CentreAsync(CancellationToken ct = default);

    /// <summary>Teacher+: the signed-in tutor's own sessions today, each student with what they need.</summary>
    Task<CentreDayView> MineAsync(CancellationToken ct = default);

    /// <summary>The signed-in student's lesson under way, or else their next one (not cancelled); null when none is planned.</summary>
    Task<SessionListItem?> StudentNextAsync(CancellationToken ct = default);
}

/// <summary>A lesson of one student: when, with whom, whether it happened, and their attendance as it stands.</summary>
public sealed record StudentLesson(Guid SessionId, string Title, string? CourseTitle, string TutorName, string? Room, DateTime StartsAt, DateTime EndsAt,
    SessionStatus Status, AttendanceStatus? Attendance);

/// <summary>A student's own lessons (the parent home's week). A student for themself, a parent for their own child, Teacher+ of the centre.</summary>
public interface IStudentLessons
{
    /// <summary>The lessons the student is enrolled in that start in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), cancelled ones too, by start.</summary>
    Task<IReadOnlyList<StudentLesson>> BetweenAsync(Guid studentId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default);
}
