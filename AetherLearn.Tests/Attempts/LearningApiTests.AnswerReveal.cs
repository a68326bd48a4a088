using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Attempts;

public abstract partial class LearningApiTests
{
    /// <summary>
    /// Sets a maths level-2 exercise (the <paramref name="index"/>th) as homework for the student, so each test below has
    /// an exercise of its own whatever the other tests of the class did first.
    /// </summary>
    private async Task<(ApiClient Student, Guid Exercise)> ExerciseOfItsOwnAsync(int studentNumber, int index)
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var course = await Academic.CourseAsync(Host, "maths");
        var level2 = (await tutor.GetAsync($"/api/v1/content/courses/{course}/levels")).Data[1].GetProperty("id").GetGuid();
        var exercises = new List<Guid>();
        foreach (var unit in (await tutor.GetAsync($"/api/v1/content/courses/{course}/levels/{level2}/units")).Data.EnumerateArray())
        {
            foreach (var lesson in unit.GetProperty("lessons").EnumerateArray())
            {
                exercises.AddRange((await tutor.GetAsync($"/api/v1/content/lessons/{lesson.GetProperty("id").GetGuid()}/exercises")).Data.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
            }
        }
        var studentId = await Academic.UserIdAsync(Host, Demo.Student(studentNumber));
        var set = await tutor.PostAsync("/api/v1/homework", new { studentId, exerciseId = exercises[index], dueDate = DateTime.UtcNow.AddDays(30) });
        Assert.Equal(HttpStatusCode.Created, set.Status);
        return (await TestData.WithTokenAsync(Host, Demo.Student(studentNumber)), exercises[index]);
    }

    /// <summary>Starts an attempt and submits it with every answer right, or the first <paramref name="wrong"/> wrong.</summary>
    private async Task<ApiResponse> TakeAsync(ApiClient student, Guid exercise, int wrong)
    {
        var started = await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { });
        Assert.Equal(HttpStatusCode.Created, started.Status);
        var attemptId = started.Data.GetProperty("id").GetGuid();
        var content = await Host.Db().Exercises.FindAsync(exercise);
        var answers = content!.Questions.Select((q, i) => (q.Id, Answer: i < wrong ? Academic.WrongAnswer(q, attemptId) : Academic.RightAnswer(q, attemptId)))
            .ToDictionary(x => x.Id, x => x.Answer);
        var submitted = await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { answers });
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        return submitted;
    }

    private static void AssertNoAnswers(ApiResponse attempt)
    {
        Assert.False(attempt.Data.GetProperty("answersShown").GetBoolean());
        Assert.NotNull(attempt.Data.GetProperty("answersHiddenReason").GetString());
        Assert.All(attempt.Data.GetProperty("review").EnumerateArray(), r =>
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("correctAnswer").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("explanation").ValueKind);
        });
        // The JSON as sent, not only as read: no correct answer anywhere in it.
        Assert.DoesNotContain("\"correctAnswer\":\"", attempt.Body);
    }

    private static void AssertAnswers(ApiResponse attempt)
    {
        Assert.True(attempt.Data.GetProperty("answersShown").GetBoolean());
        Assert.All(attempt.Data.GetProperty("review").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("correctAnswer").GetString())));
    }

    [Fact]
    public async Task A_blank_submission_is_refused_and_the_attempt_stays_open()
    {
        var (student, exercise) = await ExerciseOfItsOwnAsync(2, 5);
        using var _ = student;
        var attemptId = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
        var blank = await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { });
        Assert.Equal(HttpStatusCode.BadRequest, blank.Status);
        Assert.Equal("Answer at least one question before submitting", blank.Details.GetProperty("answers").GetString());
        // Blank values are no answers either.
        var content = await Host.Db().Exercises.FindAsync(exercise);
        var empties = content!.Questions.Where(q => q.Type is Core.Content.QuestionType.ShortText or Core.Content.QuestionType.Numeric or Core.Content.QuestionType.MultipleChoice)
            .ToDictionary(q => q.Id, q => q.Type == Core.Content.QuestionType.MultipleChoice ? (object)Array.Empty<int>() : "  ");
        Assert.NotEmpty(empties);
        Assert.Equal(HttpStatusCode.BadRequest, (await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { answers = empties })).Status);
        Assert.Equal("IN_PROGRESS", (await student.GetAsync($"/api/v1/attempts/{attemptId}")).Data.GetProperty("status").GetString());
        Assert.Empty(await Academic.EventsAsync(Host, EventTypes.ExerciseGraded, "attemptId", attemptId.ToString()));
        Assert.Empty(await Academic.EventsAsync(Host, EventTypes.ExerciseSubmitted, "attemptId", attemptId.ToString()));
    }

    [Fact]
    public async Task Under_the_default_rule_the_answers_stay_hidden_after_a_failing_score_and_show_after_a_pass()
    {
        var (student, exercise) = await ExerciseOfItsOwnAsync(1, 0);
        using var _ = student;
        // Two of five wrong: 60%, below the centre's 80% mastery.
        var failed = await TakeAsync(student, exercise, wrong: 2);
        Assert.Equal(60, failed.Data.GetProperty("scorePercent").GetInt32());
        AssertNoAnswers(failed);
        var firstAttempt = failed.Data.GetProperty("id").GetGuid();
        AssertNoAnswers(await student.GetAsync($"/api/v1/attempts/{firstAttempt}"));
        using (var parent = await TestData.WithTokenAsync(Host, Demo.Email(Role.Parent)))
        {
            AssertNoAnswers(await parent.GetAsync($"/api/v1/attempts/{firstAttempt}"));
        }
        // Staff always see them.
        using (var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor))
        {
            AssertAnswers(await tutor.GetAsync($"/api/v1/attempts/{firstAttempt}"));
        }

        var passed = await TakeAsync(student, exercise, wrong: 0);
        Assert.Equal(100, passed.Data.GetProperty("scorePercent").GetInt32());
        AssertAnswers(passed);
        // Passed once, the earlier review shows them too.
        AssertAnswers(await student.GetAsync($"/api/v1/attempts/{firstAttempt}"));
    }

    [Fact]
    public async Task The_answers_show_after_the_last_allowed_attempt_and_no_attempt_is_started_after_it()
    {
        var (student, exercise) = await ExerciseOfItsOwnAsync(1, 1);
        using var _ = student;
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var centre = (await admin.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();
        Assert.Equal("Attempts per exercise must be between 1 and 100, or 0 for unlimited",
            (await admin.PatchAsync($"/api/v1/centres/{centre}/config", new { maxAttemptsPerExercise = -1 })).Details.GetProperty("maxAttemptsPerExercise").GetString());
        var set = await admin.PatchAsync($"/api/v1/centres/{centre}/config", new { maxAttemptsPerExercise = 2 });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal((2, "AFTER_PASS_OR_LAST_ATTEMPT"), (set.Data.GetProperty("config").GetProperty("maxAttemptsPerExercise").GetInt32(),
            set.Data.GetProperty("config").GetProperty("answerReveal").GetString()));
        try
        {
            var first = await TakeAsync(student, exercise, wrong: 3);
            AssertNoAnswers(first);
            Assert.Equal(1, first.Data.GetProperty("attemptsLeft").GetInt32());
            var last = await TakeAsync(student, exercise, wrong: 3);
            AssertAnswers(last);
            Assert.Equal(0, last.Data.GetProperty("attemptsLeft").GetInt32());
            Assert.Equal(HttpStatusCode.Conflict, (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Status);

            // A centre that shows answers only after a pass keeps them hidden even then.
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/api/v1/centres/{centre}/config", new { answerReveal = "AFTER_PASS" })).Status);
            AssertNoAnswers(await student.GetAsync($"/api/v1/attempts/{last.Data.GetProperty("id").GetGuid()}"));
        }
        finally
        {
            await admin.PatchAsync($"/api/v1/centres/{centre}/config", new { maxAttemptsPerExercise = 0, answerReveal = "AFTER_PASS_OR_LAST_ATTEMPT" });
        }
    }

    [Fact]
    public async Task A_tutor_of_the_centre_releases_the_answers_and_another_centres_tutor_cannot()
    {
        var (student, exercise) = await ExerciseOfItsOwnAsync(1, 2);
        using var _ = student;
        var failed = await TakeAsync(student, exercise, wrong: 4);
        AssertNoAnswers(failed);
        var attemptId = failed.Data.GetProperty("id").GetGuid();
        var studentId = await Academic.UserIdAsync(Host, Demo.Student(1));

        using var riversideTutor = await TestData.WithTokenAsync(Host, Demo.Email(Role.Teacher, Demo.Riverside));
        Assert.Equal(HttpStatusCode.NotFound, (await riversideTutor.PostAsync($"/api/v1/exercises/{exercise}/answer-release", new { studentId })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.PostAsync($"/api/v1/exercises/{exercise}/answer-release", new { studentId })).Status);
        AssertNoAnswers(await student.GetAsync($"/api/v1/attempts/{attemptId}"));

        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        Assert.Equal("studentId is required", (await tutor.PostAsync($"/api/v1/exercises/{exercise}/answer-release", new { })).Details.GetProperty("studentId").GetString());
        var released = await tutor.PostAsync($"/api/v1/exercises/{exercise}/answer-release", new { studentId });
        Assert.Equal(HttpStatusCode.OK, released.Status);
        var again = await tutor.PostAsync($"/api/v1/exercises/{exercise}/answer-release", new { studentId });
        Assert.Equal(released.Data.GetProperty("releasedAt").GetDateTime(), again.Data.GetProperty("releasedAt").GetDateTime());
        AssertAnswers(await student.GetAsync($"/api/v1/attempts/{attemptId}"));

        await using var db = Host.Db();
        var release = (await db.AnswerReleases.SingleAsync(r => r.StudentId == studentId && r.ExerciseId == exercise)).Id.ToString();
        Assert.Single(await db.AuditEntries.Where(a => a.EntityType == "AnswerRelease" && a.EntityId == release).ToListAsync());
    }

    [Fact]
    public async Task A_retake_shows_the_questions_and_choices_in_its_own_order_stable_on_reload_and_still_graded_right()
    {
        // An exercise with a single-choice question among numeric, ordering and short-text ones.
        var (student, exercise) = await ExerciseOfItsOwnAsync(1, 6);
        using var _ = student;
        var first = await TakeAsync(student, exercise, wrong: 5);
        var content = await Host.Db().Exercises.FindAsync(exercise);
        static List<string> Order(JsonElement attempt) => attempt.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetString()!).ToList();
        // The first attempt keeps the author's order.
        Assert.Equal(content!.Questions.Select(q => q.Id), Order(first.Data));

        var retake = await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { });
        Assert.Equal(2, retake.Data.GetProperty("number").GetInt32());
        Assert.NotEqual(Order(first.Data), Order(retake.Data));
        var choice = content.Questions.First(q => q.Type == Core.Content.QuestionType.SingleChoice);
        var options = retake.Data.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("id").GetString() == choice.Id)
            .GetProperty("options").EnumerateArray().Select(o => o.GetProperty("text").GetString()!).ToList();
        Assert.NotEqual(choice.Options!, options);
        // Reloading resumes the same attempt in the same order.
        var resumed = await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { });
        Assert.Equal(Order(retake.Data), Order(resumed.Data));
        Assert.Equal(retake.Data.GetProperty("questions").GetRawText(), resumed.Data.GetProperty("questions").GetRawText());

        var attemptId = retake.Data.GetProperty("id").GetGuid();
        var answers = content.Questions.ToDictionary(q => q.Id, q => Academic.RightAnswer(q, attemptId));
        var submitted = await student.PostAsync($"/api/v1/attempts/{attemptId}/submit", new { answers });
        Assert.Equal(100, submitted.Data.GetProperty("scorePercent").GetInt32());
    }
}
