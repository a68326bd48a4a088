using System.Net;
using AetherLearn.Core.Progression;
using AetherLearn.Core;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Events;

public abstract class OutboxTests(Provider provider, PostgresCluster cluster)
{
    private readonly EventRecorder _recorder = new();

    /// <summary>An event type no module handles (a content override), given a handler of its own here: the probe.</summary>
    private const string Probe = EventTypes.ContentAssigned;

    /// <summary>
    /// Waits until an event published after now (one per node given; whichever node claims it) is delivered: the dispatcher claims the
    /// oldest due events first, so a wrong redelivery of an earlier one would have happened by then. No fixed wait: a slow
    /// machine only waits longer, and a fast one does not pass by not looking long enough.
    /// </summary>
    protected async Task DispatchersCaughtUpAsync(EventRecorder recorder, params AppHost[] nodes)
    {
        foreach (var node in nodes)
        {
            var probe = await PublishAsync(node, Probe);
            await EventRecorder.WaitUntilAsync(() => recorder.Successes("probe", probe) == 1, "a probe event published after it was delivered");
        }
    }

    private Task CaughtUpAsync(AppHost host) => DispatchersCaughtUpAsync(_recorder, host);

    protected async Task<AppHost> StartAsync(Action<EventHandlerRegistry> handlers, string? database = null, int maxAttempts = 8, EventRecorder? recorder = null)
    {
        if (provider == Provider.Postgres && cluster.UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
        return await AppHost.StartAsync(provider, cluster, database,
            new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = maxAttempts.ToString() },
            services => services.AddEventHandlers(r => handlers(r.OnEvent(Probe, "probe", (recorder ?? _recorder).Handler("probe")))));
    }

    /// <summary>Publishes one event of <paramref name="type"/> (about nobody in the demo data) the way a module does.</summary>
    protected static Task<Guid> PublishAsync(AppHost host, string type = EventTypes.SessionStarted) => type switch
    {
        EventTypes.SessionStarted => PublishAsync(host, new SessionStarted(Guid.NewGuid(), Guid.NewGuid(), null)),
        EventTypes.ContentAssigned => PublishAsync(host, new ContentAssigned(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Probe")),
        EventTypes.AttendanceRecorded => PublishAsync(host, new AttendanceRecorded(Guid.NewGuid(), Guid.NewGuid(), AttendanceStatus.Attending, Guid.NewGuid())),
        EventTypes.HomeworkAssigned => PublishAsync(host, new HomeworkAssigned(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), DateTime.UtcNow.AddDays(7))),
        EventTypes.CheckinRecorded => PublishAsync(host, new CheckinRecorded(Guid.NewGuid(), DateTime.UtcNow)),
        EventTypes.XpAwarded => PublishAsync(host, new XpAwarded(Guid.NewGuid(), 10, "ATTENDANCE", Guid.NewGuid().ToString())),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No sample event of this type"),
    };

    /// <summary>Publishes one event the way a module does: in the same SaveChanges as a change, as a Northside user.</summary>
    protected static async Task<Guid> PublishAsync<TEvent>(AppHost host, TEvent domainEvent) where TEvent : IDomainEvent<TEvent>
    {
        await using var scope = host.Services.CreateAsyncScope();
        var northside = await NorthsideAsync(host);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbSessionFactory>()
            .CreateSystem<ICentresDb>(new Actor(null, "tests", northside, Role.Teacher, null));
        db.Publish(domainEvent);
        await db.SaveChangesAsync();
        await using var check = host.Db();
        return await check.OutboxMessages.OrderByDescending(m => m.Id).Select(m => m.Id).FirstAsync();
    }

    private static async Task<Guid> NorthsideAsync(AppHost host)
    {
        await using var db = host.Db();
        return await db.Centres.Where(c => c.Slug == Demo.Northside).Select(c => c.Id).SingleAsync();
    }

    [Fact]
    public async Task Every_handler_receives_an_event_once()
    {
        await using var host = await StartAsync(r => r
            .OnEvent(EventTypes.SessionStarted, "notify-parents", _recorder.Handler("notify-parents"))
            .OnEvent(EventTypes.SessionStarted, "dashboard", _recorder.Handler("dashboard"))
            .OnEvent(EventTypes.SessionEnded, "analytics", _recorder.Handler("analytics")));

        var id = await PublishAsync(host);
        await EventRecorder.WaitUntilAsync(() => _recorder.Successes("notify-parents", id) == 1 && _recorder.Successes("dashboard", id) == 1, "both handlers ran");
        await CaughtUpAsync(host);

        Assert.Equal(1, _recorder.Calls("notify-parents", id));
        Assert.Equal(1, _recorder.Calls("dashboard", id));
        Assert.Equal(0, _recorder.Successes("analytics"));
        await using var db = host.Db();
        Assert.NotNull((await db.OutboxMessages.SingleAsync(m => m.Id == id)).ProcessedAt);
    }

    [Fact]
    public async Task After_a_restart_a_handler_that_already_succeeded_is_not_run_again()
    {
        var failInFirstRun = true;
        var database = AppHost.NewDatabase(provider);
        void Handlers(EventHandlerRegistry r) => r
            .OnEvent(EventTypes.SessionStarted, "quick", _recorder.Handler("quick"))
            .OnEvent(EventTypes.SessionStarted, "flaky", _recorder.Handler("flaky", (_, _) => !failInFirstRun));

        Guid id;
        await using (var first = await StartAsync(Handlers, database))
        {
            id = await PublishAsync(first);
            await EventRecorder.WaitUntilAsync(() => _recorder.Successes("quick", id) == 1 && _recorder.Calls("flaky", id) >= 1, "first run delivered");
        }

        failInFirstRun = false;
        await using var second = await StartAsync(Handlers, database);
        await EventRecorder.WaitUntilAsync(() => _recorder.Successes("flaky", id) == 1, "the failed handler succeeded after the restart");
        await CaughtUpAsync(second);

        Assert.Equal(1, _recorder.Calls("quick", id));
        Assert.Equal(1, _recorder.Successes("flaky", id));
    }

    [Fact]
    public async Task A_failing_handler_is_retried_with_backoff_and_does_not_hold_up_the_others()
    {
        await using var host = await StartAsync(r => r
            .OnEvent(EventTypes.AttendanceRecorded, "sometimes-down", _recorder.Handler("sometimes-down", (_, attempt) => attempt >= 3))
            .OnEvent(EventTypes.AttendanceRecorded, "healthy", _recorder.Handler("healthy")));

        var first = await PublishAsync(host, EventTypes.AttendanceRecorded);
        var second = await PublishAsync(host, EventTypes.AttendanceRecorded);
        await EventRecorder.WaitUntilAsync(() => _recorder.Successes("healthy", first) == 1 && _recorder.Successes("healthy", second) == 1, "the healthy handler got both", 5000);
        await EventRecorder.WaitUntilAsync(() => _recorder.Successes("sometimes-down", first) == 1 && _recorder.Successes("sometimes-down", second) == 1, "the failing handler recovered");

        Assert.Equal(3, _recorder.Calls("sometimes-down", first));
        var times = _recorder.Times("sometimes-down", first);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(90), "first retry waits the base delay");
        Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(190), "second retry waits twice as long");
        Assert.Equal(1, _recorder.Calls("healthy", first));
    }

    [Fact]
    public async Task A_handler_that_keeps_failing_is_dead_lettered_for_admins_and_can_be_retried()
    {
        var broken = true;
        await using var host = await StartAsync(r => r
            .OnEvent(EventTypes.HomeworkAssigned, "mailer", _recorder.Handler("mailer", (_, _) => !broken)), maxAttempts: 3);

        var id = await PublishAsync(host, EventTypes.HomeworkAssigned);
        await EventRecorder.WaitUntilAsync(() => _recorder.Calls("mailer", id) == 3, "three attempts");
        // Dead-lettered (its own delivery row says so), and a round after it: no fourth attempt.
        await Eventually.UntilAsync(async () =>
        {
            await using var db = host.Db();
            return await db.OutboxDeliveries.AnyAsync(d => d.MessageId == id && d.Handler == "mailer" && d.Status == DeliveryStatus.DeadLettered);
        }, "the delivery dead-lettered");
        await CaughtUpAsync(host);
        Assert.Equal(3, _recorder.Calls("mailer", id));

        using var admin = await TestData.WithTokenAsync(host, Demo.Email(Role.CentreAdmin));
        var letters = await admin.GetAsync("/api/v1/admin/dead-letters");
        var letter = Assert.Single(letters.Data.EnumerateArray());
        Assert.Equal("homework.assigned", letter.GetProperty("eventType").GetString());
        Assert.Equal("mailer", letter.GetProperty("handler").GetString());
        Assert.Equal(3, letter.GetProperty("attempts").GetInt32());
        Assert.Contains("mailer refused attempt 3", letter.GetProperty("lastError").GetString());

        using var otherCentre = await TestData.WithTokenAsync(host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        Assert.Empty((await otherCentre.GetAsync("/api/v1/admin/dead-letters")).Data.EnumerateArray());

        broken = false;
        var retried = await admin.PostAsync($"/api/v1/admin/dead-letters/{letter.GetProperty("deliveryId").GetGuid()}/retry");
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        await EventRecorder.WaitUntilAsync(() => _recorder.Successes("mailer", id) == 1, "the retried delivery succeeded");
        Assert.Empty((await admin.GetAsync("/api/v1/admin/dead-letters")).Data.EnumerateArray());
    }

    [Fact]
    public async Task A_row_stored_in_the_format_of_earlier_builds_reaches_the_typed_handler()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<(AttendanceRecorded Event, EventMetadata Meta)>();
        await using var host = await StartAsync(r => r.OnEvent<AttendanceRecorded>("typed", (e, meta, _, _) =>
        {
            received.Enqueue((e, meta));
            return Task.CompletedTask;
        }));
        var northside = await NorthsideAsync(host);
        var (student, session, tutor, correlation) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var at = new DateTime(2026, 11, 30, 16, 5, 0, DateTimeKind.Utc);
        // Written as earlier builds wrote it: the dotted type, and an anonymous object serialised camelCase with the enum in capitals.
        await using (var db = host.Db())
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Type = "attendance.recorded",
                Payload = $$"""{"studentId":"{{student}}","sessionId":"{{session}}","status":"LATE","markedBy":"{{tutor}}"}""",
                CorrelationId = correlation, CentreId = northside, UserId = tutor, OccurredAt = at,
            });
            await db.SaveChangesAsync();
        }

        await EventRecorder.WaitUntilAsync(() => !received.IsEmpty, "the stored row was delivered to the typed handler");
        var (e, meta) = Assert.Single(received);
        Assert.Equal(new AttendanceRecorded(student, session, AttendanceStatus.Late, tutor), e);
        Assert.Equal(new EventMetadata(correlation, northside, tutor, at), meta);
    }

    [Fact]
    public async Task An_event_is_never_published_for_a_change_that_was_rolled_back()
    {
        await using var host = await StartAsync(r => r.OnEvent(EventTypes.CheckinRecorded, "parents", _recorder.Handler("parents")));
        var northside = await NorthsideAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<IDbSessionFactory>();

        // 1. An explicit transaction that is rolled back.
        await using (var db = host.Db())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Publish(new CheckinRecorded(Guid.NewGuid(), DateTime.UtcNow));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        // 2. A change the database refuses (a second account with a taken e-mail) takes its event down with it.
        await using (var db = sessions.CreateSystem<IUsersDb>(new Actor(null, "tests", northside, Role.CentreAdmin, null)))
        {
            var taken = Demo.Email(Role.Teacher).ToUpperInvariant();
            db.Users.Add(new AppUser { DisplayName = "Duplicate", Email = "dup@x.test", NormalizedEmail = taken, UserName = "dup", CentreId = northside });
            db.Publish(new CheckinRecorded(Guid.NewGuid(), DateTime.UtcNow));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        // A committed event after them goes through; by then the dispatcher would have delivered anything the rollbacks left.
        var id = await PublishAsync(host, EventTypes.CheckinRecorded);
        await EventRecorder.WaitUntilAsync(() => _recorder.Successes("parents", id) == 1, "a committed event was delivered");
        await CaughtUpAsync(host);
        await using var check = host.Db();
        Assert.Equal([id], await check.OutboxMessages.Where(m => m.Type == EventTypes.CheckinRecorded).Select(m => m.Id).ToListAsync());
        Assert.Equal([id], _recorder.EventsSeenBy("parents"));
    }
}

public sealed class OutboxTestsOnSqlite(PostgresCluster cluster) : OutboxTests(Provider.Sqlite, cluster);

public sealed class OutboxTestsOnPostgres(PostgresCluster cluster) : OutboxTests(Provider.Postgres, cluster)
{
    [Fact]
    public async Task Two_nodes_dispatching_the_same_outbox_deliver_each_event_exactly_once()
    {
        var recorder = new EventRecorder();
        var database = AppHost.NewDatabase(Provider.Postgres);
        void Handlers(EventHandlerRegistry r) => r.OnEvent(EventTypes.XpAwarded, "leaderboard", recorder.Handler("leaderboard"));
        await using var nodeA = await StartAsync(Handlers, database, recorder: recorder);
        await using var nodeB = await StartAsync(Handlers, database, recorder: recorder);

        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++) { ids.Add(await PublishAsync(i % 2 == 0 ? nodeA : nodeB, EventTypes.XpAwarded)); }
        await EventRecorder.WaitUntilAsync(() => ids.All(id => recorder.Successes("leaderboard", id) >= 1), "all forty were delivered");
        await DispatchersCaughtUpAsync(recorder, nodeA, nodeB);

        Assert.All(ids, id => Assert.Equal(1, recorder.Calls("leaderboard", id)));
    }
}
