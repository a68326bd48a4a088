using System.Net;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Sessions;

/// <summary>Quick scheduling and assigning (issue 13): a session made with its students, several enrolled at once, a cancellation's reason, work set for a group.</summary>
public abstract class SchedulingApiTests(Func<AppHost> host, Func<TestClock> clock)
{
    protected AppHost Host => host();

    private string LocalDay(int daysAhead) =>
        TimeZoneInfo.ConvertTimeFromUtc(clock().GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).Date.AddDays(daysAhead).ToString("yyyy-MM-dd");

    private Task<Guid[]> StudentsAsync(params int[] numbers) => Task.WhenAll(numbers.Select(n => Academic.UserIdAsync(Host, Demo.Student(n))));

    private async Task<Guid> ExerciseAsync(string course, int skip)
    {
        var courseId = await Academic.CourseAsync(Host, course);
        await using var db = Host.Db();
        return await db.Exercises.Where(e => e.CourseId == courseId).OrderBy(e => e.Id).Skip(skip).Select(e => e.Id).FirstAsync();
    }

    [Fact]
    public async Task A_session_is_created_with_its_students_in_one_step_and_capacity_is_respected()
    {
        using var supervisor = await TestData.WithTokenAsync(Host, Academic.Supervisor);
        var tutor = await Academic.UserIdAsync(Host, Demo.Email(Role.Assessor));
        var students = await StudentsAsync(4, 5, 6);

        var tooMany = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Too small", tutorId = tutor, startsAt = $"{LocalDay(3)}T10:00:00", endsAt = $"{LocalDay(3)}T11:00:00", capacity = 2, studentIds = students,
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("3 students chosen for 2 places: raise the capacity or choose fewer", tooMany.Details.GetProperty("studentIds").GetString());

        var created = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Revision trio", tutorId = tutor, startsAt = $"{LocalDay(3)}T10:00:00", endsAt = $"{LocalDay(3)}T11:00:00", capacity = 3, studentIds = students,
            repeatWeeks = 2,
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        foreach (var session in created.Data.EnumerateArray())
        {
            Assert.Equal(3, session.GetProperty("enrolled").GetInt32());
            var enrolled = (await supervisor.GetAsync($"/api/v1/sessions/{session.GetProperty("id").GetGuid()}/enrollments")).Data.EnumerateArray()
                .Select(e => e.GetProperty("studentId").GetGuid()).Order().ToList();
            Assert.Equal(students.Order().ToList(), enrolled);
        }
    }

    [Fact]
    public async Task Several_students_are_enrolled_at_once_all_or_nothing()
    {
        using var supervisor = await TestData.WithTokenAsync(Host, Academic.Supervisor);
        var tutor = await Academic.UserIdAsync(Host, Demo.Email(Role.Assessor));
        var created = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Group booster", tutorId = tutor, startsAt = $"{LocalDay(1)}T16:30:00", endsAt = $"{LocalDay(1)}T17:00:00", capacity = 4,
        });
        var session = created.Data[0].GetProperty("id").GetGuid();
        var (one, five, six) = (await Academic.UserIdAsync(Host, Demo.Student(1)), await Academic.UserIdAsync(Host, Demo.Student(5)), await Academic.UserIdAsync(Host, Demo.Student(6)));

        // Student 1 is in Maths club at 16:00 that day: the whole request is refused, and nobody is enrolled.
        var clash = await supervisor.PostAsync($"/api/v1/sessions/{session}/enrollments/bulk", new { studentIds = new[] { five, one } });
        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Contains("is already booked into \"Maths club\"", clash.Error);
        Assert.Empty((await supervisor.GetAsync($"/api/v1/sessions/{session}/enrollments")).Data.EnumerateArray());

        var enrolled = await supervisor.PostAsync($"/api/v1/sessions/{session}/enrollments/bulk", new { studentIds = new[] { five, six } });
        Assert.Equal(HttpStatusCode.OK, enrolled.Status);
        Assert.Equal(new[] { five, six }.Order(), enrolled.Data.EnumerateArray().Select(e => e.GetProperty("studentId").GetGuid()).Order());

        // Adding a group some of whom are already in enrols the others; more than the places left is refused.
        var again = await supervisor.PostAsync($"/api/v1/sessions/{session}/enrollments/bulk", new { studentIds = new[] { five, six } });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        var students = await StudentsAsync(2, 3, 4);
        var full = await supervisor.PostAsync($"/api/v1/sessions/{session}/enrollments/bulk", new { studentIds = students });
        Assert.Equal(HttpStatusCode.Conflict, full.Status);
        Assert.Equal("This session has 2 places left; 3 students were chosen", full.Error);
        var empty = await supervisor.PostAsync($"/api/v1/sessions/{session}/enrollments/bulk", new { studentIds = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
    }

    [Fact]
    public async Task A_cancellation_keeps_its_reason_where_the_session_is_read()
    {
        using var supervisor = await TestData.WithTokenAsync(Host, Academic.Supervisor);
        var tutor = await Academic.UserIdAsync(Host, Demo.Email(Role.Assessor));
        var created = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Cancelled booster", tutorId = tutor, startsAt = $"{LocalDay(2)}T10:00:00", endsAt = $"{LocalDay(2)}T11:00:00", capacity = 4,
        });
        var session = created.Data[0].GetProperty("id").GetGuid();

        var cancelled = await supervisor.SendAsync(HttpMethod.Delete, $"/api/v1/sessions/{session}", new { reason = "Tutor is ill" });
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("CANCELLED", cancelled.Data.GetProperty("status").GetString());
        Assert.Equal("Tutor is ill", cancelled.Data.GetProperty("cancelReason").GetString());
        Assert.Equal("Tutor is ill", (await supervisor.GetAsync($"/api/v1/sessions/{session}")).Data.GetProperty("cancelReason").GetString());
        var from = $"{LocalDay(2)}T00:00:00Z";
        var week = await supervisor.GetAsync($"/api/v1/sessions/calendar?from={from}&to={LocalDay(3)}T23:00:00Z");
        Assert.Equal("Tutor is ill", week.Data.EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == session).GetProperty("cancelReason").GetString());
    }

    [Fact]
    public async Task A_tutor_sets_the_next_exercise_for_the_whole_group_in_one_action()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var maths = await Academic.TodaysMathsClubAsync(Host, tutor);
        var exercise = await ExerciseAsync("maths", 3);
        var group = (await tutor.GetAsync($"/api/v1/sessions/{maths}/enrollments")).Data.EnumerateArray().Select(e => e.GetProperty("studentId").GetGuid()).ToList();
        Assert.Equal(4, group.Count);

        var set = await tutor.PostAsync($"/api/v1/sessions/{maths}/set-work", new { exerciseId = exercise, kind = "NEXT" });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal(group.Order(), set.Data.GetProperty("studentIds").EnumerateArray().Select(s => s.GetGuid()).Order());

        var course = await Academic.CourseAsync(Host, "maths");
        foreach (var student in group)
        {
            var next = await tutor.GetAsync($"/api/v1/content/next?studentId={student}&courseId={course}");
            Assert.Equal(exercise, next.Data.GetProperty("exerciseId").GetGuid());
            Assert.Equal("OVERRIDE", next.Data.GetProperty("reason").GetString());
        }
        // Each student's assignment raises its own content.assigned, as one at a time does.
        var events = await Academic.EventsAsync(Host, EventTypes.ContentAssigned, "exerciseId", exercise.ToString());
        Assert.Equal(group.Order(), events.Select(e => e.GetProperty("studentId").GetGuid()).Order());
    }

    [Fact]
    public async Task A_tutor_sets_homework_for_chosen_students_and_a_student_outside_the_group_is_refused()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var maths = await Academic.TodaysMathsClubAsync(Host, tutor);
        var exercise = await ExerciseAsync("maths", 5);
        var (two, three, six) = (await Academic.UserIdAsync(Host, Demo.Student(2)), await Academic.UserIdAsync(Host, Demo.Student(3)), await Academic.UserIdAsync(Host, Demo.Student(6)));
        var due = $"{LocalDay(7)}T18:00:00";

        var outsider = await tutor.PostAsync($"/api/v1/sessions/{maths}/set-work", new { exerciseId = exercise, kind = "HOMEWORK", dueDate = due, studentIds = new[] { two, six } });
        Assert.Equal(HttpStatusCode.BadRequest, outsider.Status);
        Assert.NotNull(outsider.Details.GetProperty("studentIds").GetString());
        var noDue = await tutor.PostAsync($"/api/v1/sessions/{maths}/set-work", new { exerciseId = exercise, kind = "HOMEWORK", studentIds = new[] { two } });
        Assert.Equal(HttpStatusCode.BadRequest, noDue.Status);
        Assert.Equal("Due date is required", noDue.Details.GetProperty("dueDate").GetString());
        Assert.Empty(await Academic.EventsAsync(Host, EventTypes.HomeworkAssigned, "exerciseId", exercise.ToString()));

        var set = await tutor.PostAsync($"/api/v1/sessions/{maths}/set-work", new { exerciseId = exercise, kind = "HOMEWORK", dueDate = due, studentIds = new[] { two, three } });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        foreach (var (student, expected) in new[] { (two, true), (three, true), (await Academic.UserIdAsync(Host, Demo.Student(1)), false) })
        {
            var homework = (await tutor.GetAsync($"/api/v1/homework?studentId={student}")).Data.EnumerateArray();
            Assert.Equal(expected, homework.Any(h => h.GetProperty("exerciseId").GetGuid() == exercise));
        }
        var events = await Academic.EventsAsync(Host, EventTypes.HomeworkAssigned, "exerciseId", exercise.ToString());
        Assert.Equal(new[] { two, three }.Order(), events.Select(e => e.GetProperty("studentId").GetGuid()).Order());
    }
}

public sealed class SchedulingApiTestsOnSqlite(SqliteAcademicApp app) : SchedulingApiTests(() => app.Host, () => app.Clock), IClassFixture<SqliteAcademicApp>;

public sealed class SchedulingApiTestsOnPostgres(PostgresAcademicApp app) : SchedulingApiTests(() => app.Host, () => app.Clock), IClassFixture<PostgresAcademicApp>;
