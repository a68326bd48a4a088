using System.Security.Claims;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Sessions;

/// <summary>
/// The homes' day (<see cref="ICentreDay"/>): the centre's sessions today with their registers and raised hands, the overdue
/// homework, and a tutor's own sessions with what each student needs; never another centre's.
/// </summary>
public abstract class CentreDayTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    /// <summary>The service as <paramref name="email"/> sees it (the scope's current user, as a page's circuit sets it).</summary>
    private Task<T> AsAsync<T>(string email, Func<ICentreDay, Task<T>> read) => AsAsync<ICentreDay, T>(email, read);

    private async Task<T> AsAsync<TService, T>(string email, Func<TService, Task<T>> read) where TService : notnull
    {
        await using var db = Host.Db();
        var normalized = email.ToUpperInvariant();
        var user = await db.Users.SingleAsync(u => u.NormalizedEmail == normalized);
        await using var scope = Host.Services.CreateAsyncScope();
        var identity = new ClaimsIdentity([
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.DisplayName), new Claim(ClaimTypes.Email, email),
            new Claim(ClaimTypes.Role, user.Role.ToString()), new Claim(AetherClaims.Centre, user.CentreId.ToString()),
        ], "test", ClaimTypes.Name, ClaimTypes.Role);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(identity));
        return await read(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<Guid> CentreOfAsync(string email)
    {
        await using var db = Host.Db();
        var normalized = email.ToUpperInvariant();
        return (await db.Users.SingleAsync(u => u.NormalizedEmail == normalized)).CentreId;
    }

    /// <summary>Homework due a day ago and not handed in, written straight to the database (no API sets a past due date).</summary>
    private async Task<Guid> OverdueHomeworkAsync(string studentEmail, string tutorEmail)
    {
        await using var db = Host.Db();
        var student = await Academic.UserIdAsync(Host, studentEmail);
        var tutor = await Academic.UserIdAsync(Host, tutorEmail);
        var centre = await CentreOfAsync(studentEmail);
        var exercise = await db.Exercises.Where(e => e.CentreId == null).OrderBy(e => e.Sequence).Select(e => e.Id).FirstAsync();
        var now = Host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var homework = new HomeworkAssignment
        {
            CentreId = centre, StudentId = student, ExerciseId = exercise, AssignedBy = tutor, AssignedAt = now.AddDays(-30), DueAt = now.AddDays(-1),
        };
        db.Homework.Add(homework);
        await db.SaveChangesAsync();
        return homework.Id;
    }

    [Fact]
    public async Task The_supervisor_sees_every_session_of_the_centre_today_with_its_register_raised_hands_and_overdue_homework_and_nothing_of_another_centre()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var maths = await Academic.TodaysMathsClubAsync(Host, tutor);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{maths}/start")).Status);
        var ella = await Academic.UserIdAsync(Host, Demo.Student(1));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{maths}/attendance", new { studentId = ella, status = "ATTENDING" })).Status);
        using var noah = await TestData.WithTokenAsync(Host, Demo.Student(2));
        Assert.Equal(System.Net.HttpStatusCode.Created, (await noah.PostAsync($"/api/v1/sessions/{maths}/help-request", new { message = "Stuck" })).Status);
        var ours = await OverdueHomeworkAsync(Demo.Student(3), Academic.Tutor);
        var theirs = await OverdueHomeworkAsync(Demo.Student(3, Demo.Riverside), Demo.Email(Role.Teacher, Demo.Riverside));

        var day = await AsAsync(Academic.Supervisor, d => d.CentreAsync());

        var northsideTutor = await Academic.UserIdAsync(Host, Academic.Tutor);
        Assert.Equal(["Maths club", "English workshop"], day.Sessions.Select(s => s.Session.Title));
        Assert.All(day.Sessions, s => Assert.Equal(northsideTutor, s.Session.TutorId));
        var club = day.Sessions.Single(s => s.Session.Id == maths);
        Assert.Equal(SessionStatus.InProgress, club.Session.Status);
        Assert.Equal("Room 1", club.Session.Room);
        Assert.False(string.IsNullOrEmpty(club.Session.TutorName));
        Assert.Equal(new DayAttendance(4, 1, 0, 0, 0, 3), club.Attendance);
        Assert.Equal(1, club.RaisedHands);
        Assert.Equal("Stuck", club.Students.Single(s => s.Hand is not null).Hand!.Message);
        Assert.True(club.RegisterToMark);
        Assert.False(day.Sessions.Single(s => s.Session.Id != maths).RegisterToMark);
        Assert.Equal((1, 1, 1, 1), (day.Running, day.StudentsIn, day.RaisedHands, day.RegistersToMark));
        Assert.Contains(day.OverdueHomework, h => h.Id == ours);
        Assert.DoesNotContain(day.OverdueHomework, h => h.Id == theirs);
        Assert.Equal("Europe/London", day.TimeZone);

        // Riverside's supervisor sees Riverside's day: none of Northside's sessions or homework.
        var river = await AsAsync(Demo.Email(Role.Supervisor, Demo.Riverside), d => d.CentreAsync());
        Assert.DoesNotContain(river.Sessions, s => s.Session.Id == maths || s.Session.TutorId == northsideTutor);
        Assert.Contains(river.OverdueHomework, h => h.Id == theirs);
        Assert.DoesNotContain(river.OverdueHomework, h => h.Id == ours);
    }

    [Fact]
    public async Task The_tutor_sees_their_own_sessions_with_what_each_student_needs_and_only_assessors_and_above_read_the_centres_day()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var maths = await Academic.TodaysMathsClubAsync(Host, tutor);
        var overdue = await OverdueHomeworkAsync(Demo.Student(4), Academic.Tutor);

        var mine = await AsAsync(Academic.Tutor, d => d.MineAsync());

        Assert.Equal(["Maths club", "English workshop"], mine.Sessions.Select(s => s.Session.Title));
        var student4 = await Academic.UserIdAsync(Host, Demo.Student(4));
        var club = mine.Sessions.Single(s => s.Session.Id == maths);
        var needs = club.Students.Single(s => s.StudentId == student4);
        Assert.Equal(1, needs.OverdueHomework);
        Assert.Contains(mine.OverdueHomework, h => h.Id == overdue);
        // Every student has their next exercise in the lesson's course.
        Assert.All(club.Students, s => Assert.NotNull(s.Next?.ExerciseTitle));

        // Another tutor's day (Riverside's) has none of these.
        var river = await AsAsync(Demo.Email(Role.Teacher, Demo.Riverside), d => d.MineAsync());
        Assert.DoesNotContain(river.Sessions, s => s.Session.Id == maths);
        Assert.DoesNotContain(river.OverdueHomework, h => h.Id == overdue);

        // The centre's day is for assessors and above; a tutor and a student are refused.
        Assert.NotEmpty((await AsAsync(Demo.Email(Role.Assessor), d => d.CentreAsync())).Sessions);
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync(Academic.Tutor, d => d.CentreAsync()));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync(Demo.Student(1), d => d.MineAsync()));
    }

    [Fact]
    public async Task A_student_sees_their_next_lesson_and_how_far_they_are_through_each_level()
    {
        var next = await AsAsync(Demo.Student(6), d => d.StudentNextAsync());
        Assert.Equal("English workshop", next?.Title);
        Assert.Equal(await Academic.UserIdAsync(Host, Academic.Tutor), next!.TutorId);
        var riverside = await AsAsync(Demo.Student(6, Demo.Riverside), d => d.StudentNextAsync());
        Assert.NotEqual(next.Id, riverside?.Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync(Academic.Tutor, d => d.StudentNextAsync()));

        var jack = await Academic.UserIdAsync(Host, Demo.Student(6));
        var levels = await AsAsync<ILevelProgress, IReadOnlyList<LevelProgressView>>(Demo.Student(6), l => l.OfAsync(jack));
        Assert.Equal(["Mathematics", "English"], levels.Select(l => l.CourseTitle));
        Assert.All(levels, l => Assert.True(l is { LevelNumber: 2, Mastered: 0, Total: > 0, Percent: 0 }, l.ToString()));
        // Their tutor reads the same; another student may not.
        Assert.Equal(levels, await AsAsync<ILevelProgress, IReadOnlyList<LevelProgressView>>(Academic.Tutor, l => l.OfAsync(jack)));
        await Assert.ThrowsAnyAsync<Exception>(() => AsAsync<ILevelProgress, IReadOnlyList<LevelProgressView>>(Demo.Student(5), l => l.OfAsync(jack)));
    }
}

public sealed class CentreDayTestsOnSqlite(SqliteAcademicApp app) : CentreDayTests(() => app.Host), IClassFixture<SqliteAcademicApp>;

public sealed class CentreDayTestsOnPostgres(PostgresAcademicApp app) : CentreDayTests(() => app.Host), IClassFixture<PostgresAcademicApp>;
