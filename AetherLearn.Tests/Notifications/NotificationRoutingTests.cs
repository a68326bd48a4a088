using System.Net;
using System.Text.Json;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Notifications;
using AetherLearn.Tests.Events;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Notifications;

/// <summary>
/// The router with real data for the routes the other suites do not reach through an action: the lesson ending through
/// the API, and the events whose producing modules (assessment, gamification, finance, tickets, reception, overdue job)
/// come later, published through the real outbox with the contract's payloads about the demo centre's people.
/// </summary>
public abstract class NotificationRoutingTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    private static string Parent(int n) => $"parent{n}@{Demo.Northside}.aetherlearn.test";

    private async Task<Guid> IdAsync(string email) => await Academic.UserIdAsync(Host, email);

    /// <summary>Publishes as the producing module will: in the centre's scope, through the outbox, after commit.</summary>
    private async Task<Guid> PublishAsync<TEvent>(TEvent payload, string actorEmail) where TEvent : IDomainEvent<TEvent>
    {
        await using var db0 = Host.Db();
        var actor = await db0.Users.SingleAsync(u => u.Email == actorEmail);
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IBackgroundIdentity>().ActAs(new Actor(actor.Id, actor.Email, actor.CentreId, actor.Role, null));
        await using var db = scope.ServiceProvider.GetRequiredService<IDbSessionFactory>().Create<INotificationsDb>();
        db.Publish(payload);
        await db.SaveChangesAsync();
        await using var check = Host.Db();
        var type = TEvent.EventType;
        return await check.OutboxMessages.Where(m => m.Type == type).OrderByDescending(m => m.OccurredAt).Select(m => m.Id).FirstAsync();
    }

    /// <summary>The bodies of the notifications an event made, by recipient e-mail, once the router has run.</summary>
    private async Task<Dictionary<string, string>> NotifiedAsync(Guid eventId, int expected)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var db = Host.Db();
            var rows = await db.Notifications.Where(n => n.SourceEventId == eventId).Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.Email, n.Body }).ToListAsync();
            if (rows.Count >= expected) { return rows.ToDictionary(r => r.Email!, r => r.Body); }
            await Task.Delay(100);
        }
        Assert.Fail($"Event {eventId} did not make {expected} notification(s)");
        return [];
    }

    private static string London(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("HH:mm");

    [Fact]
    public async Task The_end_of_a_lesson_tells_each_parent_once_about_their_children_in_it()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var english = (await tutor.GetAsync("/api/v1/sessions/today")).Data.EnumerateArray()
            .First(s => s.GetProperty("title").GetString() == "English workshop").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{english}/start")).Status);
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{english}/end", new { })).Status);
        var ended = (await Academic.EventsAsync(Host, EventTypes.SessionEnded, "sessionId", english.ToString())).Single();
        await using var db = Host.Db();
        var eventId = await db.OutboxMessages.Where(m => m.Type == EventTypes.SessionEnded).OrderByDescending(m => m.OccurredAt).Select(m => m.Id).FirstAsync();

        var notified = await NotifiedAsync(eventId, 2);
        Assert.Equal(2, notified.Count);
        Assert.Equal("Isla Murphy's English workshop has finished: 0 exercise(s) completed in the class.", notified[Parent(2)]);
        Assert.Equal("Leo Fischer and Maya Chen's English workshop has finished: 0 exercise(s) completed in the class.", notified[Parent(3)]);
        Assert.Equal(JsonValueKind.Object, ended.GetProperty("summary").ValueKind);
    }

    [Fact]
    public async Task A_level_change_tells_the_student_and_parents_with_the_course_name()
    {
        var isla = await IdAsync(Demo.Student(3));
        var id = await PublishAsync(
            new LevelChanged(isla, await Academic.CourseAsync(Host, "maths"), OldLevel: 1, NewLevel: 2), Demo.Email(Role.Assessor));
        var notified = await NotifiedAsync(id, 2);
        // Spoken to the student, about her to her parent.
        Assert.Equal("You moved from level 1 to level 2 in Mathematics.", notified[Demo.Student(3)]);
        Assert.Equal("Isla Murphy moved from level 1 to level 2 in Mathematics.", notified[Parent(2)]);
        Assert.Equal(2, notified.Count);
    }

    [Fact]
    public async Task Gamification_news_reaches_the_student_and_a_badge_the_parents_too()
    {
        var leo = await IdAsync(Demo.Student(4));
        var badge = await NotifiedAsync(await PublishAsync(new BadgeEarned(leo, "STREAK_7", "Week Warrior"), Demo.Student(4)), 2);
        Assert.Equal("You earned the Week Warrior badge!", badge[Demo.Student(4)]);
        Assert.Equal("Leo Fischer earned the Week Warrior badge!", badge[Parent(3)]);

        var levelUp = await NotifiedAsync(await PublishAsync(new LevelUp(leo, 3, "Explorer"), Demo.Student(4)), 1);
        Assert.Equal([Demo.Student(4)], levelUp.Keys);
        Assert.Equal("You reached level 3: Explorer.", levelUp[Demo.Student(4)]);

        var broken = await NotifiedAsync(await PublishAsync(new StreakBroken(leo, "DAILY_PRACTICE", 12), Demo.Student(4)), 1);
        Assert.Equal("Your daily practice streak of 12 ended. Every day is a fresh start!", broken[Demo.Student(4)]);
        var milestone = await NotifiedAsync(await PublishAsync(new StreakMilestone(leo, "DAILY_PRACTICE", 30), Demo.Student(4)), 1);
        Assert.Equal("30 in a row: your daily practice streak keeps growing!", milestone[Demo.Student(4)]);
    }

    [Fact]
    public async Task Invoices_payments_and_refunds_tell_only_the_parent_they_are_for_in_the_centres_currency()
    {
        var hannah = await IdAsync(Parent(1));
        var notified = await NotifiedAsync(await PublishAsync(
            new InvoiceCreated(Guid.NewGuid(), hannah, 120.5m), Demo.Email(Role.Finance)), 1);
        Assert.Equal(["parent1@northside.aetherlearn.test"], notified.Keys);
        Assert.Equal("A new invoice for £120.50 is ready.", notified[Parent(1)]);

        // Payments, overdue invoices and refunds: the finance module names the invoice's parent as it does for a new invoice.
        var paid = await NotifiedAsync(await PublishAsync(
            new PaymentReceived(Guid.NewGuid(), Guid.NewGuid(), 60m, hannah), Demo.Email(Role.Finance)), 1);
        Assert.Equal("Thank you: we received your payment of £60.00.", paid[Parent(1)]);
        var overdue = await NotifiedAsync(await PublishAsync(
            new InvoiceOverdue(Guid.NewGuid(), 14, hannah), Demo.Email(Role.Finance)), 1);
        Assert.Equal("An invoice from Northside is 14 days overdue.", overdue[Parent(1)]);
        var refund = await NotifiedAsync(await PublishAsync(
            new RefundApproved(Guid.NewGuid(), 12.5m, hannah), Demo.Email(Role.Finance)), 1);
        Assert.Equal("A refund of £12.50 was approved.", refund[Parent(1)]);

        // A parent of another centre named in the payload is not found from this centre.
        var riverside = await IdAsync($"parent1@{Demo.Riverside}.aetherlearn.test");
        var elsewhere = await PublishAsync(new InvoiceCreated(Guid.NewGuid(), riverside, 80m), Demo.Email(Role.Finance));
        await Handled.EventAsync(Host, elsewhere, Handled.Router(EventTypes.InvoiceCreated));
        await using var db = Host.Db();
        Assert.Equal(0, await db.Notifications.CountAsync(n => n.SourceEventId == elsewhere));
    }

    [Fact]
    public async Task Requests_and_escalations_reach_the_centres_supervisors_and_admins()
    {
        var created = await NotifiedAsync(await PublishAsync(
            new TicketCreated(Guid.NewGuid(), "TECHNICAL", await IdAsync(Parent(1))), Parent(1)), 2);
        Assert.Equal([Demo.Email(Role.CentreAdmin), Demo.Email(Role.Supervisor)], created.Keys.Order());
        Assert.All(created.Values, body => Assert.Equal("A new technical request was raised.", body));

        var escalated = await NotifiedAsync(await PublishAsync(
            new TicketEscalated(Guid.NewGuid(), "No reply within 24 hours"), Demo.Email(Role.Supervisor)), 2);
        Assert.All(escalated.Values, body => Assert.Equal("A request was escalated: No reply within 24 hours.", body));
    }

    [Fact]
    public async Task Check_in_and_out_tell_the_parents_the_local_time()
    {
        var noah = await IdAsync(Demo.Student(2));
        var arrived = new DateTime(2026, 11, 25, 15, 55, 0, DateTimeKind.Utc);
        var checkin = await NotifiedAsync(await PublishAsync(new CheckinRecorded(noah, arrived), Demo.Email(Role.Receptionist)), 1);
        Assert.Equal([Parent(1)], checkin.Keys);
        Assert.Equal($"Noah Patel checked in at {London(arrived)}.", checkin[Parent(1)]);

        var left = new DateTime(2026, 6, 10, 17, 5, 0, DateTimeKind.Utc);
        var checkout = await NotifiedAsync(await PublishAsync(new CheckoutRecorded(noah, left), Demo.Email(Role.Receptionist)), 1);
        Assert.Equal("Noah Patel checked out at 18:05.", checkout[Parent(1)]);
    }

    [Fact]
    public async Task Overdue_homework_tells_the_student_and_parents_what_and_how_late()
    {
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));
        var ella = await IdAsync(Demo.Student(1));
        var homework = (await student.GetAsync($"/api/v1/homework?studentId={ella}")).Data.EnumerateArray().First();
        var title = homework.GetProperty("exerciseTitle").GetString();
        var notified = await NotifiedAsync(await PublishAsync(
            new HomeworkOverdue(homework.GetProperty("id").GetGuid(), ella, 2), Demo.Email(Role.CentreAdmin)), 2);
        Assert.Equal($"Your homework {title} is 2 days overdue.", notified[Demo.Student(1)]);
        Assert.Equal($"Ella Thompson's homework {title} is 2 days overdue.", notified[Parent(1)]);
    }
}

public sealed class NotificationRoutingTestsOnSqlite(SqliteNotificationsApp app) : NotificationRoutingTests(() => app.Host), IClassFixture<SqliteNotificationsApp>;

public sealed class NotificationRoutingTestsOnPostgres(PostgresNotificationsApp app) : NotificationRoutingTests(() => app.Host), IClassFixture<PostgresNotificationsApp>;
