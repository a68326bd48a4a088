using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Progression;

internal sealed class SequencingService(
    IDbSessionFactory dbFactory, ICurrentUser currentUser, IExerciseCatalog catalog, IAttemptQueries attempts, ICentreService centres, IPeopleDirectory people, TimeProvider clock)
    : ISequencing, IExerciseAccessRule
{
    public async Task<NextContent> NextAsync(Guid studentId, Guid courseId, CancellationToken ct = default)
    {
        var allowed = currentUser.Role == Role.Student ? currentUser.UserId == studentId : currentUser.IsInRole(Role.Teacher);
        if (!allowed) { throw currentUser.Role == Role.Student ? new NotFoundException("Student") : new ForbiddenException(); }
        // Only a student of the caller's centre has a plan here; anyone else is answered as missing.
        if ((await people.FindAsync([studentId], ct)).GetValueOrDefault(studentId) is not { Role: Role.Student }) { throw new NotFoundException("Student"); }
        return await ComputeAsync(studentId, courseId, ct);
    }

    public Task<Guid> AssignAsync(Guid studentId, Guid exerciseId, Guid assignedBy, CancellationToken ct = default) =>
        AssignManyAsync([studentId], exerciseId, assignedBy, ct);

    public async Task<Guid> AssignManyAsync(IReadOnlyCollection<Guid> studentIds, Guid exerciseId, Guid assignedBy, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISequencingDb>();
        var exercise = await catalog.FindAsync(exerciseId, ct)
            ?? throw DomainValidationException.For("exerciseId", "No such exercise");
        var now = clock.GetUtcNow().UtcDateTime;
        var students = studentIds.Distinct().ToList();
        await foreach (var open in db.ContentOverrides.Where(o => students.Contains(o.StudentId) && o.CourseId == exercise.CourseId && o.ClearedAt == null)
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            open.ClearedAt = now;
        }
        foreach (var studentId in students)
        {
            db.ContentOverrides.Add(new ContentOverride { StudentId = studentId, CourseId = exercise.CourseId, ExerciseId = exerciseId, AssignedBy = assignedBy, AssignedAt = now });
            db.Publish(new ContentAssigned(studentId, exerciseId, assignedBy, exercise.Title));
        }
        await db.SaveChangesAsync(ct);
        return exercise.CourseId;
    }

    public async Task ClearOverrideAsync(Guid studentId, Guid courseId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISequencingDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var open in await db.ContentOverrides.Where(o => o.StudentId == studentId && o.CourseId == courseId && o.ClearedAt == null).ToListAsync(ct))
        {
            open.ClearedAt = now;
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<int> LevelOfAsync(Guid studentId, Guid courseId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISequencingDb>();
        return await db.StudentLevels.Where(l => l.StudentId == studentId && l.CourseId == courseId).Select(l => (int?)l.LevelNumber).FirstOrDefaultAsync(ct) ?? 1;
    }

    /// <summary>A student may open the exercise that is next for them in its course.</summary>
    public async Task<bool> AllowsAsync(Guid studentId, Guid exerciseId, CancellationToken ct = default)
    {
        var courseId = (await catalog.FindAsync(exerciseId, ct))?.CourseId;
        return courseId is { } course && (await ComputeAsync(studentId, course, ct)).ExerciseId == exerciseId;
    }

    private async Task<NextContent> ComputeAsync(Guid studentId, Guid courseId, CancellationToken ct)
    {
        await using var db = dbFactory.Create<ISequencingDb>();
        if (!(await catalog.CourseTitlesAsync([courseId], ct)).ContainsKey(courseId)) { throw new NotFoundException("Course"); }
        var level = await db.StudentLevels.Where(l => l.StudentId == studentId && l.CourseId == courseId).Select(l => (int?)l.LevelNumber).FirstOrDefaultAsync(ct) ?? 1;
        var open = await db.ContentOverrides.AsNoTracking().Where(o => o.StudentId == studentId && o.CourseId == courseId && o.ClearedAt == null)
            .OrderByDescending(o => o.AssignedAt).FirstOrDefaultAsync(ct);
        // An override is done once the student has submitted the exercise after it was set.
        if (open is not null && (await attempts.ForExerciseAsync(studentId, open.ExerciseId, open.AssignedAt, ct))
                .Any(a => a.Status == AttemptStatus.Submitted && a.SubmittedAt >= open.AssignedAt))
        {
            open = null;
        }
        var candidates = (await catalog.LevelSequenceAsync(courseId, level, ct)).Select(e => new SequencingRules.Candidate(e.Id, e.Sequence)).ToList();
        var best = await attempts.BestScoresAsync(studentId, courseId, ct);
        var mastery = currentUser.CentreId is { } centre ? (await centres.FindConfigAsync(centre, ct))?.MasteryThresholdPercent ?? 80 : 80;
        var (reason, exerciseId) = SequencingRules.Next(open?.ExerciseId, candidates, best, mastery);
        var exercise = exerciseId is { } id ? await catalog.FindAsync(id, ct) : null;
        return new NextContent(studentId, courseId, level, reason, exercise?.Id, exercise?.Title, exercise?.EstimatedMinutes, reason == NextReason.Override ? open?.Id : null);
    }
}
