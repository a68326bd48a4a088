using System.Net;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Notifications;
using AetherLearn.Core.Notifications.Routing;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Notifications;

public sealed class SqliteNotificationsApp : SqliteAcademicApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Notifications:HeartbeatSeconds"] = "1" };
}

public sealed class PostgresNotificationsApp(PostgresCluster cluster) : PostgresAcademicApp(cluster)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Notifications:HeartbeatSeconds"] = "1" };
}

/// <summary>Events become notifications for the right people; the API and the SSE stream serve them to their owner only.</summary>
public abstract class NotificationsApiTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    private static string Parent(int n) => $"parent{n}@{Demo.Northside}.aetherlearn.test";

    private async Task<(ApiClient Tutor, Guid Session)> MathsClubAsync()
    {
        var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        return (tutor, await Academic.TodaysMathsClubAsync(Host, tutor));
    }

    /// <summary>Waits for the event to be routed (the outbox delivers after commit).</summary>
    private static async Task<List<System.Text.Json.JsonElement>> WaitForAsync(ApiClient user, Func<System.Text.Json.JsonElement, bool> match, int count = 1)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = (await user.GetAsync("/api/v1/notifications?limit=100")).Data.EnumerateArray().Where(match).ToList();
            if (found.Count >= count) { return found; }
            await Task.Delay(100);
        }
        Assert.Fail("The notification did not arrive; there are: " + string.Join(" | ",
            (await user.GetAsync("/api/v1/notifications?limit=100")).Data.EnumerateArray().Select(n => n.GetProperty("body").GetString())));
        return [];
    }

    /// <summary>A notification for a parent that no other test here causes: an invoice overdue, raised as the finance module will.</summary>
    private async Task ProbeAsync(string parentEmail, int daysPastDue)
    {
        await using var users = Host.Db();
        var finance = await users.Users.SingleAsync(u => u.Email == Demo.Email(Role.Finance));
        var parentId = await Academic.UserIdAsync(Host, parentEmail);
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IBackgroundIdentity>().ActAs(new Actor(finance.Id, finance.Email, finance.CentreId, finance.Role, null));
        await using var db = scope.ServiceProvider.GetRequiredService<Core.Common.Persistence.IDbSessionFactory>().Create<INotificationsDb>();
        db.Publish(new Events.InvoiceOverdue(Guid.NewGuid(), daysPastDue, parentId));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_parent_is_told_when_their_child_is_marked_absent_and_only_that_parent()
    {
        var (tutor, session) = await MathsClubAsync();
        using var _ = tutor;
        using var parent = await TestData.WithTokenAsync(Host, Parent(1));
        using var otherParent = await TestData.WithTokenAsync(Host, Parent(2));
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));
        var ella = await Academic.UserIdAsync(Host, Demo.Student(1));

        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = ella, status = "ABSENT" })).Status);
        var absent = Assert.Single(await WaitForAsync(parent, n => n.GetProperty("type").GetString() == "attendance.absent"));
        Assert.Equal("Absence recorded", absent.GetProperty("title").GetString());
        Assert.StartsWith("Ella Thompson was absent from Maths club on ", absent.GetProperty("body").GetString());
        Assert.Equal("ATTENDANCE", absent.GetProperty("category").GetString());
        // It opens Ella's tab of the parent home.
        Assert.Equal($"/parent?child={ella}", absent.GetProperty("link").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, absent.GetProperty("readAt").ValueKind);

        // Not the student, not another child's parent; and "present" tells nobody.
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = ella, status = "ATTENDING" })).Status);
        await Handled.LatestAsync(Host, EventTypes.AttendanceRecorded, p => p.GetProperty("studentId").GetGuid() == ella, Handled.Router(EventTypes.AttendanceRecorded));
        Assert.DoesNotContain((await otherParent.GetAsync("/api/v1/notifications")).Data.EnumerateArray(), n => n.GetProperty("body").GetString()!.Contains("Ella"));
        Assert.DoesNotContain((await student.GetAsync("/api/v1/notifications")).Data.EnumerateArray(), n => n.GetProperty("type").GetString() == "attendance.absent");
        Assert.Single((await parent.GetAsync("/api/v1/notifications")).Data.EnumerateArray(), n => n.GetProperty("body").GetString()!.StartsWith("Ella Thompson was absent"));
    }

    [Fact]
    public async Task Homework_marked_work_and_lessons_reach_the_student_the_parents_and_the_tutor_with_real_data()
    {
        var (tutor, session) = await MathsClubAsync();
        using var _ = tutor;
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(2));
        using var parent = await TestData.WithTokenAsync(Host, Parent(1));
        var noah = await Academic.UserIdAsync(Host, Demo.Student(2));
        var next = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(Host, "maths")}")).Data;
        var exercise = next.GetProperty("exerciseId").GetGuid();
        var title = next.GetProperty("exerciseTitle").GetString()!;

        Assert.Equal(HttpStatusCode.Created, (await tutor.PostAsync("/api/v1/homework", new { studentId = noah, exerciseId = exercise, dueDate = "2031-01-10T18:00:00" })).Status);
        var assigned = (await WaitForAsync(student, n => n.GetProperty("type").GetString() == "homework.assigned")).First();
        Assert.Equal($"You have new homework: {title}, due Fri 10 Jan 18:00.", assigned.GetProperty("body").GetString());
        await WaitForAsync(parent, n => n.GetProperty("body").GetString() == $"Noah Patel has new homework: {title}, due Fri 10 Jan 18:00.");

        // Handing it in: auto-marked, so the student and parents hear "marked" (not "handed in"), and the tutor who set it is told.
        var attempt = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers = await Academic.OneWrongAnswerAsync(Host, exercise) })).Status);
        var marked = (await WaitForAsync(student, n => n.GetProperty("type").GetString() == "exercise.graded")).First();
        Assert.Equal($"Your Mathematics exercise {title} was marked: 0%.", marked.GetProperty("body").GetString());
        Assert.Equal($"/student/attempts/{attempt}", marked.GetProperty("link").GetString());
        await WaitForAsync(parent, n => n.GetProperty("body").GetString() == $"Noah Patel's Mathematics exercise {title} was marked: 0%.");
        await WaitForAsync(tutor, n => n.GetProperty("body").GetString() == $"Noah Patel handed in {title} on time.");
        Assert.DoesNotContain((await student.GetAsync("/api/v1/notifications")).Data.EnumerateArray(), n => n.GetProperty("type").GetString() == "exercise.submitted");

        // The lesson starting reaches the parents of the students in it: one notification for a parent of two of them.
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/start")).Status);
        var started = Assert.Single(await WaitForAsync(parent, n => n.GetProperty("type").GetString() == "session.started"));
        Assert.Equal("Ella Thompson and Noah Patel's Maths club has started.", started.GetProperty("body").GetString());
        using var otherParent = await TestData.WithTokenAsync(Host, Parent(2));
        await WaitForAsync(otherParent, n => n.GetProperty("body").GetString() == "Isla Murphy's Maths club has started.");
    }

    [Fact]
    public async Task Reading_one_or_all_changes_only_the_readers_own_notifications()
    {
        var (tutor, session) = await MathsClubAsync();
        using var _ = tutor;
        using var parent = await TestData.WithTokenAsync(Host, Parent(1));
        using var stranger = await TestData.WithTokenAsync(Host, Parent(2));
        var noah = await Academic.UserIdAsync(Host, Demo.Student(2));
        await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = noah, status = "LATE" });
        var late = (await WaitForAsync(parent, n => n.GetProperty("body").GetString()!.StartsWith("Noah Patel arrived late"))).First();
        var id = late.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PatchAsync($"/api/v1/notifications/{id}/read", new { })).Status);
        var read = await parent.PatchAsync($"/api/v1/notifications/{id}/read", new { });
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, read.Data.GetProperty("readAt").ValueKind);
        Assert.DoesNotContain((await parent.GetAsync("/api/v1/notifications?unread=true")).Data.EnumerateArray(), n => n.GetProperty("id").GetGuid() == id);

        var all = await parent.PostAsync("/api/v1/notifications/read-all");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Empty((await parent.GetAsync("/api/v1/notifications?unread=true")).Data.EnumerateArray());
        var page = await parent.GetAsync("/api/v1/notifications?limit=1");
        Assert.Single(page.Data.EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await parent.GetAsync("/api/v1/notifications?cursor=not-a-cursor")).Status);
    }

    [Fact]
    public async Task A_redelivered_event_notifies_once()
    {
        var (tutor, session) = await MathsClubAsync();
        using var _ = tutor;
        var isla = await Academic.UserIdAsync(Host, Demo.Student(3));
        await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = isla, status = "ABSENT" });
        using var parent = await TestData.WithTokenAsync(Host, Parent(2));
        await WaitForAsync(parent, n => n.GetProperty("type").GetString() == "attendance.absent");

        await using var db = Host.Db();
        var row = await db.OutboxMessages.Where(m => m.Type == EventTypes.AttendanceRecorded).OrderByDescending(m => m.OccurredAt).FirstAsync();
        var domainEvent = new DomainEvent(row.Id, row.Type, System.Text.Json.JsonDocument.Parse(row.Payload).RootElement.Clone(),
            new EventMetadata(row.CorrelationId, row.CentreId, row.UserId, row.OccurredAt));
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IBackgroundIdentity>().ActAs(new Actor(row.UserId, "system", row.CentreId, null, null));
            await scope.ServiceProvider.GetRequiredService<NotificationRouter>().RouteAsync(domainEvent, CancellationToken.None);
        }
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.SourceEventId == row.Id));
    }

    [Fact]
    public async Task Preferences_start_on_and_turning_a_category_off_stops_its_notifications()
    {
        var (tutor, session) = await MathsClubAsync();
        using var _ = tutor;
        using var parent = await TestData.WithTokenAsync(Host, Parent(3));
        var defaults = (await parent.GetAsync("/api/v1/notifications/preferences")).Data;
        Assert.Equal("ON", defaults.GetProperty("categories").GetProperty("ATTENDANCE").GetProperty("inApp").GetString());

        var wrong = await parent.PatchAsync("/api/v1/notifications/preferences", new { categories = new { ATTENDANCE = new { inApp = "DIGEST" } }, quietFrom = "25:00", quietTo = "07:00" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("A daily digest is an e-mail: choose ON or OFF for in-app", wrong.Details.GetProperty("categories.ATTENDANCE.inApp").GetString());
        Assert.Equal("Use a 24-hour time such as 21:00", wrong.Details.GetProperty("quietFrom").GetString());

        var updated = await parent.PatchAsync("/api/v1/notifications/preferences",
            new { categories = new { ATTENDANCE = new { inApp = "OFF", email = "DIGEST" } }, quietFrom = "21:00:00", quietTo = "07:00" });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var attendance = updated.Data.GetProperty("categories").GetProperty("ATTENDANCE");
        Assert.Equal(("OFF", "DIGEST", "ON"), (attendance.GetProperty("inApp").GetString(), attendance.GetProperty("email").GetString(), attendance.GetProperty("push").GetString()));
        Assert.Equal("21:00", updated.Data.GetProperty("quietFrom").GetString());

        var leo = await Academic.UserIdAsync(Host, Demo.Student(4));
        await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = leo, status = "ABSENT" });
        await Handled.LatestAsync(Host, EventTypes.AttendanceRecorded, p => p.GetProperty("studentId").GetGuid() == leo, Handled.Router(EventTypes.AttendanceRecorded));
        Assert.DoesNotContain((await parent.GetAsync("/api/v1/notifications")).Data.EnumerateArray(), n => n.GetProperty("body").GetString()!.StartsWith("Leo Fischer was absent"));
    }

    [Fact]
    public async Task The_stream_delivers_new_notifications_heartbeats_and_after_a_reconnect_exactly_the_missed_ones()
    {
        var (tutor, session) = await MathsClubAsync();
        using var _ = tutor;
        using var parent = await TestData.WithTokenAsync(Host, Parent(1));
        using var otherParent = await TestData.WithTokenAsync(Host, Parent(2));
        var ella = await Academic.UserIdAsync(Host, Demo.Student(1));
        var noah = await Academic.UserIdAsync(Host, Demo.Student(2));

        await using var stream = await SseClient.OpenAsync(parent.Http, "/api/v1/notifications/stream");
        await using var otherStream = await SseClient.OpenAsync(otherParent.Http, "/api/v1/notifications/stream");
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", stream.Response.Headers.CacheControl!.ToString());
        Assert.Equal("no", stream.Response.Headers.GetValues("X-Accel-Buffering").Single());
        await stream.WaitForCommentAsync("heartbeat", TimeSpan.FromSeconds(5));

        await tutor.PostAsync($"/api/v1/sessions/{session}/attendance/bulk", new { records = new[] { new { studentId = ella, status = "EXCUSED" }, new { studentId = noah, status = "EXCUSED" } } });
        await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = ella, status = "LATE" });
        var first = await stream.NextAsync(e => e.Json.GetProperty("body").GetString()!.StartsWith("Ella Thompson arrived late"));
        Assert.Equal("notification", first.Event);
        Assert.Equal(first.Json.GetProperty("id").GetString(), first.Id);
        await stream.DisposeAsync();

        // Missed while away: Noah's late mark. Reconnecting after the first id brings exactly that one.
        await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = noah, status = "LATE" });
        await WaitForAsync(parent, n => n.GetProperty("body").GetString()!.StartsWith("Noah Patel arrived late"));
        await using var again = await SseClient.OpenAsync(parent.Http, "/api/v1/notifications/stream", lastEventId: first.Id);
        var missed = await again.NextAsync(e => e.Json.GetProperty("body").GetString()!.StartsWith("Noah Patel arrived late"));
        Assert.NotEqual(first.Id, missed.Id);
        // A probe after it on each stream (an overdue invoice, which no other test here touches): once it arrives, anything
        // replayed twice or sent to the wrong parent would be there too.
        await ProbeAsync(Parent(1), 11);
        await ProbeAsync(Parent(2), 12);
        await again.NextAsync(e => e.Json.GetProperty("body").GetString()!.Contains("11 days overdue"));
        await otherStream.NextAsync(e => e.Json.GetProperty("body").GetString()!.Contains("12 days overdue"));
        Assert.Equal([missed.Id, again.Events[1].Id], again.Events.Select(e => e.Id));
        Assert.All(otherStream.Events, e => Assert.Contains("12 days overdue", e.Json.GetProperty("body").GetString()));
    }

    [Fact]
    public async Task A_person_holds_at_most_ten_notification_streams_on_a_node_and_the_eleventh_is_refused_with_429()
    {
        using var parent = await TestData.WithTokenAsync(Host, Parent(3));
        var streams = new List<SseClient>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var stream = await SseClient.OpenAsync(parent.Http, "/api/v1/notifications/stream");
                streams.Add(stream);
                Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
            }
            // A plain request, not an SseClient: its background reader would race this read of the refusal's body.
            using (var eleventh = await parent.Http.GetAsync("/api/v1/notifications/stream"))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
                var body = System.Text.Json.JsonDocument.Parse(await eleventh.Content.ReadAsStringAsync()).RootElement;
                Assert.False(body.GetProperty("success").GetBoolean());
                Assert.StartsWith("Too many open notification streams", body.GetProperty("error").GetString());
            }
            // Someone else is not affected by this person's streams.
            using var otherParent = await TestData.WithTokenAsync(Host, Parent(2));
            await using (var other = await SseClient.OpenAsync(otherParent.Http, "/api/v1/notifications/stream"))
            {
                Assert.Equal(HttpStatusCode.OK, other.Response.StatusCode);
            }

            // A closed stream gives its place back (once the server has seen the client go).
            await streams[0].DisposeAsync();
            streams.RemoveAt(0);
            await Eventually.UntilAsync(async () =>
            {
                var again = await SseClient.OpenAsync(parent.Http, "/api/v1/notifications/stream");
                if (again.Response.StatusCode == HttpStatusCode.OK) { streams.Add(again); return true; }
                await again.DisposeAsync();
                return false;
            }, "a stream's place to be given back");
        }
        finally
        {
            foreach (var stream in streams) { await stream.DisposeAsync(); }
        }
    }
}

public sealed class NotificationsApiTestsOnSqlite(SqliteNotificationsApp app) : NotificationsApiTests(() => app.Host), IClassFixture<SqliteNotificationsApp>;

public sealed class NotificationsApiTestsOnPostgres(PostgresNotificationsApp app) : NotificationsApiTests(() => app.Host), IClassFixture<PostgresNotificationsApp>;
