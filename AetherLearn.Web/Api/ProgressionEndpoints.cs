using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Progression;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

/// <summary>The Progression module: what a student should do next.</summary>
public static class ProgressionEndpoints
{
    public static IEndpointRouteBuilder MapProgressionEndpoints(this IEndpointRouteBuilder app)
    {
        // A parent reads a child's next content through the parent portal.
        app.MapGet("/api/v1/content/next", Next).WithTags("Content").RequireAuthorization(Policies.Authenticated)
            .RequireFeature(CentreFeatures.ParentPortal, onlyFor: Role.Parent);
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
}
