using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Homework;

/// <summary>
/// A submitted attempt at a homework exercise completes the earliest open homework for it and publishes
/// <c>homework.submitted</c> (with the submission and due times the gamification rules need).
/// </summary>
internal static class HomeworkEventHandlers
{
    public const string CompleteOnSubmission = "homework.complete-on-submission";

    public static void Register(EventHandlerRegistry registry) =>
        registry.OnEvent<ExerciseSubmitted>(CompleteOnSubmission, HandleAsync);

    private static async Task HandleAsync(ExerciseSubmitted e, EventMetadata meta, IServiceProvider services, CancellationToken ct)
    {
        var attemptId = e.AttemptId;
        var actor = new Actor(meta.UserId, "system", meta.CentreId, null, null);
        var attempt = await services.GetRequiredService<IAttemptQueries>().FindAsync(attemptId, ct);
        if (attempt?.SubmittedAt is not { } submittedAt) { return; }
        await using var db = services.GetRequiredService<IDbSessionFactory>().CreateSystem<IHomeworkDb>(actor);
        // One attempt completes one homework: a redelivered event finds it done and stops here.
        if (await db.Homework.AnyAsync(h => h.SubmittedAttemptId == attemptId, ct)) { return; }
        var homework = await db.Homework
            .Where(h => h.StudentId == attempt.StudentId && h.ExerciseId == attempt.ExerciseId && h.SubmittedAt == null && h.AssignedAt <= submittedAt)
            .OrderBy(h => h.DueAt).FirstOrDefaultAsync(ct);
        if (homework is null) { return; }
        homework.SubmittedAt = submittedAt;
        homework.SubmittedAttemptId = attemptId;
        db.Publish(new HomeworkSubmitted(homework.Id, homework.StudentId, attemptId, submittedAt, homework.DueAt, OnTime: submittedAt <= homework.DueAt));
        await db.SaveChangesAsync(ct);
    }
}
