using System.Net;
using System.Security.Claims;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Progression;

/// <summary>
/// The progress charts' read model (<see cref="IProgressCharts"/>: scores week by week and mastery per unit of the current level) and
/// a student's lessons of the week (<see cref="IStudentLessons"/>, the parent home): the numbers, and whose a caller may read.
/// </summary>
public abstract class ProgressChartsTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    /// <summary>Reads as <paramref name="email"/> would inside their Blazor circuit: a scope whose current user is them.</summary>
    private async Task<T> AsAsync<T>(string email, Func<IServiceProvider, Task<T>> read)
    {
        var normalized = email.ToUpperInvariant();
        Core.Users.AppUser user;
        await using (var db = Host.Db()) { user = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == normalized); }
        await using var scope = Host.Services.CreateAsyncScope();
        Claim[] claims = [new(ClaimTypes.NameIdentifier, user.Id.ToString()), new(ClaimTypes.Role, user.Role.ToString()), new(AetherClaims.Centre, user.CentreId.ToString())];
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(new ClaimsIdentity(claims, "test", ClaimTypes.Name, ClaimTypes.Role)));
        return await read(scope.ServiceProvider);
    }

    private Task<StudentProgressCharts> ChartsAsync(string reader, Guid student) =>
        AsAsync(reader, sp => sp.GetRequiredService<IProgressCharts>().ForStudentAsync(student));

    /// <summary>Submits the exercise with every answer right (all = true) or one answer wrong and the rest blank.</summary>
    private async Task<int> SubmitAsync(ApiClient student, Guid exercise, bool all)
    {
        var started = await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { });
        Assert.Equal(HttpStatusCode.Created, started.Status);
        var attempt = started.Data.GetProperty("id").GetGuid();
        object answers;
        if (all)
        {
            await using var db = Host.Db();
            answers = (await db.Exercises.SingleAsync(e => e.Id == exercise)).Questions.ToDictionary(q => q.Id, q => Academic.RightAnswer(q, attempt));
        }
        else { answers = await Academic.OneWrongAnswerAsync(Host, exercise); }
        var submitted = await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers });
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        return submitted.Data.GetProperty("scorePercent").GetInt32();
    }

    private static DateOnly ThisMondayInLondon()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TestClock.London));
        return today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
    }

    [Fact]
    public async Task Scores_are_averaged_by_week_per_course_and_overall_and_mastery_counts_each_unit_of_the_level()
    {
        var email = Demo.Student(2);
        var me = await Academic.UserIdAsync(Host, email);
        var maths = await Academic.CourseAsync(Host, "maths");
        using var student = await TestData.WithTokenAsync(Host, email);

        var before = await ChartsAsync(email, me);
        Assert.Empty(before.Scores.Weeks);
        Assert.Null(before.Scores.Overall);
        Assert.All(before.Mastery, c => Assert.Equal(0, c.Mastered));

        var exercise = (await student.GetAsync($"/api/v1/content/next?courseId={maths}")).Data.GetProperty("exerciseId").GetGuid();
        var low = await SubmitAsync(student, exercise, all: false);
        var high = await SubmitAsync(student, exercise, all: true);
        Assert.Equal(100, high);

        var after = await ChartsAsync(email, me);
        Assert.Equal([ThisMondayInLondon()], after.Scores.Weeks);
        Assert.Equal([2], after.Scores.Exercises);
        var average = (int)Math.Round((low + high) / 2.0, MidpointRounding.AwayFromZero);
        Assert.Equal([average], after.Scores.Overall!.Averages);
        var mathsLine = Assert.Single(after.Scores.Series, s => s.CourseId == maths);
        Assert.Equal("Mathematics", mathsLine.Name);
        Assert.Equal([average], mathsLine.Averages);
        Assert.Equal(2, after.Scores.Series.Count);

        // Mastery of level 1 of Mathematics, unit by unit as the catalogue has them; the exercise done right is mastered in its unit.
        await using var db = Host.Db();
        var level = await db.CourseLevels.SingleAsync(l => l.CourseId == maths && l.Number == 1);
        var units = await db.Units.Where(u => u.LevelId == level.Id).OrderBy(u => u.Order).ToListAsync();
        var unitOfExercise = await (from e in db.Exercises join l in db.Lessons on e.LessonId equals l.Id where e.Id == exercise select l.UnitId).SingleAsync();
        var mathsMastery = Assert.Single(after.Mastery, c => c.CourseId == maths);
        Assert.Equal(1, mathsMastery.Level);
        Assert.Equal(units.Select(u => u.Title), mathsMastery.Units.Select(u => u.Title));
        foreach (var unit in mathsMastery.Units)
        {
            var count = await (from e in db.Exercises join l in db.Lessons on e.LessonId equals l.Id where l.UnitId == unit.UnitId select e.Id).CountAsync();
            Assert.Equal(count, unit.Exercises);
            Assert.Equal(unit.UnitId == unitOfExercise ? 1 : 0, unit.Mastered);
        }
        Assert.Equal(1, mathsMastery.Mastered);
        Assert.Equal(100 / mathsMastery.Exercises, mathsMastery.Percent);
        Assert.All(after.Mastery.Where(c => c.CourseId != maths), c => Assert.Equal(0, c.Mastered));

        // Another student's work is never in these numbers: Ella's marked exercise leaves Noah's chart as it was.
        using var ella = await TestData.WithTokenAsync(Host, Demo.Student(1));
        var hers = (await ella.GetAsync($"/api/v1/content/next?courseId={maths}")).Data.GetProperty("exerciseId").GetGuid();
        await SubmitAsync(ella, hers, all: true);
        var still = await ChartsAsync(email, me);
        Assert.Equal([2], still.Scores.Exercises);
        Assert.Equal(1, still.Mastery.Sum(c => c.Mastered));

        // Their parent and their centre's tutor and supervisor read the same numbers.
        foreach (var reader in new[] { Demo.Email(Role.Parent), Demo.Email(Role.Teacher), Demo.Email(Role.Supervisor) })
        {
            var seen = await ChartsAsync(reader, me);
            Assert.Equal(after.Scores.Overall!.Averages, seen.Scores.Overall!.Averages);
            Assert.Equal(after.Mastery.Select(c => c.Mastered), seen.Mastery.Select(c => c.Mastered));
        }
    }

    [Fact]
    public async Task Only_the_student_their_own_parents_and_their_centres_staff_read_the_charts()
    {
        var ella = await Academic.UserIdAsync(Host, Demo.Student(1));
        var isla = await Academic.UserIdAsync(Host, Demo.Student(3));
        Assert.Equal(ella, (await ChartsAsync(Demo.Student(1), ella)).StudentId);
        // parent1 is Ella's parent, not Isla's; a student reads only their own; another centre's tutor, supervisor and admin find no such student.
        await Assert.ThrowsAsync<NotFoundException>(() => ChartsAsync(Demo.Email(Role.Parent), isla));
        await Assert.ThrowsAsync<NotFoundException>(() => ChartsAsync(Demo.Student(3), ella));
        foreach (var role in new[] { Role.Teacher, Role.Supervisor, Role.CentreAdmin })
        {
            await Assert.ThrowsAsync<NotFoundException>(() => ChartsAsync(Demo.Email(role, Demo.Riverside), ella));
        }
        await Assert.ThrowsAsync<NotFoundException>(() => ChartsAsync($"parent1@{Demo.Riverside}.aetherlearn.test", ella));
        // Staff who are not tutors have no business with a student's marks.
        await Assert.ThrowsAsync<ForbiddenException>(() => ChartsAsync(Demo.Email(Role.Receptionist), ella));

        // The lessons of the week follow the same rule.
        var from = DateTime.UtcNow.AddDays(-1);
        var to = DateTime.UtcNow.AddDays(6);
        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync(Demo.Email(Role.Parent), sp => sp.GetRequiredService<IStudentLessons>().BetweenAsync(isla, from, to)));
        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync(Demo.Email(Role.Teacher, Demo.Riverside), sp => sp.GetRequiredService<IStudentLessons>().BetweenAsync(ella, from, to)));
        await Assert.ThrowsAsync<DomainValidationException>(() => AsAsync(Demo.Email(Role.Parent), sp => sp.GetRequiredService<IStudentLessons>().BetweenAsync(ella, to, from)));
    }

    [Fact]
    public async Task A_childs_lessons_of_the_week_carry_their_tutor_and_attendance_as_marked()
    {
        var noah = await Academic.UserIdAsync(Host, Demo.Student(2));
        var from = DateTime.UtcNow.AddDays(-1);
        var to = from.AddDays(7);
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var maths = await Academic.TodaysMathsClubAsync(Host, tutor);
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{maths}/attendance", new { studentId = noah, status = "LATE" })).Status);

        var lessons = await AsAsync(Demo.Email(Role.Parent), sp => sp.GetRequiredService<IStudentLessons>().BetweenAsync(noah, from, to));
        // Noah (student2) is in Maths club (students 1-4) every day but Sunday, not in the English workshop (students 3-6).
        Assert.NotEmpty(lessons);
        Assert.All(lessons, l => Assert.Equal("Maths club", l.Title));
        Assert.All(lessons, l => Assert.True(l.StartsAt >= from && l.StartsAt < to));
        Assert.Equal(lessons.OrderBy(l => l.StartsAt).Select(l => l.SessionId), lessons.Select(l => l.SessionId));
        var today = Assert.Single(lessons, l => l.SessionId == maths);
        Assert.Equal(AttendanceStatus.Late, today.Attendance);
        Assert.False(string.IsNullOrEmpty(today.TutorName));
        Assert.All(lessons.Where(l => l.SessionId != maths), l => Assert.Null(l.Attendance));
        // The same lessons for Noah himself; none of Isla's English workshops.
        Assert.Equal(lessons, await AsAsync(Demo.Student(2), sp => sp.GetRequiredService<IStudentLessons>().BetweenAsync(noah, from, to)));
    }
}

public sealed class ProgressChartsTestsOnSqlite(SqliteApp app) : ProgressChartsTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class ProgressChartsTestsOnPostgres(PostgresApp app) : ProgressChartsTests(() => app.Host), IClassFixture<PostgresApp>;
