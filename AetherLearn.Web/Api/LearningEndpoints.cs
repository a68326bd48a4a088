using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

/// <summary>The contract's "Exercise Attempts" and "Homework" sections, and next-content sequencing.</summary>
public static class LearningEndpoints
{
    public static IEndpointRouteBuilder MapLearningEndpoints(this IEndpointRouteBuilder app)
    {
        // A parent reads a child's next content, attempts and homework through the parent portal.
        app.MapGet("/api/v1/content/next", Next).WithTags("Content").RequireAuthorization(Policies.Authenticated)
            .RequireFeature(CentreFeatures.ParentPortal, onlyFor: Role.Parent);

        var attempts = app.MapGroup("/api/v1").WithTags("Attempts");
        attempts.MapPost("/exercises/{id:guid}/start", Start).RequireAuthorization(Policies.Student);
        attempts.MapPatch("/attempts/{id:guid}/autosave", Autosave).RequireAuthorization(Policies.Student);
        attempts.MapPost("/attempts/{id:guid}/submit", Submit).RequireAuthorization(Policies.Student);
        attempts.MapGet("/attempts/{id:guid}", GetAttempt).RequireAuthorization(Policies.Authenticated)
            .RequireFeature(CentreFeatures.ParentPortal, onlyFor: Role.Parent);
        attempts.MapPost("/exercises/{id:guid}/answer-release", ReleaseAnswers).RequireAuthorization(Policies.TeacherPlus);

        var homework = app.MapGroup("/api/v1/homework").WithTags("Homework")
            .RequireFeature(CentreFeatures.Homework).RequireFeature(CentreFeatures.ParentPortal, onlyFor: Role.Parent);
        homework.MapGet("/", ListHomework).RequireAuthorization(Policies.Authenticated);
        homework.MapPost("/", AssignHomework).RequireAuthorization(Policies.TeacherPlus);
        homework.MapPatch("/{id:guid}", UpdateHomework).RequireAuthorization(Policies.TeacherPlus);
        return app;
    }

    /// <summary>What a student should do next in a course.</summary>
    /// <remarks>The tutor's choice for the student if there is one, otherwise the next exercise by the sequencing rules. Students ask for themselves; staff and parents name <c>studentId</c>. <c>courseId</c> is required.</remarks>
    [EndpointName("nextContent")]
    public static async Task<Ok<ApiEnvelope<NextContent>>> Next(ISequencing sequencing, ICurrentUser user, Guid? studentId, Guid? courseId, CancellationToken ct)
    {
        var student = studentId ?? (user.Role == Role.Student ? user.UserId : null)
            ?? throw DomainValidationException.For("studentId", "studentId is required");
        if (courseId is not { } course) { throw DomainValidationException.For("courseId", "courseId is required"); }
        return TypedResults.Ok(Envelope.Of(await sequencing.NextAsync(student, course, ct)));
    }

    /// <summary>Start (or resume) an exercise attempt.</summary>
    /// <remarks>Students. Resumes the open attempt of the exercise if there is one; the optional body <c>{ sessionEnrollmentId }</c> counts the work for a lesson.</remarks>
    [EndpointName("startAttempt")]
    [OptionalJsonBody(typeof(StartAttemptRequest))]
    public static async Task<Created<ApiEnvelope<AttemptView>>> Start(Guid id, HttpRequest http, IAttemptService attempts, CancellationToken ct)
    {
        var request = await OptionalBody.ReadAsync<StartAttemptRequest>(http, ct);
        var attempt = await attempts.StartAsync(id, request ?? new StartAttemptRequest(), ct);
        return TypedResults.Created($"/api/v1/attempts/{attempt.Id}", Envelope.Of(attempt));
    }

    /// <summary>Save answers while the student works.</summary>
    /// <remarks>Students. Send the answers so far with a rising <c>sequence</c>; a save older than the last one kept is ignored, so saves may arrive out of order.</remarks>
    [ErrorResponse(409, "The attempt has been submitted; answers can no longer change.")]
    public static async Task<Ok<ApiEnvelope<AutosaveResult>>> Autosave(Guid id, AutosaveRequest request, IAttemptService attempts, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await attempts.AutosaveAsync(id, request, ct)));

    /// <summary>Submit an attempt for marking.</summary>
    /// <remarks>Students. The optional body <c>{ answers, sequence }</c> saves the final answers first; the answer is the marked attempt (score, per-question results) and XP is awarded. Submitting again answers the same result.</remarks>
    [OptionalJsonBody(typeof(SubmitRequest))]
    public static async Task<Ok<ApiEnvelope<AttemptView>>> Submit(Guid id, HttpRequest http, IAttemptService attempts, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await attempts.SubmitAsync(id, await OptionalBody.ReadAsync<SubmitRequest>(http, ct) ?? new SubmitRequest(), ct)));

    /// <summary>Read an attempt and its result.</summary>
    /// <remarks>The student who made it, their parents and staff of the centre.</remarks>
    public static async Task<Ok<ApiEnvelope<AttemptView>>> GetAttempt(Guid id, IAttemptService attempts, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await attempts.GetAsync(id, ct)));

    /// <summary>Show a student the correct answers of an exercise.</summary>
    /// <remarks>
    /// Body <c>{ studentId }</c>: shows that student the correct answers of the exercise whatever the centre's answer-reveal
    /// rule (once; repeating it answers the first release). Teacher and above; audited. Another centre's student is 404.
    /// </remarks>
    public static async Task<Ok<ApiEnvelope<AnswerReleaseView>>> ReleaseAnswers(Guid id, ReleaseAnswersRequest request, IAttemptService attempts, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await attempts.ReleaseAnswersAsync(id, request, ct)));

    /// <summary>List homework with due dates.</summary>
    /// <remarks>A student's own; parents and staff name <c>studentId</c>.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<HomeworkItem>>>> ListHomework(IHomeworkService homework, Guid? studentId, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await homework.ListAsync(studentId, ct)));

    /// <summary>Set homework for a student.</summary>
    /// <remarks>Tutors and above: an exercise with a due date; the student and their parents are told.</remarks>
    public static async Task<Created<ApiEnvelope<HomeworkItem>>> AssignHomework(AssignHomeworkRequest request, IHomeworkService homework, CancellationToken ct)
    {
        var item = await homework.AssignAsync(request, ct);
        return TypedResults.Created($"/api/v1/homework?studentId={item.StudentId}", Envelope.Of(item));
    }

    /// <summary>Change homework's due date or notes.</summary>
    /// <remarks>Tutors and above. A new due date starts the overdue reminders again.</remarks>
    public static async Task<Ok<ApiEnvelope<HomeworkItem>>> UpdateHomework(Guid id, UpdateHomeworkRequest request, IHomeworkService homework, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await homework.UpdateAsync(id, request, ct)));
}
