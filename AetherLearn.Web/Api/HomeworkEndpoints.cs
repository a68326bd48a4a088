using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Homework;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

/// <summary>The contract's "Homework" section.</summary>
public static class HomeworkEndpoints
{
    public static IEndpointRouteBuilder MapHomeworkEndpoints(this IEndpointRouteBuilder app)
    {
        // A parent reads a child's homework through the parent portal.
        var homework = app.MapGroup("/api/v1/homework").WithTags("Homework")
            .RequireFeature(CentreFeatures.Homework).RequireFeature(CentreFeatures.ParentPortal, onlyFor: Role.Parent);
        homework.MapGet("/", ListHomework).RequireAuthorization(Policies.Authenticated);
        homework.MapPost("/", AssignHomework).RequireAuthorization(Policies.TeacherPlus);
        homework.MapPatch("/{id:guid}", UpdateHomework).RequireAuthorization(Policies.TeacherPlus);
        return app;
    }

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
