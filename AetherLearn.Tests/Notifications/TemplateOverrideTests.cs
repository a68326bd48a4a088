using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Notifications;

/// <summary>A centre rewords its notifications: checked before saving, used for its own people only, undone on request.</summary>
public abstract class TemplateOverrideTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    private const string Templates = "/api/v1/admin/notification-templates";

    private async Task<JsonElement> NotificationAsync(string email, Func<JsonElement, bool> match)
    {
        using var user = await TestData.WithTokenAsync(Host, email);
        await Eventually.UntilAsync(async () => (await user.GetAsync("/api/v1/notifications?limit=100")).Data.EnumerateArray().Any(match), $"a notification for {email}");
        return (await user.GetAsync("/api/v1/notifications?limit=100")).Data.EnumerateArray().First(match);
    }

    private async Task MarkAbsentAsync(string centre, int student)
    {
        using var tutor = await TestData.WithTokenAsync(Host, Demo.Email(Role.Teacher, centre));
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        var id = await Academic.UserIdAsync(Host, Demo.Student(student, centre));
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = id, status = "ABSENT" })).Status);
    }

    [Fact]
    public async Task A_wording_may_speak_to_the_student_and_use_the_days_overdue_as_a_number_or_in_words()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var overdue = (await admin.GetAsync(Templates)).Data.EnumerateArray().Single(t => t.GetProperty("key").GetString() == "homework.overdue");
        var placeholders = overdue.GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("toStudent", placeholders);
        Assert.Contains("daysPastDue", placeholders);
        Assert.Contains("overdueBy", placeholders);

        var wording = new { title = "Late homework", body = "{{#if toStudent}}You are{{else}}{{studentName}} is{{/if}} {{overdueBy}} late ({{daysPastDue}})" };
        var preview = await admin.PostAsync($"{Templates}/homework.overdue/IN_APP/preview", wording);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Equal("Ella Thompson is 2 days late (2)", preview.Data.GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_admin_rewords_the_absence_notice_and_only_their_centres_parents_get_the_new_words()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var absent = (await admin.GetAsync(Templates)).Data.EnumerateArray().Single(t => t.GetProperty("key").GetString() == "attendance.absent");
        Assert.Equal(["IN_APP", "EMAIL", "PUSH"], absent.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("channel").GetString()));
        Assert.Contains("studentName", absent.GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Absence recorded", absent.GetProperty("channels")[0].GetProperty("default").GetProperty("title").GetString());

        var wording = new { title = "Not in class today", body = "{{studentName}} did not come to {{sessionName}} ({{centreName}})" };
        var preview = await admin.PostAsync($"{Templates}/attendance.absent/IN_APP/preview", wording);
        Assert.Equal("Ella Thompson did not come to Maths club (Northside)", preview.Data.GetProperty("body").GetString());
        var saved = await admin.SendAsync(HttpMethod.Put, $"{Templates}/attendance.absent/IN_APP", wording);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal("Not in class today", saved.Data.GetProperty("channels")[0].GetProperty("override").GetProperty("title").GetString());

        await MarkAbsentAsync(Demo.Northside, 3);
        var notice = await NotificationAsync($"parent2@{Demo.Northside}.aetherlearn.test", n => n.GetProperty("type").GetString() == "attendance.absent");
        Assert.Equal("Not in class today", notice.GetProperty("title").GetString());
        Assert.Equal("Isla Murphy did not come to Maths club (Northside)", notice.GetProperty("body").GetString());

        // The other centre keeps the standard words; the e-mail, not reworded, too.
        await MarkAbsentAsync(Demo.Riverside, 3);
        var elsewhere = await NotificationAsync($"parent2@{Demo.Riverside}.aetherlearn.test", n => n.GetProperty("type").GetString() == "attendance.absent");
        Assert.Equal("Absence recorded", elsewhere.GetProperty("title").GetString());
        var mail = (await admin.GetAsync("/api/v1/admin/notification-deliveries")).Data.EnumerateArray().First(d => d.GetProperty("channel").GetString() == "EMAIL");
        Assert.Equal("Isla Murphy - Absence notification", mail.GetProperty("subject").GetString());

        var reset = await admin.SendAsync(HttpMethod.Delete, $"{Templates}/attendance.absent/IN_APP", null);
        Assert.Equal(JsonValueKind.Null, reset.Data.GetProperty("channels")[0].GetProperty("override").ValueKind);
        var audit = (await admin.GetAsync("/api/v1/admin/audit-log?entityType=NotificationTemplateOverride")).Data.EnumerateArray().ToList();
        Assert.Equal(["DELETE", "CREATE"], audit.Select(a => a.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task The_standard_wording_of_every_template_passes_the_checks_so_an_admin_can_start_from_it()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        foreach (var template in (await admin.GetAsync(Templates)).Data.EnumerateArray())
        {
            foreach (var channel in template.GetProperty("channels").EnumerateArray())
            {
                var path = $"{Templates}/{template.GetProperty("key").GetString()}/{channel.GetProperty("channel").GetString()}/preview";
                var preview = await admin.PostAsync(path, channel.GetProperty("default"));
                Assert.True(preview.Status == HttpStatusCode.OK, $"{path}: {preview}");
                Assert.DoesNotContain("{{", preview.Data.GetProperty("body").GetString());
            }
        }
    }

    [Fact]
    public async Task Wording_that_would_lose_a_value_or_cannot_be_read_is_refused_with_the_reason()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var typo = await admin.SendAsync(HttpMethod.Put, $"{Templates}/attendance.late/PUSH", new { title = "Late", body = "{{studentNmae}} arrived late" });
        Assert.Equal(HttpStatusCode.BadRequest, typo.Status);
        Assert.StartsWith("{{studentNmae}} is not a value this notification has; use ", typo.Details.GetProperty("body").GetString());

        var unreadable = await admin.PostAsync($"{Templates}/attendance.late/EMAIL/preview",
            new { subject = "{{#if studentName}}Late", html = "<p>{{studentName}}</p>", text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.Status);
        Assert.StartsWith("Subject cannot be read as a template", unreadable.Details.GetProperty("subject").GetString());
        Assert.Equal("Plain text is required", unreadable.Details.GetProperty("text").GetString());

        // Unescaped values would let a student's help message write HTML into a tutor's e-mail.
        var raw = await admin.SendAsync(HttpMethod.Put, $"{Templates}/help.requested/EMAIL",
            new { subject = "Help", html = "<p>{{{message}}}</p>", text = "{{& message}}" });
        Assert.StartsWith("HTML may only use values as {{name}}", raw.Details.GetProperty("html").GetString());
        Assert.StartsWith("Plain text may only use values as {{name}}", raw.Details.GetProperty("text").GetString());
        // Compiles, but cannot be filled in (no such helper): refused now rather than failing for every parent later.
        var helper = await admin.SendAsync(HttpMethod.Put, $"{Templates}/attendance.late/PUSH", new { title = "Late", body = "{{studentName extra}} is late" });
        Assert.StartsWith("{{studentName extra}} is not something a notification can show", helper.Details.GetProperty("body").GetString());

        var sms = await admin.SendAsync(HttpMethod.Put, $"{Templates}/attendance.late/SMS", new { title = "x", body = "y" });
        Assert.Equal("Channel must be IN_APP, EMAIL or PUSH", sms.Details.GetProperty("channel").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Put, $"{Templates}/no.such.event/PUSH", new { title = "x", body = "y" })).Status);

        // Nothing was stored by the refusals.
        var late = (await admin.GetAsync(Templates)).Data.EnumerateArray().Single(t => t.GetProperty("key").GetString() == "attendance.late");
        Assert.All(late.GetProperty("channels").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("override").ValueKind));
    }
}

public sealed class TemplateOverrideTestsOnSqlite(SqliteNotificationsApp app) : TemplateOverrideTests(() => app.Host), IClassFixture<SqliteNotificationsApp>;

public sealed class TemplateOverrideTestsOnPostgres(PostgresNotificationsApp app) : TemplateOverrideTests(() => app.Host), IClassFixture<PostgresNotificationsApp>;
