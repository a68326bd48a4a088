using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

/// <summary>The contract's "Exercise Attempts" and "Homework" sections, and next-content sequencing.</summary>
public static class LearningEndpoints
{
    public static IEndpointRouteBuilder MapLearningEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/content/next", Next).WithTags("Content").RequireAuthorization(Policies.Authenticated);

        var attempts = app.MapGroup("/api/v1").WithTags("Attempts");
        attempts.MapPost("/exercises/{id:guid}/start", Start).Accepts<StartAttemptRequest>(isOptional: true, "application/json").RequireAuthorization(Policies.Student);
        attempts.MapPatch("/attempts/{id:guid}/autosave", Autosave).RequireAuthorization(Policies.Student);
        attempts.MapPost("/attempts/{id:guid}/submit", Submit).Accepts<SubmitRequest>(isOptional: true, "application/json").RequireAuthorization(Policies.Student);
        attempts.MapGet("/attempts/{id:guid}", GetAttempt).RequireAuthorization(Policies.Authenticated);

        var homework = app.MapGroup("/api/v1/homework").WithTags("Homework");
        homework.MapGet("/", ListHomework).RequireAuthorization(Policies.Authenticated);
        homework.MapPost("/", AssignHomework).RequireAuthorization(Policies.TeacherPlus);
        homework.MapPatch("/{id:guid}", UpdateHomework).RequireAuthorization(Policies.TeacherPlus);
        return app;
    }

    public static async Task<Ok<ApiEnvelope<NextContent>>> Next(ISequencing sequencing, ICurrentUser user, Guid? studentId, Guid? courseId, CancellationToken ct)
    {
        var student = studentId ?? (user.Role == Role.Student ? user.UserId : null)
            ?? throw DomainValidationException.For("studentId", "studentId is required");
        if (courseId is not { } course) { throw DomainValidationException.For("courseId", "courseId is required"); }
        return TypedResults.Ok(Envelope.Of(await sequencing.NextAsync(student, course, ct)));
    }

    /// <summary>Optional body <c>{ sessionEnrollmentId }</c>.</summary>
    public static async Task<Created<ApiEnvelope<AttemptView>>> Start(Guid id, HttpRequest http, IAttemptService attempts, CancellationToken ct)
    {
        var request = await OptionalBody.ReadAsync<StartAttemptRequest>(http, ct);
        var attempt = await attempts.StartAsync(id, request ?? new StartAttemptRequest(), ct);
        return TypedResults.Created($"/api/v1/attempts/{attempt.Id}", Envelope.Of(attempt));
    }

    public static async Task<Ok<ApiEnvelope<AutosaveResult>>> Autosave(Guid id, AutosaveRequest request, IAttemptService attempts, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await attempts.AutosaveAsync(id, request, ct)));

    /// <summary>Optional body <c>{ answers, sequence }</c>: the final answers, saved before grading.</summary>
    public static async Task<Ok<ApiEnvelope<AttemptView>>> Submit(Guid id, HttpRequest http, IAttemptService attempts, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await attempts.SubmitAsync(id, await OptionalBody.ReadAsync<SubmitRequest>(http, ct) ?? new SubmitRequest(), ct)));

    public static async Task<Ok<ApiEnvelope<AttemptView>>> GetAttempt(Guid id, IAttemptService attempts, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await attempts.GetAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<HomeworkItem>>>> ListHomework(IHomeworkService homework, Guid? studentId, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await homework.ListAsync(studentId, ct)));

    public static async Task<Created<ApiEnvelope<HomeworkItem>>> AssignHomework(AssignHomeworkRequest request, IHomeworkService homework, CancellationToken ct)
    {
        var item = await homework.AssignAsync(request, ct);
        return TypedResults.Created($"/api/v1/homework?studentId={item.StudentId}", Envelope.Of(item));
    }

    public static async Task<Ok<ApiEnvelope<HomeworkItem>>> UpdateHomework(Guid id, UpdateHomeworkRequest request, IHomeworkService homework, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await homework.UpdateAsync(id, request, ct)));
}
