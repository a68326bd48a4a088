using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Homework;

internal sealed class HomeworkService(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    IExerciseCatalog catalog,
    IAttemptQueries attempts,
    IPeopleDirectory people,
    Centres.ICentreService centres,
    TimeProvider clock) : IHomeworkService, IHomeworkQueries
{
    /// <summary>A due date without an offset is a wall-clock time in the centre's zone.</summary>
    private async Task<DateTime> DueUtcAsync(DateTime due, CancellationToken ct)
    {
        return Clock.CentreTimeToUtc(due, await centres.TimeZoneOfAsync(currentUser.CentreId, ct));
    }

    public async Task<IReadOnlyList<HomeworkItem>> ListAsync(Guid? studentId, CancellationToken ct = default)
    {
        var student = (await people.ReadableStudentAsync(currentUser, studentId, ct)).Id;
        await using var db = dbFactory.Create<IHomeworkDb>();
        var rows = await db.Homework.AsNoTracking().Where(h => h.StudentId == student).OrderBy(h => h.DueAt).ToListAsync(ct);
        return await DescribeAsync(rows, ct);
    }

    public async Task<HomeworkItem> AssignAsync(AssignHomeworkRequest request, CancellationToken ct = default)
    {
        RequireTeacher();
        TextRules.Check(request);
        return (await AssignAsync(request.StudentId is { } id ? [id] : [], "studentId", request.ExerciseId, request.DueDate, request.Notes, ct))[0];
    }

    public async Task<IReadOnlyList<HomeworkItem>> AssignManyAsync(AssignHomeworkToManyRequest request, CancellationToken ct = default)
    {
        RequireTeacher();
        TextRules.Check(request);
        return await AssignAsync(request.StudentIds?.Distinct().ToList() ?? [], "studentIds", request.ExerciseId, request.DueDate, request.Notes, ct);
    }

    private async Task<IReadOnlyList<HomeworkItem>> AssignAsync(IReadOnlyList<Guid> studentIds, string studentField, Guid? exerciseId, DateTime? dueDate, string? notes,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? due = dueDate is { } d ? await DueUtcAsync(d, ct) : null;
        var v = new Validator()
            .Check(studentIds.Count > 0, studentField, studentField == "studentId" ? "Student is required" : "Choose at least one student")
            .Check(studentIds.Count <= 200, studentField, "Set homework for at most 200 students at once")
            .Check(exerciseId is not null, "exerciseId", "Exercise is required")
            .Check(dueDate is not null, "dueDate", "Due date is required")
            .Check(due is null || due > now, "dueDate", "The due date must be in the future")
            .Check(notes is null || notes.Length <= 1000, "notes", "Notes must be at most 1000 characters");
        v.ThrowIfInvalid();
        var found = await people.FindAsync(studentIds, ct);
        if (studentIds.Any(id => found.GetValueOrDefault(id) is not { Role: Role.Student, IsActive: true }))
        {
            throw DomainValidationException.For(studentField, "No such student in this centre");
        }
        var exercise = await catalog.FindAsync(exerciseId!.Value, ct) ?? throw DomainValidationException.For("exerciseId", "No such exercise");

        await using var db = dbFactory.Create<IHomeworkDb>();
        var rows = new List<HomeworkAssignment>(studentIds.Count);
        foreach (var studentId in studentIds)
        {
            var homework = new HomeworkAssignment
            {
                StudentId = studentId, ExerciseId = exercise.Id, AssignedBy = currentUser.UserId!.Value, AssignedAt = now,
                DueAt = due!.Value, Notes = notes?.Trim(),
            };
            db.Homework.Add(homework);
            db.Publish(new HomeworkAssigned(homework.Id, studentId, exercise.Id, homework.DueAt));
            rows.Add(homework);
        }
        // One save: every homework and its event together, or none.
        await db.SaveChangesAsync(ct);
        return await DescribeAsync(rows, ct);
    }

    public async Task<HomeworkItem> UpdateAsync(Guid id, UpdateHomeworkRequest request, CancellationToken ct = default)
    {
        RequireTeacher();
        TextRules.Check(request);
        await using var db = dbFactory.Create<IHomeworkDb>();
        var homework = await db.Homework.FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw new NotFoundException("Homework");
        DateTime? due = request.DueDate is { } d ? await DueUtcAsync(d, ct) : null;
        new Validator()
            .Check(due is null || due > homework.AssignedAt, "dueDate", "The due date must be after the homework was set")
            .Check(request.Notes is null || request.Notes.Length <= 1000, "notes", "Notes must be at most 1000 characters")
            .ThrowIfInvalid();
        if (due is { } newDue && newDue != homework.DueAt) { (homework.DueAt, homework.OverdueReminders) = (newDue, 0); }
        if (request.Notes is not null) { homework.Notes = request.Notes.Trim(); }
        await db.SaveChangesAsync(ct);
        return (await DescribeAsync([homework], ct))[0];
    }

    public async Task<IReadOnlyList<HomeworkItem>> OpenForAsync(Guid studentId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IHomeworkDb>();
        var rows = await db.Homework.AsNoTracking().Where(h => h.StudentId == studentId && h.SubmittedAt == null).OrderBy(h => h.DueAt).ToListAsync(ct);
        return await DescribeAsync(rows, ct);
    }

    public async Task<IReadOnlyList<HomeworkItem>> OverdueAsync(int take, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.Create<IHomeworkDb>();
        // The centre filter keeps it to the reader's centre.
        var rows = await db.Homework.AsNoTracking().Where(h => h.SubmittedAt == null && h.DueAt < now).OrderBy(h => h.DueAt).Take(take).ToListAsync(ct);
        return await DescribeAsync(rows, ct);
    }

    public async Task<HomeworkFacts?> FindAsync(Guid homeworkId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IHomeworkDb>();
        return await db.Homework.AsNoTracking().Where(h => h.Id == homeworkId)
            .Select(h => new HomeworkFacts(h.Id, h.StudentId, h.ExerciseId, h.AssignedBy, h.DueAt, h.SubmittedAt)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<DateTime>> MissedDueTimesAsync(Guid studentId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IHomeworkDb>();
        return await db.Homework.AsNoTracking()
            .Where(h => h.StudentId == studentId && h.DueAt >= fromUtc && h.DueAt < toUtc && (h.SubmittedAt == null || h.SubmittedAt > h.DueAt))
            .Select(h => h.DueAt).ToListAsync(ct);
    }

    private void RequireTeacher()
    {
        if (!currentUser.IsInRole(Role.Teacher)) { throw new ForbiddenException(); }
    }

    private async Task<IReadOnlyList<HomeworkItem>> DescribeAsync(IReadOnlyList<HomeworkAssignment> rows, CancellationToken ct)
    {
        var exercises = await catalog.FindManyAsync(rows.Select(r => r.ExerciseId), ct);
        var names = await people.FindAsync(rows.Select(r => r.StudentId), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var items = new List<HomeworkItem>(rows.Count);
        foreach (var h in rows)
        {
            AttemptSummary? latest = null;
            if (h.SubmittedAt is null) { latest = (await attempts.ForExerciseAsync(h.StudentId, h.ExerciseId, h.AssignedAt, ct)).LastOrDefault(); }
            var submitted = h.SubmittedAt is not null ? await attempts.FindAsync(h.SubmittedAttemptId!.Value, ct) : null;
            var status = HomeworkRules.StatusOf(h, latest, now);
            var exercise = exercises.GetValueOrDefault(h.ExerciseId);
            items.Add(new HomeworkItem(h.Id, h.StudentId, names.GetValueOrDefault(h.StudentId)?.Name ?? "", h.ExerciseId, exercise?.Title ?? "(removed exercise)",
                exercise?.EstimatedMinutes ?? 0, h.AssignedAt, h.DueAt, h.Notes, status, h.SubmittedAt is { } at ? at <= h.DueAt : null,
                submitted?.Id ?? latest?.Id, submitted?.ScorePercent));
        }
        return items;
    }
}

public static class HomeworkRules
{
    /// <summary>Submitted beats everything; past the due date without a submission it is overdue; a started attempt is in progress.</summary>
    public static HomeworkStatus StatusOf(HomeworkAssignment homework, AttemptSummary? latestAttempt, DateTime now) =>
        homework.SubmittedAt is not null ? HomeworkStatus.Submitted
        : now > homework.DueAt ? HomeworkStatus.Overdue
        : latestAttempt is { Status: AttemptStatus.InProgress } ? HomeworkStatus.InProgress
        : HomeworkStatus.Assigned;
}

/// <summary>A student may open an exercise set as their homework.</summary>
internal sealed class HomeworkAccessRule(IDbSessionFactory dbFactory) : IExerciseAccessRule
{
    public async Task<bool> AllowsAsync(Guid studentId, Guid exerciseId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IHomeworkDb>();
        return await db.Homework.AnyAsync(h => h.StudentId == studentId && h.ExerciseId == exerciseId, ct);
    }
}
