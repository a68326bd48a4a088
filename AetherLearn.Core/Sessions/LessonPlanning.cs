using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Content;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

// Attendance, lesson plans, notes and content overrides: the tutor's work inside a session.
internal sealed partial class LessonService
{
    public async Task<EnrolmentView> MarkAttendanceAsync(Guid sessionId, AttendanceRequest request, CancellationToken ct = default) =>
        (await MarkAttendanceBulkAsync(sessionId, new BulkAttendanceRequest([request]), ct, single: true))[0];

    public Task<IReadOnlyList<EnrolmentView>> MarkAttendanceBulkAsync(Guid sessionId, BulkAttendanceRequest request, CancellationToken ct = default) =>
        MarkAttendanceBulkAsync(sessionId, request, ct, single: false);

    private async Task<IReadOnlyList<EnrolmentView>> MarkAttendanceBulkAsync(Guid sessionId, BulkAttendanceRequest request, CancellationToken ct, bool single)
    {
        var me = RequireTeacher();
        if (request.Records is not { Count: > 0 } records) { throw DomainValidationException.For("records", "Give at least one attendance record"); }
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, sessionId, ct);
        if (session.Status == SessionStatus.Cancelled) { throw new ConflictException("This session was cancelled"); }
        var enrolments = await db.Enrolments.Where(e => e.SessionId == sessionId && e.RemovedAt == null).ToListAsync(ct);
        var v = new Validator();
        for (var i = 0; i < records.Count; i++)
        {
            var prefix = single ? "" : $"records[{i}].";
            v.Check(records[i].StudentId is not null, $"{prefix}studentId", "Student is required");
            v.Check(records[i].Status is not null, $"{prefix}status", "Status is required (ATTENDING, ABSENT, LATE or EXCUSED)");
            v.Check(records[i].StudentId is null || enrolments.Any(e => e.StudentId == records[i].StudentId), $"{prefix}studentId", "This student is not enrolled in the session");
        }
        v.Check(records.Select(r => r.StudentId).Distinct().Count() == records.Count, "records", "Each student may appear once");
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow().UtcDateTime;
        var changed = new List<Enrolment>();
        var marked = new List<AttendanceRecorded>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var record in records)
        {
            var enrolment = enrolments.Single(e => e.StudentId == record.StudentId);
            var status = record.Status!.Value;
            // Only if the register does not say so already, checked and written in one statement: two tutors marking the same
            // student at once both read "unmarked", and without this both would raise the event (two lessons' XP, two messages).
            // The row stays locked until commit, so the second waits and then finds it marked.
            var won = await db.Enrolments.Where(e => e.Id == enrolment.Id && (e.Attendance == null || e.Attendance != status))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Attendance, status).SetProperty(e => e.AttendanceMarkedAt, now).SetProperty(e => e.AttendanceMarkedBy, me), ct);
            if (won == 0)
            {
                // Already so (perhaps just now, by someone else): answered as it stands, nothing changed or raised.
                changed.Add(await db.Enrolments.AsNoTracking().SingleAsync(e => e.Id == enrolment.Id, ct));
                continue;
            }
            // Set on the tracked row too, so the audit log records the change (the update above has already written it).
            enrolment.Attendance = status;
            enrolment.AttendanceMarkedAt = now;
            enrolment.AttendanceMarkedBy = me;
            var recorded = new AttendanceRecorded(enrolment.StudentId, sessionId, status, me);
            db.Publish(recorded);
            changed.Add(enrolment);
            marked.Add(recorded);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var recorded in marked)
        {
            await live.RaiseAsync(LiveSignal.Of(sessionId, recorded, me), ct);
        }
        return await views.EnrolmentViewsAsync(changed, null, ct);
    }

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

    /// <summary>The session's course when it has one; otherwise every course of the catalogue.</summary>
    private async Task<IReadOnlyList<Guid>> CoursesToPlanAsync(TutoringSession session, CancellationToken ct) =>
        session.CourseId is { } focus ? [focus] : (await catalog.AllCoursesAsync(ct)).Select(c => c.Key).ToList();
}
