using System.Net;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Homework;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Homework;

/// <summary>The hourly overdue check: reminders one, three and seven days late, once each, to the student and parents.</summary>
public abstract class HomeworkOverdueTests(Func<AppHost> host, Func<TestClock> clock)
{
    protected AppHost Host => host();

    private async Task<int> CheckAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IHomeworkOverdueCheck>().RunAsync();
    }

    private async Task<IReadOnlyList<int>> RemindersAsync(Guid homework) =>
        (await Academic.EventsAsync(Host, EventTypes.HomeworkOverdue, "homeworkId", homework.ToString())).Select(e => e.GetProperty("daysPastDue").GetInt32()).Order().ToList();

    [Fact]
    public async Task Homework_not_handed_in_reminds_the_student_and_parents_one_three_and_seven_days_late_once_each()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        using var maya = await TestData.WithTokenAsync(Host, Demo.Student(5));
        var mayaId = await Academic.UserIdAsync(Host, Demo.Student(5));
        var next = (await maya.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "english")}")).Data;
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var due = TimeZoneInfo.ConvertTimeFromUtc(clock().GetUtcNow().UtcDateTime.AddHours(2), london);
        var set = await tutor.PostAsync("/api/v1/homework", new { studentId = mayaId, exerciseId = next.GetProperty("exerciseId").GetGuid(), dueDate = due.ToString("yyyy-MM-ddTHH:mm:ss") });
        Assert.Equal(HttpStatusCode.Created, set.Status);
        var homework = set.Data.GetProperty("id").GetGuid();

        await CheckAsync();
        clock().Advance(TimeSpan.FromHours(20));
        await CheckAsync();
        Assert.Empty(await RemindersAsync(homework));

        clock().Advance(TimeSpan.FromHours(8));
        // Two nodes' jobs at the same moment raise the reminder once.
        await Task.WhenAll(CheckAsync(), CheckAsync(), CheckAsync());
        Assert.Equal([1], await RemindersAsync(homework));
        // Signed in again: a day on the test clock ends the earlier sign-ins.
        var title = next.GetProperty("exerciseTitle").GetString();
        foreach (var (email, body) in new[] { (Demo.Student(5), $"Your homework {title} is 1 day overdue."),
                     ($"parent3@{Demo.Northside}.aetherlearn.test", $"Maya Chen's homework {title} is 1 day overdue.") })
        {
            using var person = await TestData.WithTokenAsync(Host, email);
            await Eventually.UntilAsync(async () => (await person.GetAsync("/api/v1/notifications")).Data.EnumerateArray()
                .Any(n => n.GetProperty("body").GetString() == body), $"the reminder for {email}");
        }

        clock().Advance(TimeSpan.FromDays(2));
        await CheckAsync();
        await CheckAsync();
        Assert.Equal([1, 3], await RemindersAsync(homework));

        // A new due date starts again; three days after it, one reminder (not the missed ones in between).
        var later = TimeZoneInfo.ConvertTimeFromUtc(clock().GetUtcNow().UtcDateTime.AddHours(1), london);
        using var tutorAgain = await TestData.WithTokenAsync(Host, Academic.Tutor);
        Assert.Equal(HttpStatusCode.OK, (await tutorAgain.PatchAsync($"/api/v1/homework/{homework}", new { dueDate = later.ToString("yyyy-MM-ddTHH:mm:ss") })).Status);
        clock().Advance(TimeSpan.FromDays(3).Add(TimeSpan.FromHours(2)));
        await CheckAsync();
        Assert.Equal([1, 3, 3], await RemindersAsync(homework));

        // Handed in: no more reminders, even past seven days.
        using var mayaAgain = await TestData.WithTokenAsync(Host, Demo.Student(5));
        var attempt = (await mayaAgain.PostAsync($"/api/v1/exercises/{next.GetProperty("exerciseId").GetGuid()}/start", new { })).Data.GetProperty("id").GetGuid();
        var answers = await Academic.OneWrongAnswerAsync(Host, next.GetProperty("exerciseId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await mayaAgain.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers })).Status);
        // The homework module hears of the submission from the outbox a moment later.
        await Eventually.UntilAsync(async () => (await mayaAgain.GetAsync($"/api/v1/homework?studentId={mayaId}")).Data.EnumerateArray()
            .Single(h => h.GetProperty("id").GetGuid() == homework).GetProperty("status").GetString() == "SUBMITTED", "the homework to show as handed in");
        clock().Advance(TimeSpan.FromDays(5));
        await CheckAsync();
        Assert.Equal([1, 3, 3], await RemindersAsync(homework));
    }

    [Fact]
    public async Task The_check_is_scheduled_every_hour()
    {
        var scheduler = await Host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<Quartz.ICronTrigger>(await scheduler.GetTrigger(new Quartz.TriggerKey("homework.overdue-check.hourly")));
        Assert.Equal(new Quartz.JobKey("homework.overdue-check"), trigger.JobKey);
        Assert.Equal("0 0 * * * ?", trigger.CronExpressionString);
        await JobRun.NowAsync(Host, "homework.overdue-check");
    }
}

public sealed class HomeworkOverdueTestsOnSqlite(SqliteNotificationsApp app) : HomeworkOverdueTests(() => app.Host, () => app.Clock), IClassFixture<SqliteNotificationsApp>;

public sealed class HomeworkOverdueTestsOnPostgres(PostgresNotificationsApp app) : HomeworkOverdueTests(() => app.Host, () => app.Clock), IClassFixture<PostgresNotificationsApp>;
