using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Gamification;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Gamification;

/// <summary>Streaks kept from real work: counted, broken by the daily check, repaired once within the window.</summary>
public abstract class StreakApiTests(Func<AppHost> host, Func<TestClock> clock)
{
    protected AppHost Host => host();

    private static JsonElement Practice(JsonElement profile) =>
        profile.GetProperty("streaks").EnumerateArray().Single(s => s.GetProperty("type").GetString() == "PRACTICE");

    private async Task<int> DailyCheckAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IStreakDailyCheck>().RunAsync();
    }

    [Fact]
    public async Task The_daily_check_is_scheduled_hourly_to_reach_each_centres_midnight()
    {
        var scheduler = await Host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<Quartz.ICronTrigger>(await scheduler.GetTrigger(new Quartz.TriggerKey("streak.daily-check.hourly")));
        Assert.Equal(new Quartz.JobKey("streak.daily-check"), trigger.JobKey);
        Assert.Equal("0 5 * * * ?", trigger.CronExpressionString);
        // And it runs: the job resolves the module's work in its own scope.
        await JobRun.NowAsync(Host, "streak.daily-check");
    }

    [Fact]
    public async Task A_practice_streak_counts_breaks_on_a_missed_day_and_can_be_repaired_once_within_the_window()
    {
        using (var student = await TestData.WithTokenAsync(Host, Demo.Student(4)))
        {
            var next = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "maths")}")).Data;
            var attempt = (await student.PostAsync($"/api/v1/exercises/{next.GetProperty("exerciseId").GetGuid()}/start", new { })).Data.GetProperty("id").GetGuid();
            var answers = await Academic.OneWrongAnswerAsync(Host, next.GetProperty("exerciseId").GetGuid());
            Assert.Equal(HttpStatusCode.OK, (await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers })).Status);
            await Eventually.UntilAsync(async () => Practice((await student.GetAsync("/api/v1/gamification/profile")).Data).GetProperty("current").GetInt32() == 1,
                "a practice streak of 1");
            Assert.Equal(0, await DailyCheckAsync());
        }

        // The next day passes without practice: the daily check breaks the streak (no freeze yet).
        clock().Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await DailyCheckAsync());
        Assert.Equal(0, await DailyCheckAsync());
        var leo = await Academic.UserIdAsync(Host, Demo.Student(4));
        var broken = Assert.Single(await Academic.EventsAsync(Host, EventTypes.StreakBroken, "studentId", leo.ToString()));
        Assert.Equal(("PRACTICE", 1), (broken.GetProperty("streakType").GetString(), broken.GetProperty("count").GetInt32()));

        using var again = await TestData.WithTokenAsync(Host, Demo.Student(4));
        var streak = Practice((await again.GetAsync("/api/v1/gamification/profile")).Data);
        Assert.Equal((0, 1), (streak.GetProperty("current").GetInt32(), streak.GetProperty("lostCount").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, streak.GetProperty("repairableUntil").ValueKind);

        var repaired = await again.PostAsync("/api/v1/gamification/streak/repair", new { streakType = "PRACTICE" });
        Assert.Equal(HttpStatusCode.OK, repaired.Status);
        Assert.Equal(1, repaired.Data.GetProperty("current").GetInt32());
        var nothing = await again.PostAsync("/api/v1/gamification/streak/repair", new { streakType = "PRACTICE" });
        Assert.Equal(HttpStatusCode.Conflict, nothing.Status);
        Assert.Equal("This streak is not broken: there is nothing to repair", nothing.Error);
        Assert.Equal(HttpStatusCode.BadRequest, (await again.PostAsync("/api/v1/gamification/streak/repair", new { })).Status);

        // Broken again within 30 days of the repair (and within its 48 hours): not repairable this time.
        clock().Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await DailyCheckAsync());
        using var later = await TestData.WithTokenAsync(Host, Demo.Student(4));
        var refused = await later.PostAsync("/api/v1/gamification/streak/repair", new { streakType = "PRACTICE" });
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("A streak can be repaired once every 30 days; your last repair was more recent", refused.Error);
        Assert.Equal(JsonValueKind.Null, Practice((await later.GetAsync("/api/v1/gamification/profile")).Data).GetProperty("repairableUntil").ValueKind);
    }
}

public sealed class StreakApiTestsOnSqlite(SqliteAcademicApp app) : StreakApiTests(() => app.Host, () => app.Clock), IClassFixture<SqliteAcademicApp>;

public sealed class StreakApiTestsOnPostgres(PostgresAcademicApp app) : StreakApiTests(() => app.Host, () => app.Clock), IClassFixture<PostgresAcademicApp>;
