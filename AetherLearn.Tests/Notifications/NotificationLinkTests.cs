using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Notifications;
using AetherLearn.Core.Sessions;
using AetherLearn.Tests.Events;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Notifications;

/// <summary>
/// Each notification carries the page it is about, per reader: the student's marked work opens its review, a parent's
/// news the child's tab, homework the exercise, badges the achievements — not every reader's home page.
/// </summary>
public abstract class NotificationLinkTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    private static string Parent(int n) => $"parent{n}@{Demo.Northside}.aetherlearn.test";

    private async Task<Guid> IdAsync(string email) => await Academic.UserIdAsync(Host, email);

    /// <summary>Publishes as the producing module does: in the centre's scope, through the outbox, after commit.</summary>
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

    /// <summary>The links of the notifications an event made, by recipient e-mail, once the router has run.</summary>
    private async Task<Dictionary<string, string?>> LinksAsync(Guid eventId, int expected)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var db = Host.Db();
            var rows = await db.Notifications.Where(n => n.SourceEventId == eventId).Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.Email, n.Link }).ToListAsync();
            if (rows.Count >= expected) { return rows.ToDictionary(r => r.Email!, r => r.Link); }
            await Task.Delay(100);
        }
        Assert.Fail($"Event {eventId} did not make {expected} notification(s)");
        return [];
    }

    [Fact]
    public async Task A_marked_exercise_opens_its_review_for_the_student_and_the_childs_tab_for_the_parent()
    {
        var isla = await IdAsync(Demo.Student(3));
        var attempt = Guid.NewGuid();
        var links = await LinksAsync(await PublishAsync(new ExerciseGraded(attempt, 80, null, isla), Demo.Email(Role.Assessor)), 2);
        Assert.Equal($"/student/attempts/{attempt}", links[Demo.Student(3)]);
        Assert.Equal($"/parent?child={isla}", links[Parent(2)]);

        // The API hands the page to the reader with the notification.
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(3));
        var listed = (await student.GetAsync("/api/v1/notifications?limit=100")).Data.EnumerateArray()
            .First(n => n.GetProperty("type").GetString() == "exercise.graded" && n.GetProperty("link").GetString()!.EndsWith(attempt.ToString()));
        Assert.Equal($"/student/attempts/{attempt}", listed.GetProperty("link").GetString());
    }

    [Fact]
    public async Task A_late_arrival_or_absence_opens_the_childs_tab_for_the_parent()
    {
        var noah = await IdAsync(Demo.Student(2));
        var tutor = await IdAsync(Academic.Tutor);
        var late = await LinksAsync(await PublishAsync(new AttendanceRecorded(noah, Guid.NewGuid(), AttendanceStatus.Late, tutor), Academic.Tutor), 1);
        Assert.Equal(new Dictionary<string, string?> { [Parent(1)] = $"/parent?child={noah}" }, late);
        var absent = await LinksAsync(await PublishAsync(new AttendanceRecorded(noah, Guid.NewGuid(), AttendanceStatus.Absent, tutor), Academic.Tutor), 1);
        Assert.Equal($"/parent?child={noah}", absent[Parent(1)]);
    }

    [Fact]
    public async Task Homework_opens_the_exercise_for_the_student_the_childs_tab_for_the_parent_and_the_tutors_home_when_handed_in()
    {
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));
        var ella = await IdAsync(Demo.Student(1));
        var homework = (await student.GetAsync($"/api/v1/homework?studentId={ella}")).Data.EnumerateArray().First();
        var homeworkId = homework.GetProperty("id").GetGuid();
        var exercise = homework.GetProperty("exerciseId").GetGuid();

        var assigned = await LinksAsync(await PublishAsync(new HomeworkAssigned(homeworkId, ella, exercise, DateTime.UtcNow.AddDays(2)), Academic.Tutor), 2);
        Assert.Equal($"/student/exercises/{exercise}", assigned[Demo.Student(1)]);
        Assert.Equal($"/parent?child={ella}", assigned[Parent(1)]);

        // The overdue payload names only the homework: its exercise is looked up.
        var overdue = await LinksAsync(await PublishAsync(new HomeworkOverdue(homeworkId, ella, 2), Demo.Email(Role.CentreAdmin)), 2);
        Assert.Equal($"/student/exercises/{exercise}", overdue[Demo.Student(1)]);
        Assert.Equal($"/parent?child={ella}", overdue[Parent(1)]);

        // No tutor page shows handed-in homework yet: the setter's home, where their lessons and students are.
        var submitted = await LinksAsync(await PublishAsync(
            new HomeworkSubmitted(homeworkId, ella, Guid.NewGuid(), DateTime.UtcNow, DateTime.UtcNow.AddDays(1), OnTime: true), Demo.Student(1)), 1);
        var (setter, link) = Assert.Single(submitted);
        await using var db = Host.Db();
        var role = await db.Users.Where(u => u.Email == setter).Select(u => u.Role).SingleAsync();
        Assert.Equal(NotificationLinks.HomeOf(role), link);
        Assert.NotEqual("/notifications", link);
    }

    [Fact]
    public async Task Badges_levels_and_streaks_open_the_achievements_and_a_parent_the_childs()
    {
        var leo = await IdAsync(Demo.Student(4));
        var badge = await LinksAsync(await PublishAsync(new BadgeEarned(leo, "STREAK_7", "Week Warrior"), Demo.Student(4)), 2);
        Assert.Equal("/achievements", badge[Demo.Student(4)]);
        Assert.Equal($"/parent/children/{leo}/progress", badge[Parent(3)]);
        var levelUp = await LinksAsync(await PublishAsync(new LevelUp(leo, 3, "Explorer"), Demo.Student(4)), 1);
        Assert.Equal("/achievements", levelUp[Demo.Student(4)]);
        var milestone = await LinksAsync(await PublishAsync(new StreakMilestone(leo, "DAILY_PRACTICE", 30), Demo.Student(4)), 1);
        Assert.Equal("/achievements", milestone[Demo.Student(4)]);
    }

    [Fact]
    public async Task Invoices_open_the_parents_home_and_requests_each_staff_readers_home()
    {
        var hannah = await IdAsync(Parent(1));
        var invoice = await LinksAsync(await PublishAsync(new InvoiceCreated(Guid.NewGuid(), hannah, 10m), Demo.Email(Role.Finance)), 1);
        Assert.Equal("/parent", invoice[Parent(1)]);
        var ticket = await LinksAsync(await PublishAsync(new TicketCreated(Guid.NewGuid(), "TECHNICAL", hannah), Parent(1)), 2);
        Assert.Equal("/admin", ticket[Demo.Email(Role.CentreAdmin)]);
        Assert.Equal("/supervisor", ticket[Demo.Email(Role.Supervisor)]);
    }
}

public sealed class NotificationLinkTestsOnSqlite(SqliteNotificationsApp app) : NotificationLinkTests(() => app.Host), IClassFixture<SqliteNotificationsApp>;

public sealed class NotificationLinkTestsOnPostgres(PostgresNotificationsApp app) : NotificationLinkTests(() => app.Host), IClassFixture<PostgresNotificationsApp>;
