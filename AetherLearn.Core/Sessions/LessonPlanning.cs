using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

/// <summary>Lesson plans, notes and content overrides: the tutor's planning for each student of a session.</summary>
internal sealed class LessonPlanning(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    IAttemptQueries attempts,
    IExerciseCatalog catalog,
    ISequencing sequencing,
    IHomeworkQueries homework,
    IHomeworkService homeworkService,
    Centres.ICentreFeatures features,
    IPeopleDirectory people,
    ILiveSessionSignals live,
    TimeProvider clock) : ILessonPlanning
{
    public async Task<LessonPlan> PlanAsync(Guid sessionId, Guid studentId, CancellationToken ct = default)
    {
        RequireTeacher();
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, sessionId, ct);
        var enrolment = await db.Enrolments.AsNoTracking().FirstOrDefaultAsync(e => e.SessionId == sessionId && e.StudentId == studentId && e.RemovedAt == null, ct)
            ?? throw new NotFoundException("Student in this session");
        var courses = await CoursesToPlanAsync(session, ct);
        var next = new List<NextContent>();
        foreach (var course in courses) { next.Add(await sequencing.NextAsync(studentId, course, ct)); }
        var recent = await attempts.RecentAsync(studentId, 8, ct);
        var titles = await catalog.FindManyAsync(recent.Select(a => a.ExerciseId), ct);
        var notes = await db.TutorNotes.AsNoTracking().Where(n => n.StudentId == studentId).OrderByDescending(n => n.CreatedAt).Take(20).ToListAsync(ct);
        var names = await people.FindAsync(notes.Select(n => n.AuthorId).Append(studentId), ct);
        return new LessonPlan(sessionId, studentId, names.GetValueOrDefault(studentId)?.Name ?? "", enrolment.Attendance, next,
            recent.Select(a => new RecentAttempt(a.Id, a.ExerciseId, titles.GetValueOrDefault(a.ExerciseId)?.Title ?? "", a.Status, a.StartedAt, a.SubmittedAt, a.ScorePercent)).ToList(),
            await homework.OpenForAsync(studentId, ct),
            notes.Select(n => new NoteView(n.Id, n.AuthorId, names.GetValueOrDefault(n.AuthorId)?.Name ?? "", n.Text, n.CreatedAt, n.SessionId)).ToList());
    }

    public async Task<NoteView> AddNoteAsync(Guid sessionId, Guid studentId, NoteRequest request, CancellationToken ct = default)
    {
        var me = RequireTeacher();
        TextRules.Check(request);
        new Validator().Require("text", request.Text, "Note", 2000).ThrowIfInvalid();
        await using var db = dbFactory.Create<ISessionsDb>();
        await SessionViews.FindAsync(db, sessionId, ct);
        if (!await db.Enrolments.AnyAsync(e => e.SessionId == sessionId && e.StudentId == studentId && e.RemovedAt == null, ct))
        {
            throw new NotFoundException("Student in this session");
        }
        var note = new TutorNote { SessionId = sessionId, StudentId = studentId, AuthorId = me, Text = request.Text!.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.TutorNotes.Add(note);
        await db.SaveChangesAsync(ct);
        return new NoteView(note.Id, me, currentUser.Name ?? "", note.Text, note.CreatedAt, sessionId);
    }

    public async Task<NextContent> AssignContentAsync(Guid enrolmentId, AssignContentRequest request, CancellationToken ct = default)
    {
        var me = RequireTeacher();
        if (request.ExerciseId is null == request.ClearCourseId is null)
        {
            throw DomainValidationException.For("exerciseId", "Give an exercise to do next, or clearCourseId to go back to the automatic sequence");
        }
        await using var db = dbFactory.Create<ISessionsDb>();
        var enrolment = await db.Enrolments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrolmentId && e.RemovedAt == null, ct)
            ?? throw new NotFoundException("Enrolment");
        if (request.ClearCourseId is { } clear)
        {
            await sequencing.ClearOverrideAsync(enrolment.StudentId, clear, ct);
            return await sequencing.NextAsync(enrolment.StudentId, clear, ct);
        }
        var exerciseId = request.ExerciseId!.Value;
        var course = await sequencing.AssignAsync(enrolment.StudentId, exerciseId, me, ct);
        var next = await sequencing.NextAsync(enrolment.StudentId, course, ct);
        // The room is told with the record the outbox carries (the sequencing service published it with the assignment).
        await live.RaiseAsync(LiveSignal.Of(enrolment.SessionId, new ContentAssigned(enrolment.StudentId, exerciseId, me,
            (await catalog.FindAsync(exerciseId, ct))?.Title ?? ""), me), ct);
        return next;
    }

    public async Task<SetWorkResult> SetWorkAsync(Guid sessionId, SetWorkRequest request, CancellationToken ct = default)
    {
        var me = RequireTeacher();
        TextRules.Check(request);
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, sessionId, ct);
        new Validator()
            .Check(request.ExerciseId is not null, "exerciseId", "Exercise is required")
            .Check(request.Kind is not null, "kind", "Say whether it is the next exercise (NEXT) or homework (HOMEWORK)")
            .Check(request.Kind != WorkKind.Homework || request.DueDate is not null, "dueDate", "Due date is required")
            .ThrowIfInvalid();
        if (session.Status == SessionStatus.Cancelled) { throw new ConflictException("This session was cancelled"); }
        var group = await db.Enrolments.AsNoTracking().Where(e => e.SessionId == sessionId && e.RemovedAt == null).Select(e => e.StudentId).ToListAsync(ct);
        var chosen = request.StudentIds?.Distinct().ToList() ?? group;
        if (chosen.Count == 0)
        {
            throw DomainValidationException.For("studentIds", request.StudentIds is null ? "No students are enrolled in this session" : "Choose at least one student");
        }
        if (chosen.FirstOrDefault(id => !group.Contains(id)) is var outsider && outsider != Guid.Empty)
        {
            var name = (await people.FindAsync([outsider], ct)).GetValueOrDefault(outsider)?.Name ?? "A student chosen";
            throw DomainValidationException.For("studentIds", $"{name} is not in this session");
        }
        var exercise = await catalog.FindAsync(request.ExerciseId!.Value, ct) ?? throw DomainValidationException.For("exerciseId", "No such exercise");
        if (request.Kind == WorkKind.Homework)
        {
            await features.EnsureOnAsync(session.CentreId, Centres.CentreFeatures.Homework, ct);
            await homeworkService.AssignManyAsync(new AssignHomeworkToManyRequest(chosen, exercise.Id, request.DueDate, request.Notes), ct);
        }
        else
        {
            // One transaction for the group; each student's content.assigned is published with it, and the room shows it to each.
            await sequencing.AssignManyAsync(chosen, exercise.Id, me, ct);
            foreach (var student in chosen)
            {
                await live.RaiseAsync(LiveSignal.Of(sessionId, new ContentAssigned(student, exercise.Id, me, exercise.Title), me), ct);
            }
        }
        return new SetWorkResult(sessionId, exercise.Id, exercise.Title, request.Kind!.Value, chosen);
    }

    /// <summary>The session's course when it has one; otherwise every course of the catalogue.</summary>
    private async Task<IReadOnlyList<Guid>> CoursesToPlanAsync(TutoringSession session, CancellationToken ct) =>
        session.CourseId is { } focus ? [focus] : (await catalog.AllCoursesAsync(ct)).Select(c => c.Key).ToList();

    private Guid RequireTeacher() => LessonAccess.RequireTeacher(currentUser);
}
