using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Attempts;

public abstract partial class LearningApiTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    private async Task<(ApiClient Student, Guid Course, Guid Exercise)> NextForAsync(int studentNumber, string course = "maths")
    {
        var student = await TestData.WithTokenAsync(Host, Demo.Student(studentNumber));
        var courseId = await Academic.CourseAsync(Host, course);
        var next = await student.GetAsync($"/api/v1/content/next?courseId={courseId}");
        Assert.Equal(HttpStatusCode.OK, next.Status);
        return (student, courseId, next.Data.GetProperty("exerciseId").GetGuid());
    }

    [Fact]
    public async Task Tutors_browse_the_catalogue_down_to_an_exercise_with_its_answers()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var courses = (await tutor.GetAsync("/api/v1/content/courses")).Data.EnumerateArray().ToList();
        Assert.Equal(["Mathematics", "English"], courses.Select(c => c.GetProperty("title").GetString()));
        Assert.Equal(48, courses[0].GetProperty("exerciseCount").GetInt32());
        var maths = courses[0].GetProperty("id").GetGuid();
        var levels = (await tutor.GetAsync($"/api/v1/content/courses/{maths}/levels")).Data;
        Assert.Equal(4, levels.GetArrayLength());
        Assert.Equal(2, levels[0].GetProperty("unitCount").GetInt32());
        var units = (await tutor.GetAsync($"/api/v1/content/courses/{maths}/levels/{levels[0].GetProperty("id").GetGuid()}/units")).Data;
        var lesson = units[0].GetProperty("lessons")[0];
        Assert.Equal(3, lesson.GetProperty("exerciseCount").GetInt32());
        var exercises = (await tutor.GetAsync($"/api/v1/content/lessons/{lesson.GetProperty("id").GetGuid()}/exercises")).Data;
        var exercise = await tutor.GetAsync($"/api/v1/content/exercises/{exercises[0].GetProperty("id").GetGuid()}");
        Assert.True(exercise.Data.GetProperty("questions")[0].TryGetProperty("answer", out var answer) && answer.ValueKind != JsonValueKind.Null
            || exercise.Data.GetProperty("questions")[0].GetProperty("correct").ValueKind == JsonValueKind.Array);

        Assert.Equal(HttpStatusCode.NotFound, (await tutor.GetAsync($"/api/v1/content/courses/{Guid.NewGuid()}/levels")).Status);
    }

    [Fact]
    public async Task A_student_sees_their_next_exercise_without_answers_but_not_exercises_not_set_for_them()
    {
        var (student, course, exercise) = await NextForAsync(2);
        using var _ = student;
        var view = await student.GetAsync($"/api/v1/content/exercises/{exercise}");
        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.All(view.Data.GetProperty("questions").EnumerateArray(), q =>
        {
            Assert.Equal(JsonValueKind.Null, q.GetProperty("correct").ValueKind);
            Assert.Equal(JsonValueKind.Null, q.GetProperty("answer").ValueKind);
            Assert.Equal(JsonValueKind.Null, q.GetProperty("accepted").ValueKind);
        });

        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var levels = (await tutor.GetAsync($"/api/v1/content/courses/{course}/levels")).Data;
        var level4 = levels[3].GetProperty("id").GetGuid();
        var lesson = (await tutor.GetAsync($"/api/v1/content/courses/{course}/levels/{level4}/units")).Data[0].GetProperty("lessons")[0].GetProperty("id").GetGuid();
        var notSet = (await tutor.GetAsync($"/api/v1/content/lessons/{lesson}/exercises")).Data[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/api/v1/content/exercises/{notSet}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.PostAsync($"/api/v1/exercises/{notSet}/start", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/api/v1/content/next?courseId={course}&studentId={await Academic.UserIdAsync(Host, Demo.Student(3))}")).Status);
    }

    [Fact]
    public async Task A_student_starts_saves_resumes_and_submits_then_reviews_their_score()
    {
        var (student, _, exercise) = await NextForAsync(3);
        using var _ = student;
        var started = await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { });
        Assert.Equal(HttpStatusCode.Created, started.Status);
        var attemptId = started.Data.GetProperty("id").GetGuid();
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.ExerciseStarted, "attemptId", attemptId.ToString()));

        var content = await Host.Db().Exercises.FindAsync(exercise);
        var answers = content!.Questions.ToDictionary(q => q.Id, q => Academic.RightAnswer(q, attemptId));
        // Ordering options are listed under this attempt's own ids, never in the right order.
        var ordering = content.Questions.First(q => q.Type == Core.Content.QuestionType.Ordering);
        var listed = started.Data.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("id").GetString() == ordering.Id)
            .GetProperty("options").EnumerateArray().Select(o => o.GetProperty("text").GetString()!).ToList();
        Assert.NotEqual(ordering.Options!, listed);
        var firstTwo = answers.Take(2).ToDictionary();
        var saved = await student.PatchAsync($"/api/v1/attempts/{attemptId}/autosave", new { answers = firstTwo, sequence = 1 });
        Assert.True(saved.Data.GetProperty("applied").GetBoolean());

        var resumed = await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { });
        Assert.Equal(attemptId, resumed.Data.GetProperty("id").GetGuid());
        Assert.Equal(2, resumed.Data.GetProperty("answers").EnumerateObject().Count());

        var bad = await student.PatchAsync($"/api/v1/attempts/{attemptId}/autosave", new { answers = new Dictionary<string, object> { ["nope"] = 1 }, sequence = 2 });
        Assert.Equal("No such question in this exercise", bad.Details.GetProperty("answers.nope").GetString());

        var submitted = await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { answers, sequence = 3 });
        Assert.Equal("SUBMITTED", submitted.Data.GetProperty("status").GetString());
        Assert.Equal(100, submitted.Data.GetProperty("scorePercent").GetInt32());
        Assert.All(submitted.Data.GetProperty("review").EnumerateArray(), r => Assert.True(r.GetProperty("correct").GetBoolean()));
        var graded = Assert.Single(await Academic.EventsAsync(Host, EventTypes.ExerciseGraded, "attemptId", attemptId.ToString()));
        Assert.Equal(100, graded.GetProperty("score").GetInt32());

        var late = await student.PatchAsync($"/api/v1/attempts/{attemptId}/autosave", new { answers = firstTwo, sequence = 9 });
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
    }

    [Fact]
    public async Task An_autosave_sequence_above_the_maximum_is_refused_and_later_saves_still_apply()
    {
        // Int64.MaxValue used to be stored, and no later sequence could be higher: every later save was ignored.
        var (student, _, exercise) = await NextForAsync(6, "english");
        var started = await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { });
        var attemptId = started.Data.GetProperty("id").GetGuid();
        var next = started.Data.GetProperty("saveSequence").GetInt64() + 1;

        foreach (var huge in new[] { long.MaxValue, Core.Attempts.AttemptRules.MaxSaveSequence + 1 })
        {
            var refused = await student.PatchAsync($"/api/v1/attempts/{attemptId}/autosave", $$"""{"answers":{},"sequence":{{huge}}}""");
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal($"Sequence must be from 1 to {Core.Attempts.AttemptRules.MaxSaveSequence}", refused.Details.GetProperty("sequence").GetString());
        }
        var submitRefused = await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", $$"""{"answers":{},"sequence":{{long.MaxValue}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, submitRefused.Status);

        var saved = await student.PatchAsync($"/api/v1/attempts/{attemptId}/autosave", new { answers = new { }, sequence = next });
        Assert.True(saved.Data.GetProperty("applied").GetBoolean(), saved.ToString());
        student.Dispose();
    }

    [Fact]
    public async Task Attempts_are_readable_by_their_student_tutors_and_the_students_parents_only()
    {
        var (student, _, exercise) = await NextForAsync(1);
        using var _ = student;
        var attemptId = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();

        using var parentOfStudent1 = await TestData.WithTokenAsync(Host, Demo.Email(Role.Parent));
        using var otherParent = await TestData.WithTokenAsync(Host, "parent2@northside.aetherlearn.test");
        using var otherStudent = await TestData.WithTokenAsync(Host, Demo.Student(4));
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        using var receptionist = await TestData.WithTokenAsync(Host, Demo.Email(Role.Receptionist));
        using var riversideTutor = await TestData.WithTokenAsync(Host, Demo.Email(Role.Teacher, Demo.Riverside));

        Assert.Equal(HttpStatusCode.OK, (await parentOfStudent1.GetAsync($"/api/v1/attempts/{attemptId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync($"/api/v1/attempts/{attemptId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherParent.GetAsync($"/api/v1/attempts/{attemptId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherStudent.GetAsync($"/api/v1/attempts/{attemptId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await receptionist.GetAsync($"/api/v1/attempts/{attemptId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await riversideTutor.GetAsync($"/api/v1/attempts/{attemptId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherStudent.PatchAsync($"/api/v1/attempts/{attemptId}/autosave", new { answers = new { }, sequence = 1 })).Status);
    }

    [Fact]
    public async Task Homework_is_set_listed_extended_and_completed_by_a_submitted_attempt()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var studentId = await Academic.UserIdAsync(Host, Demo.Student(5));
        var course = await Academic.CourseAsync(Host, "english");
        var exercise = (await tutor.GetAsync($"/api/v1/content/next?courseId={course}&studentId={studentId}")).Data.GetProperty("exerciseId").GetGuid();

        var past = await tutor.PostAsync("/api/v1/homework", new { studentId, exerciseId = exercise, dueDate = DateTime.UtcNow.AddYears(-1) });
        Assert.Equal("The due date must be in the future", past.Details.GetProperty("dueDate").GetString());
        var set = await tutor.PostAsync("/api/v1/homework", new { studentId, exerciseId = exercise, dueDate = DateTime.UtcNow.AddDays(30), notes = "Take your time." });
        Assert.Equal(HttpStatusCode.Created, set.Status);
        var homeworkId = set.Data.GetProperty("id").GetGuid();
        Assert.Equal("ASSIGNED", set.Data.GetProperty("status").GetString());
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.HomeworkAssigned, "homeworkId", homeworkId.ToString()));
        var extended = await tutor.PatchAsync($"/api/v1/homework/{homeworkId}", new { dueDate = DateTime.UtcNow.AddDays(40) });
        Assert.Equal(HttpStatusCode.OK, extended.Status);

        using var student = await TestData.WithTokenAsync(Host, Demo.Student(5));
        var attemptId = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
        Assert.Equal("IN_PROGRESS", (await student.GetAsync("/api/v1/homework")).Data.EnumerateArray().Single(h => h.GetProperty("id").GetGuid() == homeworkId).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { answers = await Academic.OneWrongAnswerAsync(Host, exercise) })).Status);

        await Events.EventRecorder.WaitUntilAsync(() =>
            Academic.EventsAsync(Host, EventTypes.HomeworkSubmitted, "homeworkId", homeworkId.ToString()).Result.Count == 1, "homework.submitted was published");
        var done = (await student.GetAsync("/api/v1/homework")).Data.EnumerateArray().Single(h => h.GetProperty("id").GetGuid() == homeworkId);
        Assert.Equal("SUBMITTED", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("onTime").GetBoolean());

        using var parent = await TestData.WithTokenAsync(Host, "parent3@northside.aetherlearn.test");
        Assert.Contains((await parent.GetAsync($"/api/v1/homework?studentId={studentId}")).Data.EnumerateArray(), h => h.GetProperty("id").GetGuid() == homeworkId);
        using var otherParent = await TestData.WithTokenAsync(Host, Demo.Email(Role.Parent));
        Assert.Equal(HttpStatusCode.NotFound, (await otherParent.GetAsync($"/api/v1/homework?studentId={studentId}")).Status);
    }

    [Fact]
    public async Task Two_racing_autosaves_keep_the_newer_one_and_a_double_submit_grades_once()
    {
        var (student, _, exercise) = await NextForAsync(6, "english");
        using var _ = student;
        // Two tabs starting at once share one attempt.
        var starts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })));
        var attemptId = Assert.Single(starts.Select(s => s.Data.GetProperty("id").GetGuid()).Distinct());
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.ExerciseStarted, "attemptId", attemptId.ToString()));
        var content = await Host.Db().Exercises.FindAsync(exercise);
        var q = content!.Questions[0];
        var right = Academic.RightAnswer(q, attemptId);
        var wrong = Academic.WrongAnswer(q, attemptId);

        for (var round = 0; round < 5; round++)
        {
            var newer = student.PatchAsync($"/api/v1/attempts/{attemptId}/autosave", new { answers = new Dictionary<string, object> { [q.Id] = right }, sequence = 10 * round + 2 });
            var older = student.PatchAsync($"/api/v1/attempts/{attemptId}/autosave", new { answers = new Dictionary<string, object> { [q.Id] = wrong }, sequence = 10 * round + 1 });
            await Task.WhenAll(newer, older);
            Assert.All(new[] { newer.Result, older.Result }, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        }
        var stored = await student.GetAsync($"/api/v1/attempts/{attemptId}");
        Assert.Equal(42, stored.Data.GetProperty("saveSequence").GetInt64());
        Assert.Equal(JsonSerializer.Serialize(right), stored.Data.GetProperty("answers").GetProperty(q.Id).GetRawText());

        var submits = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { })));
        Assert.All(submits, s => Assert.Equal(HttpStatusCode.OK, s.Status));
        Assert.Single(submits.Select(s => s.Data.GetProperty("submittedAt").GetDateTime()).Distinct());
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.ExerciseSubmitted, "attemptId", attemptId.ToString()));
    }

    [Fact]
    public async Task The_next_exercise_follows_the_centres_mastery_threshold()
    {
        var (student, course, first) = await NextForAsync(4);
        using var _ = student;
        var attemptId = (await student.PostAsync($"/api/v1/exercises/{first}/start", new { })).Data.GetProperty("id").GetGuid();
        var content = await Host.Db().Exercises.FindAsync(first);
        // Four of five right: 80%.
        var answers = content!.Questions.Select((q, i) => (q.Id, Answer: i == 0 ? Academic.WrongAnswer(q, attemptId) : Academic.RightAnswer(q, attemptId))).ToDictionary(x => x.Id, x => x.Answer);
        var submitted = await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { answers });
        Assert.Equal(80, submitted.Data.GetProperty("scorePercent").GetInt32());
        Assert.NotEqual(first, (await student.GetAsync($"/api/v1/content/next?courseId={course}")).Data.GetProperty("exerciseId").GetGuid());

        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var centre = (await admin.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();
        Assert.Equal("Mastery must be between 50% and 100%",
            (await admin.PatchAsync($"/api/v1/centres/{centre}/config", new { masteryThresholdPercent = 101 })).Details.GetProperty("masteryThresholdPercent").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/api/v1/centres/{centre}/config", new { masteryThresholdPercent = 90 })).Status);
        try
        {
            Assert.Equal(first, (await student.GetAsync($"/api/v1/content/next?courseId={course}")).Data.GetProperty("exerciseId").GetGuid());
        }
        finally
        {
            await admin.PatchAsync($"/api/v1/centres/{centre}/config", new { masteryThresholdPercent = 80 });
        }
    }

    [Fact]
    public async Task A_tutors_choice_is_completed_by_an_attempt_the_student_had_already_begun()
    {
        var (student, course, exercise) = await NextForAsync(2);
        using var _ = student;
        var attemptId = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();

        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        var studentId = await Academic.UserIdAsync(Host, Demo.Student(2));
        var enrolment = (await tutor.GetAsync($"/api/v1/sessions/{session}/enrollments")).Data.EnumerateArray()
            .Single(e => e.GetProperty("studentId").GetGuid() == studentId).GetProperty("id").GetGuid();
        Assert.Equal("OVERRIDE", (await tutor.PostAsync($"/api/v1/enrollments/{enrolment}/assign-content", new { exerciseId = exercise })).Data.GetProperty("reason").GetString());

        Assert.Equal(HttpStatusCode.OK, (await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { answers = await Academic.OneWrongAnswerAsync(Host, exercise) })).Status);
        var next = await student.GetAsync($"/api/v1/content/next?courseId={course}");
        Assert.Equal("SEQUENCE", next.Data.GetProperty("reason").GetString());
    }

    /// <summary>
    /// Two tutors of the centre (the demo has one: the admin adds a second; any Teacher of the centre may mark a register)
    /// mark the same student present at the same moment: one record, one attendance event, one lesson's XP.
    /// </summary>
    [Fact]
    public async Task Two_tutors_marking_the_same_attendance_at_once_record_it_once_and_pay_its_xp_once()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var email = $"second-tutor-{Guid.NewGuid():N}@northside.aetherlearn.test";
        var created = await admin.PostAsync("/api/v1/users", new { email, name = "Second Tutor", role = "TEACHER", password = "second tutor password 1" });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        using var secondTutor = await TestData.WithTokenAsync(Host, email, "second tutor password 1");
        var sessionId = await Academic.TodaysMathsClubAsync(Host, tutor);
        var student = (await tutor.GetAsync($"/api/v1/sessions/{sessionId}/enrollments")).Data[1].GetProperty("studentId").GetGuid();
        Assert.Null((await tutor.GetAsync($"/api/v1/sessions/{sessionId}/enrollments")).Data[1].GetProperty("attendance").GetString());

        var results = await Task.WhenAll(
            tutor.PostAsync($"/api/v1/sessions/{sessionId}/attendance", new { studentId = student, status = "ATTENDING" }),
            secondTutor.PostAsync($"/api/v1/sessions/{sessionId}/attendance", new { studentId = student, status = "ATTENDING" }));

        Assert.All(results, r => Assert.True(r.Status == HttpStatusCode.OK, r.ToString()));
        Assert.All(results, r => Assert.Equal("ATTENDING", r.Data.GetProperty("attendance").GetString()));
        var enrolments = (await tutor.GetAsync($"/api/v1/sessions/{sessionId}/enrollments")).Data.EnumerateArray().Where(e => e.GetProperty("studentId").GetGuid() == student).ToList();
        Assert.Equal("ATTENDING", Assert.Single(enrolments).GetProperty("attendance").GetString());

        // The gamification handler has finished with the event before the XP is counted.
        bool Ours(System.Text.Json.JsonElement p) => p.GetProperty("studentId").GetGuid() == student && p.GetProperty("sessionId").GetGuid() == sessionId;
        await Handled.LatestAsync(Host, EventTypes.AttendanceRecorded, Ours, "gamification.attendance");
        await using var db = Host.Db();
        var payloads = await db.OutboxMessages.Where(m => m.Type == EventTypes.AttendanceRecorded).Select(m => m.Payload).ToListAsync();
        Assert.Single(payloads, p => Ours(System.Text.Json.JsonDocument.Parse(p).RootElement));
        var xp = await db.XpLedger.Where(x => x.StudentId == student && x.SourceId == sessionId.ToString()).Select(x => x.Amount).ToListAsync();
        Assert.Equal([10], xp);
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.XpAwarded, "studentId", student.ToString()),
            e => e.GetProperty("source").GetString() == "ATTENDANCE");
    }
}

public sealed class LearningApiTestsOnSqlite(SqliteAcademicApp app) : LearningApiTests(() => app.Host), IClassFixture<SqliteAcademicApp>;

public sealed class LearningApiTestsOnPostgres(PostgresAcademicApp app) : LearningApiTests(() => app.Host), IClassFixture<PostgresAcademicApp>;
