using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

public static class ContentEndpoints
{
    public static IEndpointRouteBuilder MapContentEndpoints(this IEndpointRouteBuilder app)
    {
        var content = app.MapGroup("/api/v1/content").WithTags("Content");
        content.MapGet("/courses", ListCourses).RequireAuthorization(Policies.TeacherPlus);
        content.MapGet("/courses/{courseId:guid}/levels", ListLevels).RequireAuthorization(Policies.TeacherPlus);
        content.MapGet("/courses/{courseId:guid}/levels/{levelId:guid}/units", ListUnits).RequireAuthorization(Policies.TeacherPlus);
        content.MapGet("/lessons/{lessonId:guid}/exercises", ListExercises).RequireAuthorization(Policies.TeacherPlus);
        // Teacher+ or a student it is assigned to: the service decides.
        content.MapGet("/exercises/{id:guid}", GetExercise).RequireAuthorization(Policies.Authenticated);
        // Not in the contract's table: how a centre adds its own content (docs/content-import.md).
        content.MapPost("/import", Import).RequireAuthorization(Policies.AdminPlus);
        return app;
    }

    /// <summary>List the courses of the catalogue.</summary>
    /// <remarks>Tutors and above: the shared courses and the centre's own.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<CourseSummary>>>> ListCourses(IContentService content, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await content.ListCoursesAsync(ct)));

    /// <summary>List a course's levels.</summary>
    /// <remarks>Tutors and above, in order.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<LevelSummary>>>> ListLevels(Guid courseId, IContentService content, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await content.ListLevelsAsync(courseId, ct)));

    /// <summary>List a level's units with their lessons.</summary>
    /// <remarks>Tutors and above, in order.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<UnitWithLessons>>>> ListUnits(Guid courseId, Guid levelId, IContentService content, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await content.ListUnitsAsync(courseId, levelId, ct)));

    /// <summary>List a lesson's exercises.</summary>
    /// <remarks>Tutors and above, in order, with type and difficulty.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<ExerciseSummary>>>> ListExercises(Guid lessonId, IContentService content, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await content.ListExercisesAsync(lessonId, ct)));

    /// <summary>Read an exercise with its questions.</summary>
    /// <remarks>Tutors and above see the answers; a student may read an exercise only when it is theirs to do, and without the answers.</remarks>
    public static async Task<Ok<ApiEnvelope<ExerciseDetail>>> GetExercise(Guid id, IContentService content, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await content.GetExerciseAsync(id, ct)));

    /// <summary>Import courses and exercises into the centre's catalogue.</summary>
    /// <remarks>Admins. The JSON format is in docs/content-import.md; the whole package is checked before anything is stored.</remarks>
    [EndpointName("importContent")]
    public static async Task<Created<ApiEnvelope<ImportSummary>>> Import(ContentPackage package, IContentService content, CancellationToken ct) =>
        TypedResults.Created("/api/v1/content/courses", Envelope.Of(await content.ImportAsync(package, ct)));
}
