using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Gamification;

/// <summary>XP, levels and badges from real work through the outbox, read by the student, their parent and staff.</summary>
public abstract class GamificationApiTests(Func<AppHost> host, Func<TestClock> clock)
{
    protected AppHost Host => host();

    private static string Parent(int n) => $"parent{n}@{Demo.Northside}.aetherlearn.test";

    private async Task<JsonElement> ProfileWhenAsync(ApiClient client, string path, Func<JsonElement, bool> ready, string what)
    {
        await Eventually.UntilAsync(async () => ready((await client.GetAsync(path)).Data), what);
        return (await client.GetAsync(path)).Data;
    }

    [Fact]
    public async Task A_blank_submission_earns_nothing_and_an_answered_exercise_earns_xp_by_the_rules_and_the_first_badge_which_the_parent_and_tutor_see_too()
    {
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(2));
        var next = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "maths")}")).Data;
        var exercise = next.GetProperty("exerciseId").GetGuid();
        var attempt = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();

        // Nothing answered: refused, so no XP, no "First steps", no practice day. Once the attempt's only event has been
        // handled by every handler, nothing has been paid.
        Assert.Equal(HttpStatusCode.BadRequest, (await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { })).Status);
        await Academic.HandledAsync(Host, EventTypes.ExerciseStarted, "attemptId", attempt.ToString());
        var blank = (await student.GetAsync("/api/v1/gamification/profile")).Data;
        Assert.Equal(0, blank.GetProperty("totalXp").GetInt32());
        Assert.Empty(blank.GetProperty("badges").EnumerateArray());
        Assert.Empty((await student.GetAsync("/api/v1/gamification/xp-ledger")).Data.EnumerateArray());

        // One question answered, wrongly: 0%, so half the exercise's full XP for finishing (an easy one: 5).
        Assert.Equal(HttpStatusCode.OK, (await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers = await Academic.OneWrongAnswerAsync(Host, exercise) })).Status);
        await Academic.HandledAsync(Host, EventTypes.ExerciseGraded, "attemptId", attempt.ToString());
        var profile = (await student.GetAsync("/api/v1/gamification/profile")).Data;
        Assert.Equal(5, profile.GetProperty("totalXp").GetInt32());
        Assert.Equal((1, "Beginner", 5), (profile.GetProperty("level").GetInt32(), profile.GetProperty("title").GetString(), profile.GetProperty("progressPercent").GetInt32()));
        var badge = Assert.Single(profile.GetProperty("badges").EnumerateArray());
        Assert.Equal(("FIRST_EXERCISE", "First steps"), (badge.GetProperty("key").GetString(), badge.GetProperty("name").GetString()));
        Assert.DoesNotContain(profile.GetProperty("badgesToEarn").EnumerateArray(), b => b.GetProperty("key").GetString() == "FIRST_EXERCISE");
        Assert.False(profile.GetProperty("leaderboardOptIn").GetBoolean());

        var ledger = Assert.Single((await student.GetAsync("/api/v1/gamification/xp-ledger")).Data.EnumerateArray());
        // Keyed by the exercise: it pays once, at the best score.
        Assert.Equal(("EXERCISE", exercise.ToString(), 5), (ledger.GetProperty("source").GetString(), ledger.GetProperty("sourceId").GetString(), ledger.GetProperty("amount").GetInt32()));
        var noah = await Academic.UserIdAsync(Host, Demo.Student(2));
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.BadgeEarned, "studentId", noah.ToString()));
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.XpAwarded, "sourceId", exercise.ToString()));

        using var parent = await TestData.WithTokenAsync(Host, Parent(1));
        Assert.Equal(5, (await parent.GetAsync($"/api/v1/gamification/profile?studentId={noah}")).Data.GetProperty("totalXp").GetInt32());
        using var otherParent = await TestData.WithTokenAsync(Host, Parent(2));
        Assert.Equal(HttpStatusCode.NotFound, (await otherParent.GetAsync($"/api/v1/gamification/profile?studentId={noah}")).Status);
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        Assert.Equal("Noah Patel", (await tutor.GetAsync($"/api/v1/users/{noah}/gamification")).Data.GetProperty("studentName").GetString());
        using var reception = await TestData.WithTokenAsync(Host, Demo.Email(Role.Receptionist));
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync($"/api/v1/users/{noah}/gamification")).Status);
    }

    [Fact]
    public async Task An_exercise_pays_once_at_its_best_score_a_better_retake_tops_it_up_once_and_a_redelivery_or_a_retake_after_the_answers_pays_nothing()
    {
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(6));
        var exercise = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "maths")}")).Data.GetProperty("exerciseId").GetGuid();
        var content = await Host.Db().Exercises.FindAsync(exercise);
        Assert.Equal(Core.Content.Difficulty.Easy, content!.Difficulty);
        var studentId = await Academic.UserIdAsync(Host, Demo.Student(6));

        async Task<Guid> TakeAsync(int right, int expectedScore)
        {
            var attempt = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
            // The first question wrong (so never blank) and the next `right` right; all right for full marks.
            var answers = content.Questions.Select((q, i) => (q, i)).Where(x => x.i <= right)
                .ToDictionary(x => x.q.Id, x => x.i == 0 && right < content.Questions.Count ? Academic.WrongAnswer(x.q, attempt) : Academic.RightAnswer(x.q, attempt));
            var submitted = await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers });
            Assert.Equal(expectedScore, submitted.Data.GetProperty("scorePercent").GetInt32());
            await Academic.HandledAsync(Host, EventTypes.ExerciseGraded, "attemptId", attempt.ToString());
            return attempt;
        }
        async Task<List<(string SourceId, int Amount)>> LedgerAsync()
        {
            await using var db = Host.Db();
            return (await db.XpLedger.Where(x => x.StudentId == studentId && x.Source == Core.Gamification.Rules.XpSource.Exercise).OrderBy(x => x.SourceId)
                .Select(x => new { x.SourceId, x.Amount }).ToListAsync()).Select(x => (x.SourceId, x.Amount)).ToList();
        }
        var key = exercise.ToString();

        await TakeAsync(right: 0, expectedScore: 0);
        Assert.Equal([(key, 5)], await LedgerAsync());
        // An equal retake pays nothing.
        await TakeAsync(right: 0, expectedScore: 0);
        Assert.Equal([(key, 5)], await LedgerAsync());
        // 80%: topped up to an easy exercise's 9 at that score, once. It passes (the centre's mastery is 80%), so its
        // review shows the correct answers.
        var passed = await TakeAsync(right: 4, expectedScore: 80);
        Assert.Equal([(key, 5), ($"{key}~1", 4)], await LedgerAsync());

        // The passing attempt's event delivered again, twice at once (a redelivery racing another node): nothing more.
        await using (var db = Host.Db())
        {
            var row = (await db.OutboxMessages.Where(m => m.Type == EventTypes.ExerciseGraded).ToListAsync())
                .Single(m => m.Payload.Contains(passed.ToString(), StringComparison.OrdinalIgnoreCase));
            var again = new DomainEvent(row.Id, row.Type, JsonDocument.Parse(row.Payload).RootElement.Clone(), new EventMetadata(row.CorrelationId, row.CentreId, row.UserId, row.OccurredAt));
            var handler = Host.Services.GetRequiredService<EventHandlerRegistry>().All.Single(h => h.Name == "gamification.exercise");
            await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            {
                await using var scope = Host.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<IBackgroundIdentity>().ActAs(new Actor(null, "system", row.CentreId, null, null));
                await handler.Handle(again, scope.ServiceProvider, CancellationToken.None);
            }));
        }
        Assert.Equal([(key, 5), ($"{key}~1", 4)], await LedgerAsync());
        // Full marks in a retake started after the answers were shown (they could be copied from the review): nothing.
        await TakeAsync(right: content.Questions.Count, expectedScore: 100);
        // A worse retake pays nothing either.
        await TakeAsync(right: 2, expectedScore: 40);
        Assert.Equal([(key, 5), ($"{key}~1", 4)], await LedgerAsync());

        await using var check = Host.Db();
        var progress = await check.StudentProgress.SingleAsync(p => p.StudentId == studentId);
        // One exercise finished (not five attempts), no perfect score paid.
        Assert.Equal((9, 1, 0), (progress.TotalXp, progress.ExercisesCompleted, progress.PerfectScores));
        Assert.Equal(["FIRST_EXERCISE"], await check.StudentBadges.Where(b => b.StudentId == studentId).Select(b => b.BadgeKey).ToListAsync());
    }

    [Fact]
    public async Task Attendance_pays_once_per_lesson_even_when_the_event_is_delivered_again_or_the_mark_changes()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        var isla = await Academic.UserIdAsync(Host, Demo.Student(3));
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = isla, status = "ATTENDING" })).Status);
        var profilePath = $"/api/v1/users/{isla}/gamification";
        await ProfileWhenAsync(tutor, profilePath, p => p.GetProperty("totalXp").GetInt32() == 10, "10 XP for attending");

        // The same event handled again, as a redelivery after a crash would.
        await using (var db = Host.Db())
        {
            // Isla's own mark (other tests of the class mark other students in the same lesson).
            var row = (await db.OutboxMessages.Where(m => m.Type == EventTypes.AttendanceRecorded).ToListAsync())
                .Where(m => m.Payload.Contains(isla.ToString(), StringComparison.OrdinalIgnoreCase)).OrderByDescending(m => m.OccurredAt).First();
            var again = new DomainEvent(row.Id, row.Type, JsonDocument.Parse(row.Payload).RootElement.Clone(), new EventMetadata(row.CorrelationId, row.CentreId, row.UserId, row.OccurredAt));
            var handler = Host.Services.GetRequiredService<EventHandlerRegistry>().All.Single(h => h.Name == "gamification.attendance");
            for (var i = 0; i < 2; i++)
            {
                await using var scope = Host.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<IBackgroundIdentity>().ActAs(new Actor(null, "system", row.CentreId, null, null));
                await handler.Handle(again, scope.ServiceProvider, CancellationToken.None);
            }
        }
        // Marked late after all: the same lesson, no more XP.
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = isla, status = "LATE" })).Status);
        // Once every handler has had the late mark (the event processed), the ledger is final.
        await Eventually.UntilAsync(async () =>
        {
            await using var db = Host.Db();
            return (await db.OutboxMessages.Where(m => m.Type == EventTypes.AttendanceRecorded && m.ProcessedAt != null).ToListAsync())
                .Any(m => m.Payload.Contains(isla.ToString(), StringComparison.OrdinalIgnoreCase) && m.Payload.Contains("LATE"));
        }, "the late mark handled");
        await using var check = Host.Db();
        Assert.Equal(1, await check.XpLedger.CountAsync(x => x.StudentId == isla));
        Assert.Equal(10, (await tutor.GetAsync(profilePath)).Data.GetProperty("totalXp").GetInt32());
    }

    [Fact]
    public async Task A_corrected_register_takes_the_lesson_xp_back_and_pays_it_again_if_corrected_back()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        var leo = await Academic.UserIdAsync(Host, Demo.Student(4));
        var profilePath = $"/api/v1/users/{leo}/gamification";
        async Task MarkAsync(string status, int expectedXp, string what)
        {
            Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = leo, status })).Status);
            await ProfileWhenAsync(tutor, profilePath, p => p.GetProperty("totalXp").GetInt32() == expectedXp, what);
        }

        // 95 XP from earlier work: the lesson takes Leo to level 2.
        Guid centre;
        await using (var db = Host.Db()) { centre = await db.Users.Where(u => u.Id == leo).Select(u => u.CentreId).SingleAsync(); }
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var earlier = new XpAward(leo, 95, Core.Gamification.Rules.XpSource.Exercise, Guid.NewGuid().ToString(), clock().GetUtcNow().UtcDateTime.AddDays(-1), new ActivityDelta(Exercises: 1));
            Assert.True(await scope.ServiceProvider.GetRequiredService<XpAwards>().AwardAsync(centre, earlier, CancellationToken.None));
        }

        await MarkAsync("ATTENDING", 105, "10 XP for attending");
        // Marked present by mistake: absent after all. The ledger keeps both rows; the total, level and lesson count go back.
        await MarkAsync("ABSENT", 95, "the lesson's XP taken back");
        Assert.Equal(1, (await tutor.GetAsync(profilePath)).Data.GetProperty("level").GetInt32());
        await MarkAsync("LATE", 105, "the XP paid again for arriving late");

        await using var check = Host.Db();
        var rows = await check.XpLedger.Where(x => x.StudentId == leo && x.Source == Core.Gamification.Rules.XpSource.Attendance)
            .OrderBy(x => x.Id).Select(x => x.Amount).ToListAsync();
        Assert.Equal([10, -10, 10], rows);
        var progress = await check.StudentProgress.SingleAsync(p => p.StudentId == leo);
        Assert.Equal((105, 1, 2), (progress.TotalXp, progress.LessonsAttended, progress.Level));
        // The correction reached the boards and open pages as an award of -10; level 2, reached again, was celebrated once.
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.XpAwarded, "sourceId", $"{session}~1"));
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.LevelUp, "studentId", leo.ToString()));
    }

    [Fact]
    public async Task Work_counted_at_the_same_moment_is_all_counted_and_keeps_one_streak()
    {
        var maya = await Academic.UserIdAsync(Host, Demo.Student(5));
        Guid centre;
        await using (var db = Host.Db()) { centre = await db.Users.Where(u => u.Id == maya).Select(u => u.CentreId).SingleAsync(); }
        // The app's "now" (the test clock), not the machine's: streak days are the centre's days on that clock.
        var at = clock().GetUtcNow().UtcDateTime;

        // Six lessons marked at once (distinct sources) and a redelivery of the first racing it: each lesson pays once,
        // the running total holds them all, and the first attendance creates one streak whichever save wins.
        var work = Enumerable.Range(0, 7).Select(async i =>
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var award = new XpAward(maya, 10, Core.Gamification.Rules.XpSource.Attendance, $"lesson-{i % 6}", at, new ActivityDelta(Lessons: 1));
            await scope.ServiceProvider.GetRequiredService<XpAwards>().AwardAsync(centre, award, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<StreakKeeper>().RecordAsync(centre, maya, Core.Gamification.Rules.StreakType.Attendance, at, CancellationToken.None);
        });
        await Task.WhenAll(work);

        await using var check = Host.Db();
        Assert.Equal(6, await check.XpLedger.CountAsync(x => x.StudentId == maya));
        var progress = await check.StudentProgress.SingleAsync(p => p.StudentId == maya);
        Assert.Equal((60, 6), (progress.TotalXp, progress.LessonsAttended));
        var streak = await check.StudentStreaks.SingleAsync(s => s.StudentId == maya && s.Type == Core.Gamification.Rules.StreakType.Attendance);
        Assert.Equal(1, streak.Current);
    }

    [Fact]
    public async Task Every_badge_is_listed_with_what_earns_it()
    {
        using var parent = await TestData.WithTokenAsync(Host, Parent(3));
        var badges = (await parent.GetAsync("/api/v1/gamification/badges")).Data.EnumerateArray().ToList();
        Assert.True(badges.Count >= 12);
        Assert.Contains(badges, b => b.GetProperty("key").GetString() == "STREAK_7" && b.GetProperty("criteria").GetString() == "Keep a streak going for 7 days");
    }
}

public sealed class GamificationApiTestsOnSqlite(SqliteAcademicApp app) : GamificationApiTests(() => app.Host, () => app.Clock), IClassFixture<SqliteAcademicApp>;

public sealed class GamificationApiTestsOnPostgres(PostgresAcademicApp app) : GamificationApiTests(() => app.Host, () => app.Clock), IClassFixture<PostgresAcademicApp>;
