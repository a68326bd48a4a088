using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
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
        sessions.MapDelete("/{id:guid}", Cancel).Accepts<CancelSessionRequest>(isOptional: true, "application/json").RequireAuthorization(Policies.SupervisorPlus);

        sessions.MapGet("/{id:guid}/enrollments", Enrolments).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{id:guid}/enrollments", Enrol).RequireAuthorization(Policies.SupervisorPlus);
        sessions.MapDelete("/{sessionId:guid}/enrollments/{enrollmentId:guid}", RemoveEnrolment).RequireAuthorization(Policies.SupervisorPlus);
        sessions.MapPost("/{id:guid}/attendance", MarkAttendance).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{id:guid}/attendance/bulk", MarkAttendanceBulk).RequireAuthorization(Policies.TeacherPlus);

        sessions.MapGet("/{sessionId:guid}/students/{studentId:guid}/plan", Plan).RequireAuthorization(Policies.TeacherPlus);
        sessions.MapPost("/{sessionId:guid}/students/{studentId:guid}/notes", AddNote).RequireAuthorization(Policies.TeacherPlus);
        app.MapPost("/api/v1/enrollments/{id:guid}/assign-content", AssignContent).WithTags("Sessions").RequireAuthorization(Policies.TeacherPlus);

        sessions.MapPost("/{id:guid}/help-request", RaiseHand).Accepts<RaiseHandRequest>(isOptional: true, "application/json").WithTags("Help requests").RequireAuthorization(Policies.Student);
        var help = app.MapGroup("/api/v1/help-requests").WithTags("Help requests");
        help.MapPatch("/{id:guid}/acknowledge", AcknowledgeHelp).RequireAuthorization(Policies.TeacherPlus);
        help.MapPatch("/{id:guid}/resolve", ResolveHelp).RequireAuthorization(Policies.TeacherPlus);
        help.MapDelete("/{id:guid}", CancelHelp).RequireAuthorization(Policies.Student);
        return app;
    }

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<SessionListItem>>>> Today(ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.TodayAsync(ct)));

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<SessionListItem>>>> Upcoming(ILessonService lessons, int? page, int? limit, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Paged(await lessons.UpcomingAsync(new PageRequest(page ?? 1, limit ?? 20), ct)));

    /// <summary>Sessions overlapping [from, to) (UTC instants or ISO times with offsets): the supervisor's week view.</summary>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<SessionListItem>>>> Calendar(ISessionScheduling scheduling, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await scheduling.BetweenAsync(from.UtcDateTime, to.UtcDateTime, ct)));

    public static async Task<Ok<ApiEnvelope<SessionDetail>>> GetSession(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.GetAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<SessionDashboard>>> Dashboard(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.DashboardAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<SessionDetail>>> Start(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.StartAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<SessionDetail>>> End(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.EndAsync(id, ct)));

    public static async Task<Created<ApiEnvelope<IReadOnlyList<SessionListItem>>>> Create(CreateSessionRequest request, ISessionScheduling scheduling, CancellationToken ct)
    {
        var created = await scheduling.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/sessions/{created[0].Id}", Envelope.Of(created));
    }

    public static async Task<Ok<ApiEnvelope<SessionListItem>>> Update(Guid id, UpdateSessionRequest request, ISessionScheduling scheduling, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await scheduling.UpdateAsync(id, request, ct)));

    /// <summary>Cancels the session; the optional body <c>{ reason }</c> is kept with it.</summary>
    public static async Task<Ok<ApiEnvelope<SessionListItem>>> Cancel(Guid id, HttpRequest http, ISessionScheduling scheduling, CancellationToken ct)
    {
        var request = await OptionalBody.ReadAsync<CancelSessionRequest>(http, ct);
        return TypedResults.Ok(Envelope.Of(await scheduling.CancelAsync(id, request?.Reason, ct)));
    }

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<EnrolmentView>>>> Enrolments(Guid id, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.EnrolmentsAsync(id, ct)));

    public static async Task<Created<ApiEnvelope<EnrolmentView>>> Enrol(Guid id, EnrolRequest request, ISessionScheduling scheduling, CancellationToken ct)
    {
        var enrolment = await scheduling.EnrolAsync(id, request, ct);
        return TypedResults.Created($"/api/v1/sessions/{id}/enrollments/{enrolment.Id}", Envelope.Of(enrolment));
    }

    public static async Task<Ok<ApiEnvelope<Acknowledged>>> RemoveEnrolment(Guid sessionId, Guid enrollmentId, ISessionScheduling scheduling, CancellationToken ct)
    {
        await scheduling.RemoveEnrolmentAsync(sessionId, enrollmentId, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Removed from the session")));
    }

    public static async Task<Ok<ApiEnvelope<EnrolmentView>>> MarkAttendance(Guid id, AttendanceRequest request, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.MarkAttendanceAsync(id, request, ct)));

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<EnrolmentView>>>> MarkAttendanceBulk(Guid id, BulkAttendanceRequest request, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.MarkAttendanceBulkAsync(id, request, ct)));

    public static async Task<Ok<ApiEnvelope<LessonPlan>>> Plan(Guid sessionId, Guid studentId, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.PlanAsync(sessionId, studentId, ct)));

    public static async Task<Created<ApiEnvelope<NoteView>>> AddNote(Guid sessionId, Guid studentId, NoteRequest request, ILessonService lessons, CancellationToken ct)
    {
        var note = await lessons.AddNoteAsync(sessionId, studentId, request, ct);
        return TypedResults.Created($"/api/v1/sessions/{sessionId}/students/{studentId}/plan", Envelope.Of(note));
    }

    /// <summary>Optional body <c>{ message }</c>.</summary>
    public static async Task<Created<ApiEnvelope<HelpRequestView>>> RaiseHand(Guid id, HttpRequest http, IHelpRequests help, CancellationToken ct)
    {
        var request = await OptionalBody.ReadAsync<RaiseHandRequest>(http, ct) ?? new RaiseHandRequest(null);
        var raised = await help.RaiseAsync(id, request, ct);
        return TypedResults.Created($"/api/v1/help-requests/{raised.Id}", Envelope.Of(raised));
    }

    public static async Task<Ok<ApiEnvelope<HelpRequestView>>> AcknowledgeHelp(Guid id, IHelpRequests help, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await help.AcknowledgeAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<HelpRequestView>>> ResolveHelp(Guid id, IHelpRequests help, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await help.ResolveAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<HelpRequestView>>> CancelHelp(Guid id, IHelpRequests help, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await help.CancelAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<NextContent>>> AssignContent(Guid id, AssignContentRequest request, ILessonService lessons, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await lessons.AssignContentAsync(id, request, ct)));
}
