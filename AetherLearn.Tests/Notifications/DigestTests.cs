using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Notifications;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Notifications;

/// <summary>The daily digest: what a user chose to receive as a digest arrives as one e-mail the next morning, once.</summary>
public sealed class DigestTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Digest_notifications_arrive_together_in_one_e_mail_after_the_digest_hour_and_only_once()
    {
        var clock = TestClock.WednesdayNoon();
        await using var host = await AppHost.StartAsync(Provider.Sqlite, null, services: s => s.AddSingleton<TimeProvider>(clock));
        using var parent = await TestData.WithTokenAsync(host, $"parent1@{Demo.Northside}.aetherlearn.test");
        Assert.Equal(HttpStatusCode.OK, (await parent.PatchAsync("/api/v1/notifications/preferences", new { categories = new { ATTENDANCE = new { email = "DIGEST" } } })).Status);
        using var tutor = await TestData.WithTokenAsync(host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(host, tutor);
        foreach (var (student, status) in new[] { (1, "ABSENT"), (2, "LATE") })
        {
            var id = await Academic.UserIdAsync(host, Demo.Student(student));
            Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = id, status })).Status);
        }
        await Eventually.UntilAsync(async () => await DigestWaitingAsync(host) == 2, "both items waiting for the digest");

        // Made at noon, after today's 07:00 digest: they wait for tomorrow's.
        Assert.Equal(0, await SendAsync(host));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await SendAsync(host));
        var eml = QuotedPrintable(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(host.MailFolder))));
        Assert.Contains("Your daily summary from Northside", eml);
        Assert.Contains("Ella Thompson was absent from Maths club", eml);
        Assert.Contains("Noah Patel arrived late to Maths club", eml);
        Assert.Contains("\n- Absence recorded: Ella Thompson", eml);
        Assert.Contains("\n- Late arrival: Noah Patel", eml);
        Assert.Equal(0, await DigestWaitingAsync(host));
        Assert.Equal(0, await SendAsync(host));
        Assert.Single(Directory.GetFiles(host.MailFolder));
    }

    [Fact]
    public async Task Two_nodes_sending_digests_at_the_same_moment_send_each_person_one_e_mail()
    {
        if (cluster.UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
        var clock = TestClock.WednesdayNoon();
        var database = AppHost.NewDatabase(Provider.Postgres);
        await using var nodeA = await AppHost.StartAsync(Provider.Postgres, cluster, database, services: s => s.AddSingleton<TimeProvider>(clock));
        await using var nodeB = await AppHost.StartAsync(Provider.Postgres, cluster, database, services: s => s.AddSingleton<TimeProvider>(clock));
        foreach (var n in new[] { 1, 2, 3 })
        {
            using var parent = await TestData.WithTokenAsync(nodeA, $"parent{n}@{Demo.Northside}.aetherlearn.test");
            Assert.Equal(HttpStatusCode.OK, (await parent.PatchAsync("/api/v1/notifications/preferences", new { categories = new { ATTENDANCE = new { email = "DIGEST" } } })).Status);
        }
        using var tutor = await TestData.WithTokenAsync(nodeB, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(nodeB, tutor);
        foreach (var student in new[] { 1, 2, 3, 4 })
        {
            var id = await Academic.UserIdAsync(nodeB, Demo.Student(student));
            Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = id, status = "ABSENT" })).Status);
        }
        await Eventually.UntilAsync(async () => await DigestWaitingAsync(nodeA) == 4, "four items waiting for the digests");

        clock.Advance(TimeSpan.FromDays(1));
        var rounds = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { SendAsync(nodeA), SendAsync(nodeB) }));

        Assert.Equal(3, rounds.Sum());
        // Either node may have sent them all: a node that sent nothing has no pickup folder yet.
        static IEnumerable<string> Sent(AppHost node) => Directory.Exists(node.MailFolder) ? Directory.GetFiles(node.MailFolder) : [];
        var mail = Sent(nodeA).Concat(Sent(nodeB)).Select(f => File.ReadAllText(f)).ToList();
        Assert.Equal(3, mail.Count);
        Assert.All(new[] { 1, 2, 3 }, n => Assert.Single(mail, m => m.Contains($"To: parent{n}@{Demo.Northside}.aetherlearn.test")));
        Assert.Equal(0, await DigestWaitingAsync(nodeA));
    }

    [Fact]
    public async Task The_digest_job_is_scheduled_every_quarter_hour()
    {
        await using var host = await AppHost.StartAsync(Provider.Sqlite, null);
        var scheduler = await host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var key = new Quartz.JobKey("notifications.daily-digest");
        Assert.True(await scheduler.Exists(key));
        var trigger = Assert.IsAssignableFrom<Quartz.ICronTrigger>(await scheduler.GetTrigger(new Quartz.TriggerKey("notifications.daily-digest.quarter-hourly")));
        Assert.Equal(key, trigger.JobKey);
        Assert.Equal("0 0/15 * * * ?", trigger.CronExpressionString);
    }

    /// <summary>The message as a reader sees it: soft line breaks joined, =XX escapes decoded.</summary>
    private static string QuotedPrintable(string raw) =>
        System.Text.RegularExpressions.Regex.Replace(raw.Replace("=\r\n", "").Replace("=\n", ""), "=([0-9A-F]{2})", m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());

    private static async Task<int> SendAsync(AppHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var digests = scope.ServiceProvider.GetRequiredService<INotificationDigests>();
        var sent = 0;
        foreach (var centre in await digests.CentresWaitingAsync())
        {
            await using var inCentre = host.Services.CreateAsyncScope();
            inCentre.ServiceProvider.GetRequiredService<IBackgroundIdentity>().ActAs(new Actor(null, "system", centre, null, null));
            sent += await inCentre.ServiceProvider.GetRequiredService<INotificationDigests>().SendDueAsync(centre);
        }
        return sent;
    }

    private static async Task<int> DigestWaitingAsync(AppHost host)
    {
        await using var db = host.Db();
        return db.NotificationDeliveries.Count(d => d.State == DeliveryState.Digest);
    }


}
