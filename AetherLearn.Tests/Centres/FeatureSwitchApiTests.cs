using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Homework;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Centres;

/// <summary>
/// A centre's feature switches do what they say: a switched-off feature's endpoints answer 403 with a message naming it,
/// its handlers, jobs and notifications do nothing for that centre, and the other centre is untouched. The centre's
/// name and logo frame its e-mails.
/// </summary>
public abstract class FeatureSwitchApiTests(Func<AppHost> host, Func<TestClock> clock)
{
    protected AppHost Host => host();

    private static string Parent(int n) => $"parent{n}@{Demo.Northside}.aetherlearn.test";

    private async Task<Guid> CentreAsync(string slug)
    {
        await using var db = Host.Db();
        return await db.Centres.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();
    }

    /// <summary>The Northside admin sets switches (the others stay as they are).</summary>
    private async Task SwitchAsync(string feature, bool on)
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var saved = await admin.PatchAsync($"/api/v1/centres/{await CentreAsync(Demo.Northside)}/config", new { features = new Dictionary<string, bool> { [feature] = on } });
        Assert.Equal(HttpStatusCode.OK, saved.Status);
    }

    private static void Refused(ApiResponse response, string message)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.False(response.Success);
        Assert.Equal(message, response.Error);
    }

    /// <summary>
    /// The outbox row of <paramref name="type"/> about <paramref name="studentId"/> newest first, once <paramref name="handler"/>
    /// has finished with it: what the handler was going to do is done, so "nothing happened" can be asserted.
    /// </summary>
    private async Task HandledAsync(string type, Guid studentId, string handler)
    {
        Guid? message = null;
        await Eventually.UntilAsync(async () =>
        {
            await using var db = Host.Db();
            message ??= (await db.OutboxMessages.Where(m => m.Type == type).OrderByDescending(m => m.OccurredAt).Select(m => new { m.Id, m.Payload }).ToListAsync())
                .FirstOrDefault(m => m.Payload.Contains(studentId.ToString(), StringComparison.OrdinalIgnoreCase))?.Id;
            return message is { } id && await db.OutboxDeliveries.AnyAsync(d => d.MessageId == id && d.Handler == handler && d.Status == DeliveryStatus.Succeeded);
        }, $"{handler} to finish with the {type} event");
    }

    [Fact]
    public async Task With_leaderboards_off_their_endpoints_answer_403_with_the_reason_the_other_centre_keeps_them_and_switching_on_restores_them()
    {
        const string off = "Leaderboards are turned off for this centre";
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));
        using var parent = await TestData.WithTokenAsync(Host, Parent(1));
        var child = await Academic.UserIdAsync(Host, Demo.Student(1));
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync("/api/v1/gamification/leaderboard")).Status);

        await SwitchAsync("leaderboards", false);
        try
        {
            Refused(await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME"), off);
            Refused(await student.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/opt-in", new { optIn = true }), off);
            Refused(await student.GetAsync("/api/v1/gamification/leaderboard/choice"), off);
            Refused(await parent.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/parent-block", new { studentId = child, blocked = true }), off);
            // The rest of gamification is its own switch, still on.
            Assert.Equal(HttpStatusCode.OK, (await student.GetAsync("/api/v1/gamification/profile")).Status);

            using var otherTutor = await TestData.WithTokenAsync(Host, Demo.Email(Role.Teacher, Demo.Riverside));
            Assert.Equal(HttpStatusCode.OK, (await otherTutor.GetAsync("/api/v1/gamification/leaderboard")).Status);
            using var otherStudent = await TestData.WithTokenAsync(Host, Demo.Student(1, Demo.Riverside));
            Assert.Equal(HttpStatusCode.OK, (await otherStudent.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/opt-in", new { optIn = false })).Status);

            // The refresher leaves the centre's stale boards alone while they are off, and recomputes the other centre's.
            var (northside, riverside) = (await CentreAsync(Demo.Northside), await CentreAsync(Demo.Riverside));
            await using (var db = Host.Db())
            {
                Assert.True(await db.Leaderboards.AnyAsync(b => b.CentreId == northside) && await db.Leaderboards.AnyAsync(b => b.CentreId == riverside));
                var now = clock().GetUtcNow().UtcDateTime;
                await db.Leaderboards.ExecuteUpdateAsync(u => u.SetProperty(b => b.ComputedAt, (DateTime?)null).SetProperty(b => b.StaleSince, now));
            }
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ILeaderboardRecompute>().RefreshStaleAsync(TimeSpan.Zero);
            }
            await Eventually.UntilAsync(async () =>
            {
                await using var db = Host.Db();
                return await db.Leaderboards.Where(b => b.CentreId == riverside).AllAsync(b => b.ComputedAt != null);
            }, "the other centre's boards to be recomputed");
            await using (var db = Host.Db())
            {
                Assert.True(await db.Leaderboards.Where(b => b.CentreId == northside).AllAsync(b => b.ComputedAt == null));
            }
        }
        finally { await SwitchAsync("leaderboards", true); }

        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync("/api/v1/gamification/leaderboard")).Status);
        Assert.Equal(HttpStatusCode.OK, (await student.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/opt-in", new { optIn = false })).Status);
        Assert.Equal(HttpStatusCode.OK, (await parent.GetAsync($"/api/v1/gamification/leaderboard/choice?studentId={child}")).Status);
    }

    [Fact]
    public async Task With_gamification_off_an_attended_lesson_pays_nothing_not_even_later_and_the_gamification_endpoints_answer_403()
    {
        const string off = "XP, levels and badges are turned off for this centre";
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        var maya = await Academic.UserIdAsync(Host, Demo.Student(4));
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(4));

        await SwitchAsync("gamification", false);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = maya, status = "ATTENDING" })).Status);
            await HandledAsync(EventTypes.AttendanceRecorded, maya, "gamification.attendance");
            await using (var db = Host.Db())
            {
                Assert.False(await db.XpLedger.AnyAsync(x => x.StudentId == maya));
            }
            Assert.Empty(await Academic.EventsAsync(Host, EventTypes.XpAwarded, "studentId", maya.ToString()));

            Refused(await student.GetAsync("/api/v1/gamification/profile"), off);
            Refused(await student.GetAsync("/api/v1/gamification/xp-ledger"), off);
            Refused(await student.GetAsync("/api/v1/gamification/badges"), off);
            Refused(await student.PostAsync("/api/v1/gamification/streak/repair", new { streakType = "ATTENDANCE" }), off);
            Refused(await tutor.GetAsync($"/api/v1/users/{maya}/gamification"), off);
            Refused(await tutor.GetAsync("/api/v1/gamification/leaderboard"), off);

            using var otherStudent = await TestData.WithTokenAsync(Host, Demo.Student(4, Demo.Riverside));
            Assert.Equal(HttpStatusCode.OK, (await otherStudent.GetAsync("/api/v1/gamification/profile")).Status);
        }
        finally { await SwitchAsync("gamification", true); }

        // Back on: the endpoints answer again, and the lesson attended while it was off stays unpaid.
        Assert.Equal(0, (await student.GetAsync("/api/v1/gamification/profile")).Data.GetProperty("totalXp").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync($"/api/v1/users/{maya}/gamification")).Status);
    }

    [Fact]
    public async Task With_gamification_off_the_daily_streak_check_leaves_the_centres_streaks_alone_and_settles_the_other_centres()
    {
        var days = DateOnly.FromDateTime(clock().GetUtcNow().UtcDateTime).AddDays(-5);
        async Task<Guid> StreakAsync(string slug)
        {
            // A practice streak last alive five days ago, with no freeze: the check breaks it.
            await using var db = Host.Db();
            var streak = new StudentStreak
            {
                CentreId = await CentreAsync(slug), StudentId = await Academic.UserIdAsync(Host, Demo.Student(6, slug)), Type = StreakType.Practice,
                Current = 3, Best = 3, AliveThrough = days,
            };
            db.StudentStreaks.Add(streak);
            await db.SaveChangesAsync();
            return streak.Id;
        }
        async Task<int> CurrentAsync(Guid id)
        {
            await using var db = Host.Db();
            return await db.StudentStreaks.Where(x => x.Id == id).Select(x => x.Current).SingleAsync();
        }
        async Task CheckStreaksAsync()
        {
            await using var scope = Host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IStreakDailyCheck>().RunAsync();
        }
        var (mine, other) = (await StreakAsync(Demo.Northside), await StreakAsync(Demo.Riverside));

        await SwitchAsync("gamification", false);
        try
        {
            await CheckStreaksAsync();
            Assert.Equal(3, await CurrentAsync(mine));
            Assert.Equal(0, await CurrentAsync(other));
        }
        finally { await SwitchAsync("gamification", true); }

        await CheckStreaksAsync();
        Assert.Equal(0, await CurrentAsync(mine));
    }

    [Fact]
    public async Task With_gamification_off_a_badge_is_announced_to_no_one_and_back_on_it_is()
    {
        var centre = await CentreAsync(Demo.Northside);
        var ella = await Academic.UserIdAsync(Host, Demo.Student(1));
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));
        async Task<Guid> RaiseAsync(string badge)
        {
            // The event as XP awards raise it, so the router is tested alone (with gamification off no award raises one).
            await using var db = Host.Db();
            var message = new OutboxMessage
            {
                Type = EventTypes.BadgeEarned, CentreId = centre, OccurredAt = clock().GetUtcNow().UtcDateTime, CorrelationId = Guid.NewGuid(),
                Payload = JsonSerializer.Serialize(new { studentId = ella, badgeType = badge, badgeName = badge }),
            };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        }
        async Task RoutedAsync(Guid message) => await Eventually.UntilAsync(async () =>
        {
            await using var db = Host.Db();
            return await db.OutboxDeliveries.AnyAsync(d => d.MessageId == message && d.Handler == "notifications.badge.earned" && d.Status == DeliveryStatus.Succeeded);
        }, "the router to finish with the badge");
        async Task<bool> ToldAsync(string badge) => (await student.GetAsync("/api/v1/notifications?limit=100")).Data.EnumerateArray()
            .Any(n => n.GetProperty("body").GetString()!.Contains(badge, StringComparison.Ordinal));

        await SwitchAsync("gamification", false);
        try
        {
            await RoutedAsync(await RaiseAsync("Quiet badge"));
            Assert.False(await ToldAsync("Quiet badge"));
        }
        finally { await SwitchAsync("gamification", true); }

        await RoutedAsync(await RaiseAsync("Loud badge"));
        Assert.True(await ToldAsync("Loud badge"));
    }

    [Fact]
    public async Task With_homework_off_its_endpoints_answer_403_and_the_overdue_check_reminds_no_one_in_that_centre()
    {
        const string off = "Homework is turned off for this centre";
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var noah = await Academic.UserIdAsync(Host, Demo.Student(2));
        using var noahClient = await TestData.WithTokenAsync(Host, Demo.Student(2));
        var exercise = (await noahClient.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "maths")}")).Data.GetProperty("exerciseId").GetGuid();
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var due = TimeZoneInfo.ConvertTimeFromUtc(clock().GetUtcNow().UtcDateTime.AddHours(2), london).ToString("yyyy-MM-ddTHH:mm:ss");
        var set = await tutor.PostAsync("/api/v1/homework", new { studentId = noah, exerciseId = exercise, dueDate = due });
        Assert.Equal(HttpStatusCode.Created, set.Status);
        var homework = set.Data.GetProperty("id").GetGuid();

        clock().Advance(TimeSpan.FromHours(28));
        await SwitchAsync("homework", false);
        try
        {
            using var tutorNow = await TestData.WithTokenAsync(Host, Academic.Tutor);
            using var studentNow = await TestData.WithTokenAsync(Host, Demo.Student(2));
            Refused(await tutorNow.PostAsync("/api/v1/homework", new { studentId = noah, exerciseId = exercise, dueDate = due }), off);
            Refused(await tutorNow.PatchAsync($"/api/v1/homework/{homework}", new { dueDate = due }), off);
            Refused(await studentNow.GetAsync("/api/v1/homework"), off);
            using var parent = await TestData.WithTokenAsync(Host, Parent(1));
            Refused(await parent.GetAsync($"/api/v1/homework?studentId={noah}"), off);
            using var otherStudent = await TestData.WithTokenAsync(Host, Demo.Student(2, Demo.Riverside));
            Assert.Equal(HttpStatusCode.OK, (await otherStudent.GetAsync("/api/v1/homework")).Status);

            await CheckAsync();
            Assert.Empty(await Academic.EventsAsync(Host, EventTypes.HomeworkOverdue, "homeworkId", homework.ToString()));
        }
        finally { await SwitchAsync("homework", true); }

        // Back on, the reminder that fell due meanwhile goes out.
        await CheckAsync();
        Assert.Single(await Academic.EventsAsync(Host, EventTypes.HomeworkOverdue, "homeworkId", homework.ToString()));
    }

    private async Task<int> CheckAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IHomeworkOverdueCheck>().RunAsync();
    }

    [Fact]
    public async Task With_the_parent_portal_off_parents_cannot_read_their_childrens_work_while_staff_and_students_still_can()
    {
        const string off = "The parent portal is turned off for this centre";
        var ella = await Academic.UserIdAsync(Host, Demo.Student(1));
        await SwitchAsync("parentPortal", false);
        try
        {
            using var parent = await TestData.WithTokenAsync(Host, Parent(1));
            Refused(await parent.GetAsync($"/api/v1/homework?studentId={ella}"), off);
            Refused(await parent.GetAsync($"/api/v1/gamification/profile?studentId={ella}"), off);
            Refused(await parent.GetAsync($"/api/v1/gamification/leaderboard/choice?studentId={ella}"), off);
            // Their own account and notifications are not the portal.
            Assert.Equal(HttpStatusCode.OK, (await parent.GetAsync("/api/v1/notifications")).Status);
            Assert.Equal(HttpStatusCode.OK, (await parent.GetAsync("/api/auth/session")).Status);

            using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
            Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync($"/api/v1/homework?studentId={ella}")).Status);
            using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));
            Assert.Equal(HttpStatusCode.OK, (await student.GetAsync("/api/v1/gamification/profile")).Status);
            using var otherParent = await TestData.WithTokenAsync(Host, Demo.Email(Role.Parent, Demo.Riverside));
            var otherChild = await Academic.UserIdAsync(Host, Demo.Student(1, Demo.Riverside));
            Assert.Equal(HttpStatusCode.OK, (await otherParent.GetAsync($"/api/v1/homework?studentId={otherChild}")).Status);
        }
        finally { await SwitchAsync("parentPortal", true); }
    }

    [Fact]
    public async Task E_mails_carry_the_centres_display_name_and_its_logo()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var centre = await CentreAsync(Demo.Northside);
        var branding = (await admin.GetAsync($"/api/v1/centres/{centre}")).Data.GetProperty("config").GetProperty("branding").Clone();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/api/v1/centres/{centre}/config",
            new { branding = new { displayName = "Northside Tutoring & Co", primaryColour = "#3949AB", logoUrl = "https://cdn.example.org/northside.png" } })).Status);
        try
        {
            using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
            var session = await Academic.TodaysMathsClubAsync(Host, tutor);
            var isla = await Academic.UserIdAsync(Host, Demo.Student(3));
            Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = isla, status = "ABSENT" })).Status);

            string? eml = null;
            await Eventually.UntilAsync(async () =>
            {
                foreach (var file in Directory.Exists(Host.MailFolder) ? Directory.GetFiles(Host.MailFolder) : [])
                {
                    var text = QuotedPrintable(await File.ReadAllTextAsync(file));
                    if (text.Contains(Parent(2), StringComparison.OrdinalIgnoreCase) && text.Contains("Absence notification", StringComparison.Ordinal)) { eml = text; }
                }
                return eml is not null;
            }, "the absence e-mail to Isla's parent");
            Assert.Contains("<img src=\"https://cdn.example.org/northside.png\" alt=\"Northside Tutoring &amp; Co\"", eml);
            // The plain-text part is signed with the name as written.
            Assert.Contains("-- \r\nNorthside Tutoring & Co", eml!.Replace("\r\n", "\n").Replace("\n", "\r\n"));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/api/v1/centres/{centre}/config", new { branding })).Status);
        }
    }

    private static string QuotedPrintable(string raw) =>
        System.Text.RegularExpressions.Regex.Replace(raw.Replace("=\r\n", "").Replace("=\n", ""), "=([0-9A-F]{2})", m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
}

public sealed class FeatureSwitchApiTestsOnSqlite(SqliteAcademicApp app) : FeatureSwitchApiTests(() => app.Host, () => app.Clock), IClassFixture<SqliteAcademicApp>;

public sealed class FeatureSwitchApiTestsOnPostgres(PostgresAcademicApp app) : FeatureSwitchApiTests(() => app.Host, () => app.Clock), IClassFixture<PostgresAcademicApp>;
