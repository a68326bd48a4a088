using System.Net;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Sessions;

public abstract class SessionsApiTests(Func<AppHost> host, Func<TestClock> clock)
{
    protected AppHost Host => host();

    private string LocalDay(int daysAhead) =>
        TimeZoneInfo.ConvertTimeFromUtc(clock().GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).Date.AddDays(daysAhead).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_supervisor_schedules_a_weekly_series_in_the_centres_own_time()
    {
        using var supervisor = await TestData.WithTokenAsync(Host, Academic.Supervisor);
        var tutor = await Academic.UserIdAsync(Host, Demo.Email(Role.Teacher));
        var created = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Saturday booster", tutorId = tutor, startsAt = $"{LocalDay(10)}T10:00:00", endsAt = $"{LocalDay(10)}T11:30:00",
            capacity = 6, room = "Room 3", repeatWeeks = 3,
        });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var sessions = created.Data.EnumerateArray().ToList();
        Assert.Equal(3, sessions.Count);
        Assert.All(sessions, s => Assert.EndsWith("10:00", s.GetProperty("localStart").GetString()));
        Assert.Single(sessions.Select(s => s.GetProperty("seriesId").GetGuid()).Distinct());
        var utc = sessions[0].GetProperty("startsAt").GetDateTime();
        var london = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Equal(10, london.Hour);
    }

    [Fact]
    public async Task Double_booking_a_tutor_or_a_student_and_overfilling_are_refused_clearly()
    {
        using var supervisor = await TestData.WithTokenAsync(Host, Academic.Supervisor);
        var tutor = await Academic.UserIdAsync(Host, Demo.Email(Role.Teacher));
        var clash = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Clash", tutorId = tutor, startsAt = $"{LocalDay(1)}T16:30:00", endsAt = $"{LocalDay(1)}T17:30:00", capacity = 4,
        });
        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.StartsWith("The tutor already has \"Maths club\"", clash.Error);

        var created = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Small group", tutorId = await Academic.UserIdAsync(Host, Demo.Email(Role.Assessor)),
            startsAt = $"{LocalDay(1)}T16:30:00", endsAt = $"{LocalDay(1)}T17:00:00", capacity = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var sessionId = created.Data[0].GetProperty("id").GetGuid();
        var busyStudent = await Academic.UserIdAsync(Host, Demo.Student(1));
        var doubleBooked = await supervisor.PostAsync($"/api/v1/sessions/{sessionId}/enrollments", new { studentId = busyStudent });
        Assert.Equal(HttpStatusCode.Conflict, doubleBooked.Status);
        Assert.Contains("is already booked into \"Maths club\"", doubleBooked.Error);

        var freeStudent = await Academic.UserIdAsync(Host, Demo.Student(6));
        Assert.Equal(HttpStatusCode.Created, (await supervisor.PostAsync($"/api/v1/sessions/{sessionId}/enrollments", new { studentId = freeStudent })).Status);
        var full = await supervisor.PostAsync($"/api/v1/sessions/{sessionId}/enrollments", new { studentId = await Academic.UserIdAsync(Host, Demo.Student(5)) });
        Assert.Equal(HttpStatusCode.Conflict, full.Status);
        Assert.Equal("This session is full (1 places)", full.Error);
    }

    [Fact]
    public async Task Invalid_sessions_are_explained_field_by_field()
    {
        using var supervisor = await TestData.WithTokenAsync(Host, Academic.Supervisor);
        var missing = await supervisor.PostAsync("/api/v1/sessions", new { capacity = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        foreach (var field in new[] { "title", "tutorId", "startsAt", "endsAt" }) { Assert.True(missing.Details.TryGetProperty(field, out _), field); }

        var backwards = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Backwards", tutorId = await Academic.UserIdAsync(Host, Demo.Email(Role.Teacher)), startsAt = $"{LocalDay(3)}T12:00:00", endsAt = $"{LocalDay(3)}T11:00:00", capacity = 3,
        });
        Assert.Equal("The session must end after it starts", backwards.Details.GetProperty("endsAt").GetString());

        var notATutor = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title = "Student-led", tutorId = await Academic.UserIdAsync(Host, Demo.Student(2)), startsAt = $"{LocalDay(3)}T12:00:00", endsAt = $"{LocalDay(3)}T13:00:00", capacity = 3,
        });
        Assert.Equal("Choose an active tutor of this centre", notATutor.Details.GetProperty("tutorId").GetString());
    }

    [Fact]
    public async Task A_tutor_runs_a_lesson_from_start_to_summary_and_each_step_publishes_its_event()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var today = await tutor.GetAsync("/api/v1/sessions/today");
        Assert.Equal(["Maths club", "English workshop"], today.Data.EnumerateArray().Select(s => s.GetProperty("title").GetString()));
        var sessionId = await Academic.TodaysMathsClubAsync(Host, tutor);

        var started = await tutor.PostAsync($"/api/v1/sessions/{sessionId}/start");
        Assert.Equal("IN_PROGRESS", started.Data.GetProperty("session").GetProperty("status").GetString());
        await tutor.PostAsync($"/api/v1/sessions/{sessionId}/start");
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.SessionStarted, "sessionId", sessionId.ToString()));

        var students = (await tutor.GetAsync($"/api/v1/sessions/{sessionId}/enrollments")).Data.EnumerateArray().Select(e => e.GetProperty("studentId").GetGuid()).ToList();
        Assert.Equal(4, students.Count);
        var single = await tutor.PostAsync($"/api/v1/sessions/{sessionId}/attendance", new { studentId = students[0], status = "LATE" });
        Assert.Equal("LATE", single.Data.GetProperty("attendance").GetString());
        var bulk = await tutor.PostAsync($"/api/v1/sessions/{sessionId}/attendance/bulk", new
        {
            records = new object[] { new { studentId = students[1], status = "ATTENDING" }, new { studentId = students[2], status = "ABSENT" }, new { studentId = students[3], status = "EXCUSED" } },
        });
        Assert.Equal(HttpStatusCode.OK, bulk.Status);
        var recorded = await Academic.EventsAsync(Host, EventTypes.AttendanceRecorded, "sessionId", sessionId.ToString());
        Assert.Equal(4, recorded.Count);
        Assert.Contains(recorded, e => e.GetProperty("studentId").GetGuid() == students[1] && e.GetProperty("status").GetString() == "ATTENDING");

        var notEnrolled = await tutor.PostAsync($"/api/v1/sessions/{sessionId}/attendance", new { studentId = await Academic.UserIdAsync(Host, Demo.Student(6)), status = "ATTENDING" });
        Assert.Equal("This student is not enrolled in the session", notEnrolled.Details.GetProperty("studentId").GetString());
        var badStatus = await tutor.PostAsync($"/api/v1/sessions/{sessionId}/attendance", new { studentId = students[0], status = "SLEEPING" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.Status);

        // A double click on "End" ends it once.
        var ends = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => tutor.PostAsync($"/api/v1/sessions/{sessionId}/end")));
        Assert.All(ends, e => Assert.Equal(HttpStatusCode.OK, e.Status));
        var ended = ends[0];
        var summary = ended.Data.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("enrolled").GetInt32());
        Assert.Equal(1, summary.GetProperty("attending").GetInt32());
        Assert.Equal(1, summary.GetProperty("late").GetInt32());
        Assert.Equal(1, summary.GetProperty("absent").GetInt32());
        Assert.Equal(1, summary.GetProperty("excused").GetInt32());
        var endedEvent = Assert.Single(await Academic.EventsAsync(Host, EventTypes.SessionEnded, "sessionId", sessionId.ToString()));
        Assert.Equal(4, endedEvent.GetProperty("summary").GetProperty("enrolled").GetInt32());
    }

    [Fact]
    public async Task A_tutor_reads_a_students_plan_adds_a_note_and_overrides_their_next_exercise()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var today = await tutor.GetAsync("/api/v1/sessions/today");
        var english = today.Data.EnumerateArray().First(s => s.GetProperty("title").GetString() == "English workshop").GetProperty("id").GetGuid();
        var enrolment = (await tutor.GetAsync($"/api/v1/sessions/{english}/enrollments")).Data[0];
        var student = enrolment.GetProperty("studentId").GetGuid();

        var note = await tutor.PostAsync($"/api/v1/sessions/{english}/students/{student}/notes", new { text = "Read the passage aloud first." });
        Assert.Equal(HttpStatusCode.Created, note.Status);
        var empty = await tutor.PostAsync($"/api/v1/sessions/{english}/students/{student}/notes", new { text = " " });
        Assert.Equal("Note is required", empty.Details.GetProperty("text").GetString());

        var plan = await tutor.GetAsync($"/api/v1/sessions/{english}/students/{student}/plan");
        Assert.Equal("SEQUENCE", plan.Data.GetProperty("nextContent")[0].GetProperty("reason").GetString());
        Assert.Equal("Read the passage aloud first.", plan.Data.GetProperty("notes")[0].GetProperty("text").GetString());

        var englishCourse = await Academic.CourseAsync(Host, "english");
        var units = await tutor.GetAsync($"/api/v1/content/courses/{englishCourse}/levels");
        var level2 = units.Data.EnumerateArray().Single(l => l.GetProperty("number").GetInt32() == 2).GetProperty("id").GetGuid();
        var lesson = (await tutor.GetAsync($"/api/v1/content/courses/{englishCourse}/levels/{level2}/units")).Data[1].GetProperty("lessons")[0].GetProperty("id").GetGuid();
        var exercise = (await tutor.GetAsync($"/api/v1/content/lessons/{lesson}/exercises")).Data[2].GetProperty("id").GetGuid();

        var assigned = await tutor.PostAsync($"/api/v1/enrollments/{enrolment.GetProperty("id").GetGuid()}/assign-content", new { exerciseId = exercise });
        Assert.Equal(HttpStatusCode.OK, assigned.Status);
        Assert.Equal("OVERRIDE", assigned.Data.GetProperty("reason").GetString());
        Assert.Equal(exercise, assigned.Data.GetProperty("exerciseId").GetGuid());
        var evt = Assert.Single(await Academic.EventsAsync(Host, EventTypes.ContentAssigned, "exerciseId", exercise.ToString()));
        Assert.Equal(student, evt.GetProperty("studentId").GetGuid());

        using var studentClient = await TestData.WithTokenAsync(Host, (await Host.Db().Users.FindAsync(student))!.Email!);
        var next = await studentClient.GetAsync($"/api/v1/content/next?courseId={englishCourse}");
        Assert.Equal(exercise, next.Data.GetProperty("exerciseId").GetGuid());

        var neither = await tutor.PostAsync($"/api/v1/enrollments/{enrolment.GetProperty("id").GetGuid()}/assign-content", new { });
        Assert.Equal(HttpStatusCode.BadRequest, neither.Status);
        var cleared = await tutor.PostAsync($"/api/v1/enrollments/{enrolment.GetProperty("id").GetGuid()}/assign-content", new { clearCourseId = englishCourse });
        Assert.Equal("SEQUENCE", cleared.Data.GetProperty("reason").GetString());
        Assert.NotEqual(exercise, (await studentClient.GetAsync($"/api/v1/content/next?courseId={englishCourse}")).Data.GetProperty("exerciseId").GetGuid());
    }

    [Fact]
    public async Task The_dashboard_shows_each_student_with_attendance_and_next_content()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var sessionId = await Academic.TodaysMathsClubAsync(Host, tutor);
        var dashboard = await tutor.GetAsync($"/api/v1/sessions/{sessionId}/dashboard");

        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        var students = dashboard.Data.GetProperty("students").EnumerateArray().ToList();
        Assert.Equal(4, students.Count);
        Assert.All(students, s => Assert.Equal(System.Text.Json.JsonValueKind.Object, s.GetProperty("nextContent").ValueKind));
        Assert.Contains(students, s => s.GetProperty("openHomework").GetInt32() == 1);
        Assert.Equal(4, dashboard.Data.GetProperty("liveSummary").GetProperty("enrolled").GetInt32());
    }

    /// <summary>
    /// A session of the demo assessor (the tutor's "today" stays as the other tests expect it), in the centre's own
    /// wall-clock time, <paramref name="minutesAhead"/> from the test clock's now.
    /// </summary>
    private async Task<Guid> SessionAsync(ApiClient supervisor, string title, int minutesAhead, int minutes, params int[] students)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var start = TimeZoneInfo.ConvertTimeFromUtc(clock().GetUtcNow().UtcDateTime, zone).AddMinutes(minutesAhead);
        start = start.AddSeconds(-start.Second).AddMilliseconds(-start.Millisecond);
        var created = await supervisor.PostAsync("/api/v1/sessions", new
        {
            title, tutorId = await Academic.UserIdAsync(Host, Demo.Email(Role.Assessor)), courseId = await Academic.CourseAsync(Host, "english"),
            startsAt = start.ToString("yyyy-MM-ddTHH:mm:ss"), endsAt = start.AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:ss"), capacity = 4,
        });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var id = created.Data[0].GetProperty("id").GetGuid();
        foreach (var n in students)
        {
            Assert.Equal(HttpStatusCode.Created, (await supervisor.PostAsync($"/api/v1/sessions/{id}/enrollments", new { studentId = await Academic.UserIdAsync(Host, Demo.Student(n)) })).Status);
        }
        return id;
    }

    private async Task<Guid> EnrolmentAsync(ApiClient tutor, Guid session, int student)
    {
        var studentId = await Academic.UserIdAsync(Host, Demo.Student(student));
        return (await tutor.GetAsync($"/api/v1/sessions/{session}/enrollments")).Data.EnumerateArray()
            .Single(e => e.GetProperty("studentId").GetGuid() == studentId).GetProperty("id").GetGuid();
    }

    /// <summary>The student starts their next English exercise (with the enrolment, when given) and submits it; returns the attempt and its score.</summary>
    private async Task<(Guid Attempt, int Score)> DoExerciseAsync(ApiClient student, Guid? enrolment)
    {
        var next = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "english")}")).Data.GetProperty("exerciseId").GetGuid();
        var started = await student.PostAsync($"/api/v1/exercises/{next}/start", enrolment is { } e ? new { sessionEnrollmentId = e } : new { });
        Assert.True(started.Status == HttpStatusCode.Created, started.ToString());
        var attempt = started.Data.GetProperty("id").GetGuid();
        Assert.Equal(enrolment, started.Data.GetProperty("enrolmentId").ValueKind == System.Text.Json.JsonValueKind.Null ? null : started.Data.GetProperty("enrolmentId").GetGuid());
        // One question answered: a blank submission is refused.
        var submitted = await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers = await Academic.OneWrongAnswerAsync(Host, next) });
        Assert.True(submitted.Status == HttpStatusCode.OK, submitted.ToString());
        return (attempt, submitted.Data.GetProperty("scorePercent").GetInt32());
    }

    private static List<Guid> AttemptsOf(ApiResponse dashboard, Guid student) =>
        dashboard.Data.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("enrolment").GetProperty("studentId").GetGuid() == student)
            .GetProperty("attemptsThisSession").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Work_in_a_lesson_started_two_hours_early_counts_for_it_and_work_of_another_lesson_at_the_same_time_does_not()
    {
        using var supervisor = await TestData.WithTokenAsync(Host, Academic.Supervisor);
        using var tutor = await TestData.WithTokenAsync(Host, Demo.Email(Role.Assessor));
        // "Booster" is scheduled 2.5 hours from now; "Drop-in" for one of its students starts in five minutes.
        var booster = await SessionAsync(supervisor, "Booster", 150, 45, 5, 6);
        var dropIn = await SessionAsync(supervisor, "Drop-in", 5, 60, 6);
        Assert.Equal("IN_PROGRESS", (await tutor.PostAsync($"/api/v1/sessions/{booster}/start")).Data.GetProperty("session").GetProperty("status").GetString());

        using var maya = await TestData.WithTokenAsync(Host, Demo.Student(5));
        using var jack = await TestData.WithTokenAsync(Host, Demo.Student(6));
        var (mayas, mayaScore) = await DoExerciseAsync(maya, null);
        var (jacksBooster, jackScore) = await DoExerciseAsync(jack, await EnrolmentAsync(tutor, booster, 6));
        var (jacksDropIn, _) = await DoExerciseAsync(jack, await EnrolmentAsync(tutor, dropIn, 6));
        var (mayaId, jackId) = (await Academic.UserIdAsync(Host, Demo.Student(5)), await Academic.UserIdAsync(Host, Demo.Student(6)));

        // The early lesson's dashboard: Maya's work by when the lesson actually ran (she started it with no enrolment),
        // Jack's by the enrolment it was started with; his drop-in work, at the same time, is the drop-in's alone.
        var dashboard = await tutor.GetAsync($"/api/v1/sessions/{booster}/dashboard");
        Assert.Equal([mayas], AttemptsOf(dashboard, mayaId));
        Assert.Equal([jacksBooster], AttemptsOf(dashboard, jackId));
        Assert.Equal(2, dashboard.Data.GetProperty("liveSummary").GetProperty("exercisesCompleted").GetInt32());
        Assert.Equal([jacksDropIn], AttemptsOf(await tutor.GetAsync($"/api/v1/sessions/{dropIn}/dashboard"), jackId));

        var summary = (await tutor.PostAsync($"/api/v1/sessions/{booster}/end")).Data.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("exercisesCompleted").GetInt32());
        Assert.Equal((int)Math.Round((mayaScore + jackScore) / 2.0), summary.GetProperty("averageScore").GetInt32());
        // Read again after the end, the lesson keeps its work (counted to its actual end).
        Assert.Equal([mayas], AttemptsOf(await tutor.GetAsync($"/api/v1/sessions/{booster}/dashboard"), mayaId));
    }
}

public sealed class SessionsApiTestsOnSqlite(SqliteAcademicApp app) : SessionsApiTests(() => app.Host, () => app.Clock), IClassFixture<SqliteAcademicApp>;

public sealed class SessionsApiTestsOnPostgres(PostgresAcademicApp app) : SessionsApiTests(() => app.Host, () => app.Clock), IClassFixture<PostgresAcademicApp>;
