using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

internal sealed class StudentLessons(IDbSessionFactory dbFactory, ICurrentUser currentUser, IPeopleDirectory people, IExerciseCatalog catalog) : IStudentLessons
{
    public async Task<IReadOnlyList<StudentLesson>> BetweenAsync(Guid studentId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        if (toUtc <= fromUtc || toUtc - fromUtc > TimeSpan.FromDays(62)) { throw DomainValidationException.For("to", "Choose a period of at most two months"); }
        var student = await people.ReadableStudentAsync(currentUser, studentId, ct);
        await using var db = dbFactory.Create<ISessionsDb>();
        var rows = await (from e in db.Enrolments.AsNoTracking()
                          join s in db.TutoringSessions.AsNoTracking() on e.SessionId equals s.Id
                          where e.StudentId == student.Id && e.RemovedAt == null && s.StartsAt >= fromUtc && s.StartsAt < toUtc
                          orderby s.StartsAt
                          select new { Session = s, e.Attendance }).ToListAsync(ct);
        var tutors = await people.FindAsync(rows.Select(r => r.Session.TutorId), ct);
        var courses = await catalog.CourseTitlesAsync(rows.Where(r => r.Session.CourseId is not null).Select(r => r.Session.CourseId!.Value), ct);
        return rows.Select(r => new StudentLesson(r.Session.Id, r.Session.Title, r.Session.CourseId is { } c ? courses.GetValueOrDefault(c) : null,
            tutors.GetValueOrDefault(r.Session.TutorId)?.Name ?? "", r.Session.Room, r.Session.StartsAt, r.Session.EndsAt, r.Session.Status, r.Attendance)).ToList();
    }
}
