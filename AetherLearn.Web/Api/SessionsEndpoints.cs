using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

public sealed record CancelSessionRequest([property: MaxLength(TextLimits.Reason)] string? Reason);

/// <summary>The contract's "Sessions", "Session Enrolments" and "Student Session Planning" sections.</summary>
public static class SessionsEndpoints
{
    public static IEndpointRouteBuilder MapSessionsEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Sessions");
        sessions.MapGet("/today", Today).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapGet("/upcoming", Upcoming).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapGet("/calendar", Calendar).RequireAuthorization(Policies.TeacherPlus);
        // Teacher+ or an enrolled student: the service decides.
        sessions.MapGet("/{id:guid}", GetSession).RequireAuthorization(Policies.Authenticated);
        sessions.MapGet("/{id:guid}/dashboard", Dashboard).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{id:guid}/start", Start).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{id:guid}/end", End).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/", Create).RequireAuthorization(Policies.SupervisorPlus);
        sessions.MapPatch("/{id:guid}", Update).RequireAuthorization(Policies.SupervisorPlus);
        sessions.MapDelete("/{id:guid}", Cancel).RequireAuthorization(Policies.SupervisorPlus);

        sessions.MapGet("/{id:guid}/enrollments", Enrolments).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{id:guid}/enrollments", Enrol).RequireAuthorization(Policies.SupervisorPlus);
        sessions.MapPost("/{id:guid}/enrollments/bulk", EnrolMany).RequireAuthorization(Policies.SupervisorPlus);
        sessions.MapDelete("/{sessionId:guid}/enrollments/{enrollmentId:guid}", RemoveEnrolment).RequireAuthorization(Policies.SupervisorPlus);
        sessions.MapPost("/{id:guid}/attendance", MarkAttendance).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{id:guid}/attendance/bulk", MarkAttendanceBulk).RequireAuthorization(Policies.TeacherPlus);

        sessions.MapGet("/{sessionId:guid}/students/{studentId:guid}/plan", Plan).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{sessionId:guid}/students/{studentId:guid}/notes", AddNote).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{id:guid}/set-work", SetWork).RequireAuthorization(Policies.TeacherPlus);
        app.MapPost("/api/v1/enrollments/{id:guid}/assign-content", AssignContent).WithTags("Sessions").RequireAuthorization(Policies.TeacherPlus);

        sessions.MapPost("/{id:guid}/help-request", RaiseHand).WithTags("Help requests").RequireAuthorization(Policies.Student);
        var help = app.MapGroup("/api/v1/help-requests").WithTags("Help requests");
        help.MapPatch("/{id:guid}/acknowledge", AcknowledgeHelp).RequireAuthorization(Policies.TeacherPlus);
        help.MapPatch("/{id:guid}/resolve", ResolveHelp).RequireAuthorization(Policies.TeacherPlus);
        help.MapDelete("/{id:guid}", CancelHelp).RequireAuthorization(Policies.Student);
        return app;
    }

    /// <summary>List the sessions the caller teaches today.</summary>
    /// <remarks>Tutors and above: the caller's sessions starting on today's date in the centre's time zone, earliest first.</remarks>
    [EndpointName("listTodaysSessions")]
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<SessionListItem>>>> Today(ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.TodayAsync(ct)));

    /// <summary>List the sessions the caller will teach.</summary>
    /// <remarks>Tutors and above: the caller's sessions still to come, earliest first, in pages (<c>page</c>, <c>limit</c>).</remarks>
    [EndpointName("listUpcomingSessions")]
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<SessionListItem>>>> Upcoming(ILessonService lessons, int? page, int? limit, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Paged(await lessons.UpcomingAsync(new PageRequest(page ?? 1, limit ?? 20), ct)));

    /// <summary>List sessions between two instants (a week view).</summary>
    /// <remarks>Tutors and above: sessions overlapping [<c>from</c>, <c>to</c>), given as UTC instants or ISO times with offsets.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<SessionListItem>>>> Calendar(ISessionScheduling scheduling, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await scheduling.BetweenAsync(from.UtcDateTime, to.UtcDateTime, ct)));

    /// <summary>Read a session with its enrolments.</summary>
    /// <remarks>Staff of the centre, or a student enrolled in it.</remarks>
    public static async Task<Ok<ApiEnvelope<SessionDetail>>> GetSession(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.GetAsync(id, ct)));

    /// <summary>A running session's live overview.</summary>
    /// <remarks>Tutors and above: attendance, work done in the session and open help requests.</remarks>
    public static async Task<Ok<ApiEnvelope<SessionDashboard>>> Dashboard(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.DashboardAsync(id, ct)));

    /// <summary>Start a session.</summary>
    /// <remarks>The tutor of the session or a supervisor+. Students see it start; starting again changes nothing.</remarks>
    [ErrorResponse(409, "The session is cancelled or already completed.")]
    [EndpointName("startSession")]
    public static async Task<Ok<ApiEnvelope<SessionDetail>>> Start(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.StartAsync(id, ct)));

    /// <summary>End a session and keep its summary.</summary>
    /// <remarks>The tutor of the session or a supervisor+: the summary (attendance, exercises done, average score) is kept.</remarks>
    [ErrorResponse(409, "The session was cancelled.")]
    [EndpointName("endSession")]
    public static async Task<Ok<ApiEnvelope<SessionDetail>>> End(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.EndAsync(id, ct)));

    /// <summary>Schedule a session, once or weekly.</summary>
    /// <remarks>Supervisors and above. Times are the centre's local time; a weekly rule makes one session per week. The tutor must be free.</remarks>
    [ErrorResponse(409, "The tutor already has a session at that time.")]
    [EndpointName("createSession")]
    public static async Task<Created<ApiEnvelope<IReadOnlyList<SessionListItem>>>> Create(CreateSessionRequest request, ISessionScheduling scheduling, CancellationToken ct)
    {
        var created = await scheduling.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/sessions/{created[0].Id}", Envelope.Of(created));
    }

    /// <summary>Change a session's time, tutor, title or capacity.</summary>
    /// <remarks>Supervisors and above. Only the fields sent change; the tutor and enrolled students must be free at the new time.</remarks>
    [ErrorResponse(409, "The session is over or cancelled, or the new time clashes with the tutor's or a student's other session.")]
    [EndpointName("updateSession")]
    public static async Task<Ok<ApiEnvelope<SessionListItem>>> Update(Guid id, UpdateSessionRequest request, ISessionScheduling scheduling, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await scheduling.UpdateAsync(id, request, ct)));

    /// <summary>Cancel a session.</summary>
    /// <remarks>Supervisors and above. The optional body <c>{ reason }</c> is kept with it.</remarks>
    [ErrorResponse(409, "A completed session cannot be cancelled.")]
    [EndpointName("cancelSession")]
    [OptionalJsonBody(typeof(CancelSessionRequest))]
    public static async Task<Ok<ApiEnvelope<SessionListItem>>> Cancel(Guid id, HttpRequest http, ISessionScheduling scheduling, CancellationToken ct)
    {
        var request = await OptionalBody.ReadAsync<CancelSessionRequest>(http, ct);
        return TypedResults.Ok(Envelope.Of(await scheduling.CancelAsync(id, request?.Reason, ct)));
    }

    /// <summary>List the students enrolled in a session.</summary>
    /// <remarks>Tutors and above, with attendance.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<EnrolmentView>>>> Enrolments(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.EnrolmentsAsync(id, ct)));

    /// <summary>Enrol a student in a session.</summary>
    /// <remarks>Supervisors and above.</remarks>
    [ErrorResponse(409, "The student is already enrolled or booked elsewhere at that time, the session is full, or it is over or cancelled.")]
    public static async Task<Created<ApiEnvelope<EnrolmentView>>> Enrol(Guid id, EnrolRequest request, ISessionScheduling scheduling, CancellationToken ct)
    {
        var enrolment = await scheduling.EnrolAsync(id, request, ct);
        return TypedResults.Created($"/api/v1/sessions/{id}/enrollments/{enrolment.Id}", Envelope.Of(enrolment));
    }

    /// <summary>Enrol several students in a session at once.</summary>
    /// <remarks>Supervisors and above: <c>{ studentIds }</c>, all or none (students already in the session stay as they are); answers their enrolments.</remarks>
    [ErrorResponse(409, "A student is booked elsewhere at that time, the session has too few places left, or it is over or cancelled.")]
    [EndpointName("enrolStudents")]
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<EnrolmentView>>>> EnrolMany(Guid id, EnrolManyRequest request, ISessionScheduling scheduling, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await scheduling.EnrolManyAsync(id, request, ct)));

    /// <summary>Set one exercise for the whole group or chosen students.</summary>
    /// <remarks>
    /// Tutors and above: <c>{ exerciseId, kind, studentIds?, dueDate?, notes? }</c>. <c>kind</c> NEXT makes it each student's next
    /// exercise (it appears on their screen at once), HOMEWORK sets it as homework due at <c>dueDate</c> (the centre's time). Without
    /// <c>studentIds</c> it is for every student enrolled; each student named must be in the session. All or none.
    /// </remarks>
    [ErrorResponse(409, "The session was cancelled.")]
    public static async Task<Ok<ApiEnvelope<SetWorkResult>>> SetWork(Guid id, SetWorkRequest request, ILessonPlanning planning, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await planning.SetWorkAsync(id, request, ct)));

    /// <summary>Remove a student from a session.</summary>
    /// <remarks>Supervisors and above.</remarks>
    public static async Task<Ok<ApiEnvelope<Acknowledged>>> RemoveEnrolment(Guid sessionId, Guid enrollmentId, ISessionScheduling scheduling, CancellationToken ct)
    {
        await scheduling.RemoveEnrolmentAsync(sessionId, enrollmentId, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Removed from the session")));
    }

    /// <summary>Mark one student's attendance.</summary>
    /// <remarks>Tutors and above: ATTENDING, LATE, ABSENT or EXCUSED; a correction takes back XP a wrong mark paid.</remarks>
    [ErrorResponse(409, "The session was cancelled.")]
    public static async Task<Ok<ApiEnvelope<EnrolmentView>>> MarkAttendance(Guid id, AttendanceRequest request, IAttendanceRegister register, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await register.MarkAttendanceAsync(id, request, ct)));

    /// <summary>Mark several students' attendance at once.</summary>
    /// <remarks>Tutors and above: as marking one at a time, all in one step.</remarks>
    [ErrorResponse(409, "The session was cancelled.")]
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<EnrolmentView>>>> MarkAttendanceBulk(Guid id, BulkAttendanceRequest request, IAttendanceRegister register, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await register.MarkAttendanceBulkAsync(id, request, ct)));

    /// <summary>A student's plan in a session.</summary>
    /// <remarks>Tutors and above: the next content, recent work, open homework and notes.</remarks>
    public static async Task<Ok<ApiEnvelope<LessonPlan>>> Plan(Guid sessionId, Guid studentId, ILessonPlanning planning, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await planning.PlanAsync(sessionId, studentId, ct)));

    /// <summary>Add a note to a student's plan.</summary>
    /// <remarks>Tutors and above; kept with the student for later sessions.</remarks>
    public static async Task<Created<ApiEnvelope<NoteView>>> AddNote(Guid sessionId, Guid studentId, NoteRequest request, ILessonPlanning planning, CancellationToken ct)
    {
        var note = await planning.AddNoteAsync(sessionId, studentId, request, ct);
        return TypedResults.Created($"/api/v1/sessions/{sessionId}/students/{studentId}/plan", Envelope.Of(note));
    }

    /// <summary>Raise a hand in a live session.</summary>
    /// <remarks>Students enrolled in the session; the optional body <c>{ message }</c> tells the tutor what it is about.</remarks>
    [ErrorResponse(409, "The hand is already up, or the session is over.")]
    [OptionalJsonBody(typeof(RaiseHandRequest))]
    public static async Task<Created<ApiEnvelope<HelpRequestView>>> RaiseHand(Guid id, HttpRequest http, IHelpRequests help, CancellationToken ct)
    {
        var request = await OptionalBody.ReadAsync<RaiseHandRequest>(http, ct) ?? new RaiseHandRequest(null);
        var raised = await help.RaiseAsync(id, request, ct);
        return TypedResults.Created($"/api/v1/help-requests/{raised.Id}", Envelope.Of(raised));
    }

    /// <summary>Tell a student the tutor is on the way.</summary>
    /// <remarks>Tutors and above.</remarks>
    [ErrorResponse(409, "The request was already answered or closed.")]
    public static async Task<Ok<ApiEnvelope<HelpRequestView>>> AcknowledgeHelp(Guid id, IHelpRequests help, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await help.AcknowledgeAsync(id, ct)));

    /// <summary>Mark a help request resolved.</summary>
    /// <remarks>Tutors and above.</remarks>
    [ErrorResponse(409, "The request was already resolved or closed.")]
    public static async Task<Ok<ApiEnvelope<HelpRequestView>>> ResolveHelp(Guid id, IHelpRequests help, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await help.ResolveAsync(id, ct)));

    /// <summary>Put a raised hand down.</summary>
    /// <remarks>The student who raised it.</remarks>
    [ErrorResponse(409, "The request was already answered or closed.")]
    public static async Task<Ok<ApiEnvelope<HelpRequestView>>> CancelHelp(Guid id, IHelpRequests help, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await help.CancelAsync(id, ct)));

    /// <summary>Choose what a student does next.</summary>
    /// <remarks>Tutors and above: the exercise appears on the student's screen at once.</remarks>
    public static async Task<Ok<ApiEnvelope<NextContent>>> AssignContent(Guid id, AssignContentRequest request, ILessonPlanning planning, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await planning.AssignContentAsync(id, request, ct)));
}
