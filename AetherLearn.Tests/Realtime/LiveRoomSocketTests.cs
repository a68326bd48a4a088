using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Realtime;

/// <summary>The §7 protocol over real sockets: who receives what, and what the room refuses.</summary>
public abstract partial class LiveRoomSocketTests(Func<AppHost> host, Func<TimeProvider> clock)
{
    protected AppHost Host => host();

    protected TimeProvider Clock => clock();

    private static Func<JsonElement, bool> About(Guid studentId) => p => p.GetProperty("studentId").GetGuid() == studentId;

    [Fact]
    public async Task A_tutor_gets_the_room_on_connect_and_sees_students_join_and_leave()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 1, 2);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        var sync = await tutorRoom.PayloadAsync("session:sync");
        var students = sync.GetProperty("students");
        Assert.Equal(2, students.EnumerateObject().Count());
        var ella = students.GetProperty(lesson.Students[1].ToString());
        Assert.Equal("OFFLINE", ella.GetProperty("status").GetString());
        Assert.False(ella.GetProperty("connected").GetBoolean());

        using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));
        var studentRoom = await RoomClient.JoinAsync(Host, student, lesson.SessionId);
        var joined = await tutorRoom.PayloadAsync("student:joined", About(lesson.Students[1]));
        Assert.Equal(ella.GetProperty("name").GetString(), joined.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(joined.GetProperty("course").GetString()));
        Assert.Equal(1, joined.GetProperty("level").GetInt32());
        Assert.Equal("ACTIVE", (await tutorRoom.PayloadAsync("student:update", About(lesson.Students[1]))).GetProperty("status").GetString());
        var welcome = await studentRoom.PayloadAsync("session:welcome");
        Assert.Equal(lesson.Students[1], welcome.GetProperty("you").GetProperty("studentId").GetGuid());
        // A student never receives the room's view of the others (by the time a message from the tutor reaches them).
        await studentRoom.AssertNoneAsync(() => tutorRoom.SendAsync("tutor:message", new { studentId = lesson.Students[1], text = "probe" }),
            "message:received", p => p.GetProperty("text").GetString() == "probe", "session:sync", "student:joined");

        await studentRoom.DisposeAsync();
        await tutorRoom.PayloadAsync("student:left", About(lesson.Students[1]));
    }

    [Fact]
    public async Task Heartbeats_and_progress_reach_the_tutors_only()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 1, 2);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        var (one, roomOne) = await live.JoinAsync(1);
        var (two, roomTwo) = await live.JoinAsync(2);
        var exercise = (await one.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "maths")}")).Data.GetProperty("exerciseId").GetGuid();

        await roomOne.SendAsync("student:heartbeat", new { isActive = false, currentExerciseId = (Guid?)null, progressPct = 0 });
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[1])(p) && p.GetProperty("status").GetString() == "IDLE");

        await roomOne.SendAsync("student:exercise_progress", new { exerciseId = exercise, answeredCount = 2, progressPct = 40 });
        var update = await tutorRoom.PayloadAsync("student:update", p => About(lesson.Students[1])(p) && p.GetProperty("progressPct").GetInt32() == 40);
        Assert.Equal(exercise, update.GetProperty("exerciseId").GetGuid());
        Assert.Equal("ACTIVE", update.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(update.GetProperty("exerciseTitle").GetString()));
        Assert.Equal(2, update.GetProperty("answeredCount").GetInt32());

        // Students never get the cards (by the time a broadcast sent after the progress reaches them).
        await roomOne.AssertNoneAsync(() => tutorRoom.SendAsync("tutor:broadcast", new { text = "probe" }),
            "message:received", p => p.GetProperty("text").GetString() == "probe", "student:update");
        await roomTwo.AssertNoneAsync(() => Task.CompletedTask, "message:received", p => p.GetProperty("text").GetString() == "probe", "student:update");
    }

    [Fact]
    public async Task A_raised_hand_goes_to_the_tutors_and_its_acknowledgement_back_to_the_student()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 1, 2);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        var (one, roomOne) = await live.JoinAsync(1);
        var (two, roomTwo) = await live.JoinAsync(2);

        await roomOne.SendAsync("student:help_request", new { message = "Stuck on fractions" });
        var raised = await tutorRoom.PayloadAsync("help:new");
        Assert.Equal(lesson.Students[1], raised.GetProperty("studentId").GetGuid());
        Assert.Equal("Stuck on fractions", raised.GetProperty("message").GetString());
        var requestId = raised.GetProperty("requestId").GetGuid();
        Assert.Equal("OPEN", (await roomOne.PayloadAsync("help:updated")).GetProperty("status").GetString());

        await roomOne.SendAsync("student:help_request", new { });
        var again = await roomOne.PayloadAsync("error");
        Assert.Equal("CONFLICT", again.GetProperty("code").GetString());
        Assert.Equal("student:help_request", again.GetProperty("ref").GetString());

        await tutorRoom.SendAsync("tutor:help_acknowledge", new { requestId });
        var acknowledged = await roomOne.PayloadAsync("help:updated", p => p.GetProperty("status").GetString() == "ACKNOWLEDGED");
        Assert.Equal(requestId, acknowledged.GetProperty("requestId").GetGuid());
        await tutorRoom.SendAsync("tutor:help_resolve", new { requestId });
        await roomOne.NextAsync("help:updated", p => p.GetProperty("status").GetString() == "RESOLVED");
        await roomTwo.AssertNoneAsync(() => tutorRoom.SendAsync("tutor:message", new { studentId = lesson.Students[2], text = "probe" }),
            "message:received", p => p.GetProperty("text").GetString() == "probe", "help:updated", "help:new");

        // The REST endpoints are the same behaviour: a hand raised there shows up in the room, and can be cancelled here.
        Assert.Equal(HttpStatusCode.Created, (await two.PostAsync($"/api/v1/sessions/{lesson.SessionId}/help-request", new { message = "Over here" })).Status);
        await tutorRoom.NextAsync("help:new", p => p.GetProperty("message").GetString() == "Over here");
        await roomTwo.SendAsync("student:help_cancel");
        await roomTwo.NextAsync("help:updated", p => p.GetProperty("status").GetString() == "CANCELLED");
        await tutorRoom.NextAsync("help:updated", p => p.GetProperty("status").GetString() == "CANCELLED");
        var dashboard = await tutor.GetAsync($"/api/v1/sessions/{lesson.SessionId}/dashboard");
        Assert.Empty(dashboard.Data.GetProperty("helpRequests").EnumerateArray());
    }

    [Fact]
    public async Task Tutor_actions_reach_exactly_the_students_the_contract_names()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 1, 2);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        var (one, roomOne) = await live.JoinAsync(1);
        var (two, roomTwo) = await live.JoinAsync(2);
        var plan = await tutor.GetAsync($"/api/v1/sessions/{lesson.SessionId}/students/{lesson.Students[1]}/plan");
        var exercise = plan.Data.GetProperty("nextContent")[0].GetProperty("exerciseId").GetGuid();

        await tutorRoom.SendAsync("tutor:assign_content", new { studentId = lesson.Students[1], exerciseId = exercise });
        var assigned = await roomOne.PayloadAsync("content:assigned");
        Assert.Equal(exercise, assigned.GetProperty("exerciseId").GetGuid());
        Assert.False(string.IsNullOrEmpty(assigned.GetProperty("exerciseTitle").GetString()));

        await tutorRoom.SendAsync("tutor:message", new { studentId = lesson.Students[1], text = "Nice work" });
        var message = await roomOne.PayloadAsync("message:received");
        Assert.Equal("Nice work", message.GetProperty("text").GetString());
        Assert.False(string.IsNullOrEmpty(message.GetProperty("from").GetString()));

        await tutorRoom.SendAsync("tutor:broadcast", new { text = "Five minutes left" });
        await roomOne.NextAsync("message:received", p => p.GetProperty("text").GetString() == "Five minutes left");
        await roomTwo.NextAsync("message:received", p => p.GetProperty("text").GetString() == "Five minutes left");

        await tutorRoom.SendAsync("tutor:attendance", new { studentId = lesson.Students[1], status = "LATE" });
        Assert.Equal("LATE", (await roomOne.PayloadAsync("attendance:marked")).GetProperty("status").GetString());
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[1])(p) && p.GetProperty("attendance").GetString() == "LATE");

        await tutorRoom.SendAsync("tutor:session_start");
        await roomOne.NextAsync("session:started");
        await roomTwo.NextAsync("session:started");
        Assert.Equal("IN_PROGRESS", (await tutor.GetAsync($"/api/v1/sessions/{lesson.SessionId}")).Data.GetProperty("session").GetProperty("status").GetString());
        await tutorRoom.SendAsync("tutor:session_end");
        var ended = await roomTwo.PayloadAsync("session:ended");
        Assert.Equal(2, ended.GetProperty("summary").GetProperty("enrolled").GetInt32());
        await roomOne.NextAsync("session:ended");

        // Only the student concerned hears about their content, messages and attendance (by the time a message of its own arrives).
        await roomTwo.AssertNoneAsync(() => tutorRoom.SendAsync("tutor:message", new { studentId = lesson.Students[2], text = "probe" }),
            "message:received", p => p.GetProperty("text").GetString() == "probe", "content:assigned", "attendance:marked");
        Assert.Single(roomTwo.Received, m => m.GetProperty("type").GetString() == "message:received" && m.GetProperty("payload").GetProperty("text").GetString() != "probe");
        // And none of the tutor's actions was refused: a student's progress sent after them reaches the tutor with no error before it.
        await tutorRoom.AssertNoneAsync(() => roomOne.SendAsync("student:exercise_progress", new { exerciseId = exercise, answeredCount = 1, progressPct = 55 }),
            "student:update", p => About(lesson.Students[1])(p) && p.GetProperty("progressPct").GetInt32() == 55, "error");
    }

    [Fact]
    public async Task Work_started_through_the_api_and_submitted_over_the_socket_shows_on_the_tutors_card()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 3);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        var (student, studentRoom) = await live.JoinAsync(3);
        var exercise = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "maths")}")).Data.GetProperty("exerciseId").GetGuid();

        Assert.Equal(HttpStatusCode.Created, (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Status);
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[3])(p)
            && p.GetProperty("exerciseId").ValueKind == JsonValueKind.String && p.GetProperty("exerciseId").GetGuid() == exercise);

        // One question answered (wrongly): a blank submission is refused.
        await studentRoom.SendAsync("student:exercise_submit", new { exerciseId = exercise, answers = await Academic.OneWrongAnswerAsync(Host, exercise) });
        var result = await studentRoom.PayloadAsync("exercise:submitted");
        Assert.Equal("SUBMITTED", result.GetProperty("status").GetString());
        Assert.Equal(0, result.GetProperty("scorePercent").GetInt32());
        var card = await tutorRoom.PayloadAsync("student:update", p => About(lesson.Students[3])(p) && p.GetProperty("lastScore").ValueKind == JsonValueKind.Number);
        Assert.Equal(0, card.GetProperty("lastScore").GetInt32());
        Assert.Equal(JsonValueKind.Null, card.GetProperty("exerciseId").ValueKind);
    }

    [Fact]
    public async Task Bad_messages_get_an_error_and_the_room_keeps_going()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 1);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        var (_, room) = await live.JoinAsync(1);

        await room.SendAsync("tutor:broadcast", new { text = "I am the tutor now" });
        var forbidden = await room.PayloadAsync("error");
        Assert.Equal("FORBIDDEN", forbidden.GetProperty("code").GetString());
        Assert.Equal("tutor:broadcast", forbidden.GetProperty("ref").GetString());

        await room.SendRawAsync("{ not json");
        Assert.Equal("MALFORMED_MESSAGE", (await room.PayloadAsync("error")).GetProperty("code").GetString());
        await room.SendRawAsync("""{ "payload": {} }""");
        Assert.Equal("MALFORMED_MESSAGE", (await room.PayloadAsync("error")).GetProperty("code").GetString());
        await room.SendAsync("student:dance", new { });
        var unknown = await room.PayloadAsync("error");
        Assert.Equal("UNKNOWN_TYPE", unknown.GetProperty("code").GetString());
        Assert.Equal("student:dance", unknown.GetProperty("ref").GetString());

        await room.SendAsync("student:exercise_progress", new { progressPct = 300 });
        var invalid = await room.PayloadAsync("error");
        Assert.Equal("VALIDATION_ERROR", invalid.GetProperty("code").GetString());
        var details = invalid.GetProperty("details");
        Assert.Equal("Required", details.GetProperty("exerciseId").GetString());
        Assert.Equal("Required", details.GetProperty("answeredCount").GetString());
        Assert.Equal("Must be a number from 0 to 100", details.GetProperty("progressPct").GetString());

        await room.SendAsync("student:help_request", new { message = new string('x', 40_000) });
        Assert.Equal("MESSAGE_TOO_LARGE", (await room.PayloadAsync("error")).GetProperty("code").GetString());
        await room.SendRawAsync("binary?", WebSocketMessageType.Binary);
        Assert.Equal("MALFORMED_MESSAGE", (await room.PayloadAsync("error")).GetProperty("code").GetString());

        // Nothing was broadcast, nothing was raised (by the time the student's progress sent after them reaches the tutor), and
        // the same socket still works.
        var plan = await tutor.GetAsync($"/api/v1/sessions/{lesson.SessionId}/students/{lesson.Students[1]}/plan");
        var exercise = plan.Data.GetProperty("nextContent")[0].GetProperty("exerciseId").GetGuid();
        await tutorRoom.AssertNoneAsync(() => room.SendAsync("student:exercise_progress", new { exerciseId = exercise, answeredCount = 1, progressPct = 33 }),
            "student:update", p => About(lesson.Students[1])(p) && p.GetProperty("progressPct").GetInt32() == 33, "message:received", "help:new");
        await room.SendAsync("student:heartbeat", new { isActive = true, currentExerciseId = (Guid?)null, progressPct = 0 });
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[1])(p) && p.GetProperty("status").GetString() == "ACTIVE");
        Assert.Equal(WebSocketState.Open, room.State);
    }

    [Fact]
    public async Task Enrolments_and_cancellation_during_the_lesson_reach_the_room()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 1);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        using var supervisor = await TestData.WithTokenAsync(Host, Academic.Supervisor);
        var newcomerId = await Academic.UserIdAsync(Host, Demo.Student(6));

        var enrolled = await supervisor.PostAsync($"/api/v1/sessions/{lesson.SessionId}/enrollments", new { studentId = newcomerId });
        Assert.Equal(HttpStatusCode.Created, enrolled.Status);
        var card = await tutorRoom.PayloadAsync("student:update", About(newcomerId));
        Assert.Equal("OFFLINE", card.GetProperty("status").GetString());
        Assert.Equal(2, card.GetProperty("level").GetInt32());
        Assert.Equal("Jack Wilson", card.GetProperty("name").GetString());

        var (_, newcomerRoom) = await live.JoinAsync(6);
        await tutorRoom.NextAsync("student:joined", About(newcomerId));
        await newcomerRoom.SendAsync("student:help_request", new { message = "I just arrived" });
        await tutorRoom.NextAsync("help:new", About(newcomerId));

        // Taken off the session: the tutors are told and the student's socket is closed.
        var enrolment = enrolled.Data.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await ApiResponse.ReadAsync(await supervisor.Http.DeleteAsync($"/api/v1/sessions/{lesson.SessionId}/enrollments/{enrolment}"))).Status);
        var left = await tutorRoom.PayloadAsync("student:left", About(newcomerId));
        Assert.True(left.GetProperty("removed").GetBoolean());
        Assert.Equal(4403, await newcomerRoom.ClosedAsync());

        var (_, roomOne) = await live.JoinAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await ApiResponse.ReadAsync(await supervisor.Http.DeleteAsync($"/api/v1/sessions/{lesson.SessionId}"))).Status);
        Assert.True((await roomOne.PayloadAsync("session:ended")).GetProperty("cancelled").GetBoolean());
        await tutorRoom.NextAsync("session:ended");
    }

    [Fact]
    public async Task A_lesson_started_two_hours_early_shows_its_students_work_on_the_tutors_cards()
    {
        var lesson = await LiveLesson.CreateAsync(Host, Clock, 2);
        await using (var db = Host.Db())
        {
            var session = db.TutoringSessions.Single(s => s.Id == lesson.SessionId);
            var now = Clock.GetUtcNow().UtcDateTime;
            (session.StartsAt, session.EndsAt) = (now.AddMinutes(150), now.AddMinutes(210));
            await db.SaveChangesAsync();
        }
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{lesson.SessionId}/start")).Status);
        await using var tutorRoom = await RoomClient.JoinAsync(Host, tutor, lesson.SessionId);
        await tutorRoom.ArrivedAsync("session:sync");

        using var student = await TestData.WithTokenAsync(Host, Demo.Student(2));
        var exercise = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "maths")}")).Data.GetProperty("exerciseId").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Status);
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[2])(p)
            && p.GetProperty("exerciseId").ValueKind == JsonValueKind.String && p.GetProperty("exerciseId").GetGuid() == exercise);
    }
}

public sealed class LiveRoomSocketTestsOnSqlite(SqliteRealtimeApp app) : LiveRoomSocketTests(() => app.Host, () => app.Clock), IClassFixture<SqliteRealtimeApp>;

public sealed class LiveRoomSocketTestsOnPostgres(PostgresRealtimeApp app) : LiveRoomSocketTests(() => app.Host, () => app.Clock), IClassFixture<PostgresRealtimeApp>;
