using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

/// <summary>The register of a lesson: who attended, was late, absent or excused.</summary>
internal sealed class AttendanceRegister(IDbSessionFactory dbFactory, ICurrentUser currentUser, SessionViews views, ILiveSessionSignals live, TimeProvider clock)
    : IAttendanceRegister
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

    private Guid RequireTeacher() => LessonAccess.RequireTeacher(currentUser);
}
