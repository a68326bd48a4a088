using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

internal sealed class SchedulingService(
    IDbSessionFactory dbFactory, ICurrentUser currentUser, SessionViews views, IPeopleDirectory people, IExerciseCatalog catalog, ISequencing sequencing,
    ILiveSessionSignals live, Centres.ICentreService centres, TimeProvider clock) : ISessionScheduling
{
    public async Task<IReadOnlyList<SessionListItem>> CreateAsync(CreateSessionRequest request, CancellationToken ct = default)
    {
        RequireSupervisor();
        TextRules.Check(request);
        var zone = await views.ZoneAsync(ct);
        var v = new Validator()
            .Require("title", request.Title, "Title", 120)
            .Check(request.TutorId is not null, "tutorId", "Tutor is required")
            .Check(request.StartsAt is not null, "startsAt", "Start time is required")
            .Check(request.EndsAt is not null, "endsAt", "End time is required")
            .Check(request.Capacity is not null, "capacity", "Capacity is required")
            .Check(request.Room is null || request.Room.Length <= 60, "room", "Room must be at most 60 characters")
            .Check(request.RepeatWeeks is null or (>= 1 and <= 52), "repeatWeeks", "Repeat for 1 to 52 weeks");
        v.ThrowIfInvalid();
        var studentIds = request.StudentIds?.Distinct().ToList() ?? [];
        if (studentIds.Count > request.Capacity!.Value && request.Capacity.Value is >= 1 and <= ScheduleRules.MaxCapacity)
        {
            throw DomainValidationException.For("studentIds", $"{studentIds.Count} students chosen for {request.Capacity.Value} places: raise the capacity or choose fewer");
        }
        var start = ScheduleRules.ToUtc(request.StartsAt!.Value, zone);
        var end = ScheduleRules.ToUtc(request.EndsAt!.Value, zone);
        if (ScheduleRules.ProblemWith(start, end, request.Capacity!.Value) is { } problem)
        {
            throw DomainValidationException.For(problem.StartsWith("Capacity", StringComparison.Ordinal) ? "capacity" : "endsAt", problem);
        }
        if (start < clock.GetUtcNow().UtcDateTime) { throw DomainValidationException.For("startsAt", "A new session cannot start in the past"); }
        await EnsureTutorAsync(request.TutorId!.Value, ct);
        await EnsureCourseAsync(request.CourseId, ct);
        await EnsureStudentsAsync(studentIds, ct);

        await using var db = dbFactory.Create<ISessionsDb>();
        var enrolledAt = clock.GetUtcNow().UtcDateTime;
        var occurrences = ScheduleRules.Weekly(start, end, request.RepeatWeeks ?? 1, zone);
        var seriesId = occurrences.Count > 1 ? Guid.CreateVersion7() : (Guid?)null;
        var created = new List<TutoringSession>();
        foreach (var (s, e) in occurrences)
        {
            await EnsureTutorFreeAsync(db, request.TutorId.Value, s, e, null, zone, ct);
            var session = new TutoringSession
            {
                Title = request.Title!.Trim(), TutorId = request.TutorId.Value, StartsAt = s, EndsAt = e, Capacity = request.Capacity.Value,
                CourseId = request.CourseId, Room = request.Room?.Trim(), Status = SessionStatus.Scheduled, SeriesId = seriesId,
            };
            db.TutoringSessions.Add(session);
            created.Add(session);
            // The students chosen in the same dialog: each must be free at each occurrence, or nothing is created.
            foreach (var studentId in studentIds)
            {
                await EnsureStudentFreeAsync(db, studentId, s, e, session.Id, zone, ct);
                db.Enrolments.Add(new Enrolment { SessionId = session.Id, StudentId = studentId, EnrolledAt = enrolledAt });
            }
        }
        await db.SaveChangesAsync(ct);
        return await views.ListItemsAsync(db, created, ct);
    }

    public async Task<SessionListItem> UpdateAsync(Guid id, UpdateSessionRequest request, CancellationToken ct = default)
    {
        RequireSupervisor();
        TextRules.Check(request);
        var zone = await views.ZoneAsync(ct);
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, id, ct);
        if (session.Status is SessionStatus.Completed or SessionStatus.Cancelled) { throw new ConflictException($"This session is {session.Status.ToString().ToLowerInvariant()} and can no longer change"); }
        new Validator()
            .Check(request.Title is null || (request.Title.Trim().Length is > 0 and <= 120), "title", "Title must be 1 to 120 characters")
            .Check(request.Room is null || request.Room.Length <= 60, "room", "Room must be at most 60 characters")
            .ThrowIfInvalid();
        var start = request.StartsAt is { } s ? ScheduleRules.ToUtc(s, zone) : session.StartsAt;
        var end = request.EndsAt is { } e ? ScheduleRules.ToUtc(e, zone) : session.EndsAt;
        var capacity = request.Capacity ?? session.Capacity;
        if (ScheduleRules.ProblemWith(start, end, capacity) is { } problem)
        {
            throw DomainValidationException.For(problem.StartsWith("Capacity", StringComparison.Ordinal) ? "capacity" : "endsAt", problem);
        }
        var enrolled = await db.Enrolments.CountAsync(x => x.SessionId == id && x.RemovedAt == null, ct);
        if (capacity < enrolled) { throw DomainValidationException.For("capacity", $"{enrolled} students are already enrolled; remove some first"); }
        var tutor = request.TutorId ?? session.TutorId;
        if (request.TutorId is { } newTutor) { await EnsureTutorAsync(newTutor, ct); }
        if (request.CourseId is not null) { await EnsureCourseAsync(request.CourseId, ct); }
        await EnsureTutorFreeAsync(db, tutor, start, end, session.Id, zone, ct);
        if (start != session.StartsAt || end != session.EndsAt)
        {
            // Moving the session must not double-book anyone already in it.
            var students = await db.Enrolments.Where(x => x.SessionId == id && x.RemovedAt == null).Select(x => x.StudentId).ToListAsync(ct);
            foreach (var student in students) { await EnsureStudentFreeAsync(db, student, start, end, session.Id, zone, ct); }
        }
        (session.Title, session.TutorId, session.StartsAt, session.EndsAt, session.Capacity) = (request.Title?.Trim() ?? session.Title, tutor, start, end, capacity);
        session.CourseId = request.CourseId ?? session.CourseId;
        session.Room = request.Room?.Trim() ?? session.Room;
        await db.SaveChangesAsync(ct);
        return await views.ListItemAsync(db, session, ct);
    }

    public async Task<SessionListItem> CancelAsync(Guid id, string? reason, CancellationToken ct = default)
    {
        RequireSupervisor();
        TextRules.Check("reason", reason, TextLimits.Reason);
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, id, ct);
        if (session.Status == SessionStatus.Completed) { throw new ConflictException("A completed session cannot be cancelled"); }
        if (session.Status != SessionStatus.Cancelled)
        {
            session.Status = SessionStatus.Cancelled;
            session.CancelReason = reason?.Trim() is { Length: > 0 } r ? r[..Math.Min(r.Length, 500)] : null;
            await db.SaveChangesAsync(ct);
            await live.RaiseAsync(LiveSignal.Of(id, new SessionCancelled(), currentUser.UserId ?? Guid.Empty), ct);
        }
        return await views.ListItemAsync(db, session, ct);
    }

    public async Task<EnrolmentView> EnrolAsync(Guid sessionId, EnrolRequest request, CancellationToken ct = default)
    {
        RequireSupervisor();
        if (request.StudentId is not { } studentId) { throw DomainValidationException.For("studentId", "Student is required"); }
        var zone = await views.ZoneAsync(ct);
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, sessionId, ct);
        if (session.Status is SessionStatus.Completed or SessionStatus.Cancelled) { throw new ConflictException($"This session is {session.Status.ToString().ToLowerInvariant()}"); }
        var student = (await people.FindAsync([studentId], ct)).GetValueOrDefault(studentId);
        if (student is not { Role: Role.Student, IsActive: true }) { throw DomainValidationException.For("studentId", "No such student in this centre"); }
        var active = await db.Enrolments.Where(e => e.SessionId == sessionId && e.RemovedAt == null).ToListAsync(ct);
        if (active.Any(e => e.StudentId == studentId)) { throw new ConflictException($"{student.Name} is already enrolled in this session"); }
        if (active.Count >= session.Capacity) { throw new ConflictException($"This session is full ({session.Capacity} places)"); }
        await EnsureStudentFreeAsync(db, studentId, session.StartsAt, session.EndsAt, sessionId, zone, ct);
        var enrolment = new Enrolment { SessionId = sessionId, StudentId = studentId, EnrolledAt = clock.GetUtcNow().UtcDateTime };
        db.Enrolments.Add(enrolment);
        await db.SaveChangesAsync(ct);
        var level = session.CourseId is { } course ? await sequencing.LevelOfAsync(studentId, course, ct) : (int?)null;
        await live.RaiseAsync(LiveSignal.Of(sessionId, new EnrolmentChanged(studentId, new LiveStudent(studentId, enrolment.Id, student.Name, level, null, null, null, null, 0, 0,
            null, null)), currentUser.UserId ?? Guid.Empty), ct);
        return (await views.EnrolmentViewsAsync([enrolment], null, ct))[0];
    }

    public async Task<IReadOnlyList<EnrolmentView>> EnrolManyAsync(Guid sessionId, EnrolManyRequest request, CancellationToken ct = default)
    {
        RequireSupervisor();
        var studentIds = request.StudentIds?.Distinct().ToList() ?? [];
        new Validator()
            .Check(studentIds.Count > 0, "studentIds", "Choose at least one student")
            .Check(studentIds.Count <= ScheduleRules.MaxCapacity, "studentIds", $"Enrol at most {ScheduleRules.MaxCapacity} students at once")
            .ThrowIfInvalid();
        var zone = await views.ZoneAsync(ct);
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, sessionId, ct);
        if (session.Status is SessionStatus.Completed or SessionStatus.Cancelled) { throw new ConflictException($"This session is {session.Status.ToString().ToLowerInvariant()}"); }
        var students = await EnsureStudentsAsync(studentIds, ct);
        var active = await db.Enrolments.Where(e => e.SessionId == sessionId && e.RemovedAt == null).ToListAsync(ct);
        // A group some of whom are already in: the others are enrolled, the rest stay as they are.
        var toAdd = studentIds.Where(id => active.All(e => e.StudentId != id)).ToList();
        if (active.Count + toAdd.Count > session.Capacity)
        {
            throw new ConflictException($"This session has {Math.Max(0, session.Capacity - active.Count)} places left; {toAdd.Count} students were chosen");
        }
        foreach (var studentId in toAdd) { await EnsureStudentFreeAsync(db, studentId, session.StartsAt, session.EndsAt, sessionId, zone, ct); }
        var now = clock.GetUtcNow().UtcDateTime;
        var added = toAdd.Select(id => new Enrolment { SessionId = sessionId, StudentId = id, EnrolledAt = now }).ToList();
        db.Enrolments.AddRange(added);
        await db.SaveChangesAsync(ct);
        foreach (var enrolment in added)
        {
            var level = session.CourseId is { } course ? await sequencing.LevelOfAsync(enrolment.StudentId, course, ct) : (int?)null;
            await live.RaiseAsync(LiveSignal.Of(sessionId, new EnrolmentChanged(enrolment.StudentId, new LiveStudent(enrolment.StudentId, enrolment.Id,
                students[enrolment.StudentId].Name, level, null, null, null, null, 0, 0, null, null)), currentUser.UserId ?? Guid.Empty), ct);
        }
        return await views.EnrolmentViewsAsync(active.Where(e => studentIds.Contains(e.StudentId)).Concat(added).ToList(), null, ct);
    }

    public async Task<string?> OpeningHoursWarningAsync(DateTime localStart, DateTime localEnd, CancellationToken ct = default)
    {
        RequireSupervisor();
        if (currentUser.CentreId is not { } centre || await centres.FindConfigAsync(centre, ct) is not { } config) { return null; }
        return ScheduleRules.OutsideOpeningHours(localStart, localEnd, config.OpeningHours);
    }

    public async Task RemoveEnrolmentAsync(Guid sessionId, Guid enrolmentId, CancellationToken ct = default)
    {
        RequireSupervisor();
        await using var db = dbFactory.Create<ISessionsDb>();
        var enrolment = await db.Enrolments.FirstOrDefaultAsync(e => e.Id == enrolmentId && e.SessionId == sessionId && e.RemovedAt == null, ct)
            ?? throw new NotFoundException("Enrolment");
        enrolment.RemovedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await live.RaiseAsync(LiveSignal.Of(sessionId, new EnrolmentChanged(enrolment.StudentId, null), currentUser.UserId ?? Guid.Empty), ct);
    }

    public async Task<IReadOnlyList<SessionListItem>> BetweenAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Role.Teacher)) { throw new ForbiddenException(); }
        if (toUtc <= fromUtc || toUtc - fromUtc > TimeSpan.FromDays(62)) { throw DomainValidationException.For("to", "Choose a period of at most two months"); }
        await using var db = dbFactory.Create<ISessionsDb>();
        var sessions = await db.TutoringSessions.AsNoTracking().Where(s => s.StartsAt < toUtc && s.EndsAt > fromUtc).OrderBy(s => s.StartsAt).ToListAsync(ct);
        return await views.ListItemsAsync(db, sessions, ct);
    }

    private void RequireSupervisor()
    {
        if (!currentUser.IsInRole(Role.Supervisor)) { throw new ForbiddenException(); }
    }

    private async Task EnsureTutorAsync(Guid tutorId, CancellationToken ct)
    {
        var tutor = (await people.FindAsync([tutorId], ct)).GetValueOrDefault(tutorId);
        if (tutor is not { IsActive: true } || !RoleRanks.Satisfies(tutor.Role, Role.Teacher))
        {
            throw DomainValidationException.For("tutorId", "Choose an active tutor of this centre");
        }
    }

    /// <summary>Every id is an active student of this centre (400 naming <c>studentIds</c> otherwise); returns them by id.</summary>
    private async Task<IReadOnlyDictionary<Guid, Person>> EnsureStudentsAsync(IReadOnlyList<Guid> studentIds, CancellationToken ct)
    {
        if (studentIds.Count == 0) { return new Dictionary<Guid, Person>(); }
        var found = await people.FindAsync(studentIds, ct);
        if (studentIds.Any(id => found.GetValueOrDefault(id) is not { Role: Role.Student, IsActive: true }))
        {
            throw DomainValidationException.For("studentIds", "No such student in this centre");
        }
        return found;
    }

    private async Task EnsureCourseAsync(Guid? courseId, CancellationToken ct)
    {
        if (courseId is { } id && !(await catalog.CourseTitlesAsync([id], ct)).ContainsKey(id)) { throw DomainValidationException.For("courseId", "No such course"); }
    }

    private static async Task EnsureTutorFreeAsync(ISessionsDb db, Guid tutorId, DateTime start, DateTime end, Guid? except, TimeZoneInfo zone, CancellationToken ct)
    {
        var clash = await db.TutoringSessions.AsNoTracking()
            .Where(s => s.TutorId == tutorId && s.Id != except && s.Status != SessionStatus.Cancelled && s.StartsAt < end && s.EndsAt > start)
            .OrderBy(s => s.StartsAt).FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            throw new ConflictException($"The tutor already has \"{clash.Title}\" at {SessionViews.Local(clash.StartsAt, zone)}–{SessionViews.Local(clash.EndsAt, zone)[11..]}");
        }
    }

    private async Task EnsureStudentFreeAsync(ISessionsDb db, Guid studentId, DateTime start, DateTime end, Guid except, TimeZoneInfo zone, CancellationToken ct)
    {
        var clash = await (from e in db.Enrolments
                           join s in db.TutoringSessions on e.SessionId equals s.Id
                           where e.StudentId == studentId && e.RemovedAt == null && s.Id != except && s.Status != SessionStatus.Cancelled
                                 && s.StartsAt < end && s.EndsAt > start
                           select s).AsNoTracking().FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            var name = (await people.FindAsync([studentId], ct)).GetValueOrDefault(studentId)?.Name ?? "The student";
            throw new ConflictException($"{name} is already booked into \"{clash.Title}\" at {SessionViews.Local(clash.StartsAt, zone)}");
        }
    }
}
