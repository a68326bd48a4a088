using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

/// <summary>The contract's "Exercise Attempts" section.</summary>
public static class AttemptsEndpoints
{
    public static IEndpointRouteBuilder MapAttemptsEndpoints(this IEndpointRouteBuilder app)
    {
        var attempts = app.MapGroup("/api/v1").WithTags("Attempts");
        attempts.MapPost("/exercises/{id:guid}/start", Start).RequireAuthorization(Policies.Student);
        attempts.MapPatch("/attempts/{id:guid}/autosave", Autosave).RequireAuthorization(Policies.Student);
        attempts.MapPost("/attempts/{id:guid}/submit", Submit).RequireAuthorization(Policies.Student);
        // A parent reads a child's attempts through the parent portal.
        attempts.MapGet("/attempts/{id:guid}", GetAttempt).RequireAuthorization(Policies.Authenticated)
            .RequireFeature(CentreFeatures.ParentPortal, onlyFor: Role.Parent);
        attempts.MapPost("/exercises/{id:guid}/answer-release", ReleaseAnswers).RequireAuthorization(Policies.TeacherPlus);
        return app;
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
}
