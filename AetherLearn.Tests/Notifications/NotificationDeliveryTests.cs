using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Notifications;

/// <summary>E-mail deliveries end to end: planned with the notification, sent by the worker, retried, held through quiet hours.</summary>
public sealed class NotificationDeliveryTests
{
    private static string Parent(int n) => $"parent{n}@{Demo.Northside}.aetherlearn.test";

    private static async Task<AppHost> StartAsync(TestClock clock, Dictionary<string, string?> settings)
    {
        settings["Notifications:DeliveryPollMilliseconds"] = "200";
        settings["Notifications:RetryBaseSeconds"] = "1";
        return await AppHost.StartAsync(Provider.Sqlite, null, settings: settings, services: s => s.AddSingleton<TimeProvider>(clock));
    }

    private static async Task MarkAsync(AppHost host, int student, string status)
    {
        using var tutor = await TestData.WithTokenAsync(host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(host, tutor);
        var id = await Academic.UserIdAsync(host, Demo.Student(student));
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = id, status })).Status);
    }

    private static async Task<System.Text.Json.JsonElement> DeliveryAsync(ApiClient admin, string state, Func<System.Text.Json.JsonElement, bool> match)
    {
        for (var i = 0; i < 150; i++)
        {
            var found = (await admin.GetAsync($"/api/v1/admin/notification-deliveries?state={state}")).Data.EnumerateArray().FirstOrDefault(match);
            if (found.ValueKind != System.Text.Json.JsonValueKind.Undefined) { return found; }
            await Task.Delay(100);
        }
        Assert.Fail($"No {state} delivery matched");
        return default;
    }

    [Fact]
    public async Task An_absence_is_e_mailed_to_the_parent_and_a_busy_server_is_tried_again()
    {
        await using var smtp = new LocalSmtpServer { RefuseNext = 1 };
        var clock = TestClock.WednesdayNoon();
        await using var host = await StartAsync(clock, new()
        {
            ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = "127.0.0.1", ["Email:Smtp:Port"] = smtp.Port.ToString(), ["Email:Smtp:EnableSsl"] = "false",
            ["App:BaseUrl"] = "https://learn.example.org/",
        });
        using var admin = await TestData.WithTokenAsync(host, Demo.Email(Role.CentreAdmin));

        await MarkAsync(host, 3, "ABSENT");
        var failed = await DeliveryAsync(admin, "PENDING", d => d.GetProperty("attempts").GetInt32() == 1);
        Assert.Contains("Try again later", failed.GetProperty("lastError").GetString());
        Assert.Equal("Ravi Patel", failed.GetProperty("userName").GetString());

        var sent = await DeliveryAsync(admin, "SENT", d => d.GetProperty("id").GetGuid() == failed.GetProperty("id").GetGuid());
        Assert.Equal(2, sent.GetProperty("attempts").GetInt32());
        var mail = Assert.Single(smtp.Received);
        Assert.Equal([Parent(2)], mail.To);
        Assert.Contains("Subject: Isla Murphy - Absence notification", mail.Data);
        // The e-mail links to Isla's tab of her parent's home, at the site's public address.
        var isla = await Academic.UserIdAsync(host, Demo.Student(3));
        var decoded = System.Text.RegularExpressions.Regex.Replace(mail.Data.Replace("=\r\n", "").Replace("=\n", ""), "=([0-9A-F]{2})",
            m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
        Assert.Contains($"Open in AetherLearn: https://learn.example.org/parent?child={isla}", decoded);
        Assert.Contains($"<a href=\"https://learn.example.org/parent?child={isla}\">Open in AetherLearn</a>", decoded);
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_gives_up_shows_to_admins_and_can_be_sent_again()
    {
        await using var smtp = new LocalSmtpServer { RefuseNext = 2 };
        var clock = TestClock.WednesdayNoon();
        await using var host = await StartAsync(clock, new()
        {
            ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = "127.0.0.1", ["Email:Smtp:Port"] = smtp.Port.ToString(), ["Email:Smtp:EnableSsl"] = "false",
            ["Notifications:MaxAttempts"] = "2",
        });
        using var admin = await TestData.WithTokenAsync(host, Demo.Email(Role.CentreAdmin));
        using var tutor = await TestData.WithTokenAsync(host, Academic.Tutor);

        await MarkAsync(host, 4, "LATE");
        var failed = await DeliveryAsync(admin, "FAILED", d => d.GetProperty("subject").GetString() == "Leo Fischer arrived late");
        Assert.Equal(2, failed.GetProperty("attempts").GetInt32());
        Assert.Empty(smtp.Received);
        var id = failed.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await tutor.PostAsync($"/api/v1/admin/notification-deliveries/{id}/retry")).Status);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/notification-deliveries/{id}/retry")).Status);
        await DeliveryAsync(admin, "SENT", d => d.GetProperty("id").GetGuid() == id);
        Assert.Contains("Subject: Leo Fischer arrived late", Assert.Single(smtp.Received).Data);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/admin/notification-deliveries/{id}/retry")).Status);
    }

    /// <summary>
    /// Noon at the centre on a winter and on a summer Wednesday: quiet hours are the parent's wall-clock hours in the centre's
    /// zone, so the e-mail is held until 13:00 London time on both sides of the clock change (12:00 UTC in summer, 13:00 in winter).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Quiet_hours_hold_an_e_mail_until_they_end_and_a_digest_choice_keeps_it_for_the_digest(bool summerTime)
    {
        var clock = TestClock.WednesdayNoon(summerTime);
        Assert.Equal(12, clock.Local().Hour);
        await using var host = await StartAsync(clock, new());
        using var admin = await TestData.WithTokenAsync(host, Demo.Email(Role.CentreAdmin));
        using var parent = await TestData.WithTokenAsync(host, Parent(1));
        using var digestParent = await TestData.WithTokenAsync(host, Parent(3));
        // Noon in London (the test clock): quiet from 11:00 to 13:00.
        var quiet = await parent.PatchAsync("/api/v1/notifications/preferences", new { quietFrom = "11:00", quietTo = "13:00" });
        Assert.True(quiet.Status == HttpStatusCode.OK, quiet.ToString());
        var digest = await digestParent.PatchAsync("/api/v1/notifications/preferences", new { categories = new { ATTENDANCE = new { email = "DIGEST" } } });
        Assert.True(digest.Status == HttpStatusCode.OK, digest.ToString());

        await MarkAsync(host, 1, "ABSENT");
        await MarkAsync(host, 4, "ABSENT");
        var held = await DeliveryAsync(admin, "HELD", d => d.GetProperty("subject").GetString() == "Ella Thompson - Absence notification");
        var until = TimeZoneInfo.ConvertTimeFromUtc(held.GetProperty("nextAttemptAt").GetDateTime().ToUniversalTime(), TestClock.London);
        Assert.Equal((13, 0), (until.Hour, until.Minute));
        Assert.Equal(clock.Local().Date, until.Date);
        await DeliveryAsync(admin, "DIGEST", d => d.GetProperty("subject").GetString() == "Leo Fischer - Absence notification");
        // The in-app notification is not held: the bell shows it at once.
        Assert.Contains((await parent.GetAsync("/api/v1/notifications")).Data.EnumerateArray(), n => n.GetProperty("type").GetString() == "attendance.absent");
        // A probe after them: Isla's parent has no quiet hours, so once the sender has written her e-mail it has been past the
        // held one too, and the held one must not be among the files.
        await MarkAsync(host, 3, "ABSENT");
        await DeliveryAsync(admin, "SENT", d => d.GetProperty("subject").GetString() == "Isla Murphy - Absence notification");
        Assert.Contains("Isla Murphy - Absence notification", await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(host.MailFolder))));

        clock.Advance(TimeSpan.FromHours(1.1));
        // An hour on, the admin's API token has expired too: a fresh one.
        using var laterAdmin = await TestData.WithTokenAsync(host, Demo.Email(Role.CentreAdmin));
        await DeliveryAsync(laterAdmin, "SENT", d => d.GetProperty("id").GetGuid() == held.GetProperty("id").GetGuid());
        var files = await Task.WhenAll(Directory.GetFiles(host.MailFolder).Select(f => File.ReadAllTextAsync(f)));
        Assert.Equal(2, files.Length);
        Assert.Single(files, f => f.Contains("Ella Thompson - Absence notification"));
        Assert.DoesNotContain(files, f => f.Contains("Leo Fischer"));
    }
}
