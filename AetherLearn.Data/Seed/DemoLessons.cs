using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Data.Seed;

/// <summary>
/// Lessons for the demo: every day but Sunday for four weeks from the first start, each centre's tutor runs
/// "Maths club" at 16:00 and "English workshop" at 17:15 in the centre's own time zone, so "today" always has
/// lessons to open. Students 1–4 are in Maths, 3–6 in English; students 5 and 6 work at level 2.
/// </summary>
internal static class DemoLessons
{
    public static async Task AddAsync(AetherDbContext db, DateTime now, CancellationToken ct)
    {
        var maths = await db.Courses.SingleAsync(c => c.Key == "maths" && c.CentreId == null, ct);
        var english = await db.Courses.SingleAsync(c => c.Key == "english" && c.CentreId == null, ct);
        foreach (var centre in await db.Centres.ToListAsync(ct))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(centre.TimeZone);
            var people = await db.Users.Where(u => u.CentreId == centre.Id).ToListAsync(ct);
            var tutor = people.Single(u => u.Role == Role.Teacher);
            var students = people.Where(u => u.Role == Role.Student).OrderBy(u => u.Email).ToList();
            foreach (var (student, index) in students.Select((s, i) => (s, i)))
            {
                foreach (var course in new[] { maths, english })
                {
                    db.StudentLevels.Add(new StudentLevel { CentreId = centre.Id, StudentId = student.Id, CourseId = course.Id, LevelNumber = index >= 4 ? 2 : 1, UpdatedAt = now });
                }
            }
            var today = TimeZoneInfo.ConvertTimeFromUtc(now, zone).Date;
            var mathsSeries = Guid.CreateVersion7();
            var englishSeries = Guid.CreateVersion7();
            for (var day = 0; day < 28; day++)
            {
                var date = today.AddDays(day);
                if (date.DayOfWeek == DayOfWeek.Sunday) { continue; }
                AddLesson(db, centre, zone, date, new TimeSpan(16, 0, 0), "Maths club", maths.Id, "Room 1", tutor.Id, mathsSeries, students.Take(4));
                AddLesson(db, centre, zone, date, new TimeSpan(17, 15, 0), "English workshop", english.Id, "Room 2", tutor.Id, englishSeries, students.Skip(2).Take(4));
            }
            var firstMaths = await db.Exercises.Where(e => e.CourseId == maths.Id && e.LevelNumber == 1).OrderBy(e => e.Sequence).Skip(1).FirstAsync(ct);
            db.Homework.Add(new HomeworkAssignment
            {
                CentreId = centre.Id, StudentId = students[0].Id, ExerciseId = firstMaths.Id, AssignedBy = tutor.Id, AssignedAt = now,
                DueAt = now.AddDays(3), Notes = "Have a go at these before Thursday.",
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static void AddLesson(AetherDbContext db, Centre centre, TimeZoneInfo zone, DateTime date, TimeSpan at, string title, Guid courseId, string room,
        Guid tutorId, Guid seriesId, IEnumerable<Core.Users.AppUser> students)
    {
        var start = ScheduleRules.ToUtc(DateTime.SpecifyKind(date + at, DateTimeKind.Unspecified), zone);
        var session = new TutoringSession
        {
            CentreId = centre.Id, Title = title, CourseId = courseId, Room = room, TutorId = tutorId, StartsAt = start, EndsAt = start.AddHours(1),
            Capacity = 8, Status = SessionStatus.Scheduled, SeriesId = seriesId,
        };
        db.TutoringSessions.Add(session);
        foreach (var student in students)
        {
            db.Enrolments.Add(new Enrolment { CentreId = centre.Id, SessionId = session.Id, StudentId = student.Id, EnrolledAt = start.AddDays(-7) });
        }
    }
}
