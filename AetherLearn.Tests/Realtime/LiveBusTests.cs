using System.Collections.Concurrent;
using System.Net;
using AetherLearn.Core.Common;
using AetherLearn.Core.Notifications;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Tests.Notifications;
using AetherLearn.Web.Gamification;
using AetherLearn.Web.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Realtime;

/// <summary>
/// The live bus is the one route between nodes for everything that fans out (ADR 0016): two nodes on one PostgreSQL
/// database, joined by nothing but a bus the test gives both (<see cref="WireBus"/>: JSON on a Redis bus's channels),
/// reach each other's rooms, notification streams, bells and XP feeds, and wake each other's dispatcher. So a Redis bus
/// is one class implementing <see cref="ILiveBus"/>.
/// </summary>
public sealed class LiveBusTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Two_nodes_joined_only_by_the_bus_reach_each_others_rooms_streams_bells_and_xp_feeds_and_wake_each_others_dispatcher()
    {
        if (cluster.UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
        var clock = TestClock.WednesdayNoon();
        var database = AppHost.NewDatabase(Provider.Postgres);
        await using var wire = new WireBus();
        void Node(IServiceCollection s)
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<ILiveBus>(wire);
        }
        // Node A serves people and dispatches no events; node B dispatches them, polling once in ten minutes: an event
        // raised on A is handled within this test only if A's wake-up reaches B's dispatcher, and every notification and
        // XP award is made on B, so what A's pages hear of them came over the bus.
        await using var nodeA = await AppHost.StartAsync(Provider.Postgres, cluster, database,
            settings: new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" }, services: Node);
        await using var nodeB = await AppHost.StartAsync(Provider.Postgres, cluster, database,
            settings: new Dictionary<string, string?> { ["Outbox:PollMilliseconds"] = "600000" }, services: Node);
        var lesson = await LiveLesson.CreateAsync(nodeA, clock, 1, 2);
        var ella = lesson.Students[1];
        var parentEmail = $"parent1@{Demo.Northside}.aetherlearn.test";
        var parentId = await Academic.UserIdAsync(nodeA, parentEmail);

        // Node B: the tutor in the room. Node A: Ella's parent's stream and bell, and Ella's XP chip (what the bell and the
        // chip listen to).
        using var tutor = await TestData.WithTokenAsync(nodeB, Academic.Tutor);
        await using var tutorRoom = await RoomClient.JoinAsync(nodeB, tutor, lesson.SessionId);
        await tutorRoom.NextAsync("session:sync");
        using var parent = await TestData.WithTokenAsync(nodeA, parentEmail);
        await using var stream = await SseClient.OpenAsync(parent.Http, "/api/v1/notifications/stream");
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        var bell = new ConcurrentQueue<NotificationView>();
        using var bellFeed = nodeA.Services.GetRequiredService<NotificationFeed>().Subscribe(parentId, bell.Enqueue);
        var xp = new TaskCompletionSource<XpAwardedNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var chip = nodeA.Services.GetRequiredService<ProgressFeed>().Subscribe(ella, n => xp.TrySetResult(n));

        // Room signals, A to B: Ella joins on node A and raises her hand; the tutor on node B sees her arrive and the hand.
        using var student = await TestData.WithTokenAsync(nodeA, Demo.Student(1));
        await using var studentRoom = await RoomClient.JoinAsync(nodeA, student, lesson.SessionId);
        await studentRoom.ArrivedAsync("session:welcome");
        await tutorRoom.NextAsync("student:update", p => p.GetProperty("studentId").GetGuid() == ella && p.GetProperty("status").GetString() == "ACTIVE");
        await studentRoom.SendAsync("student:help_request", new { message = "Across the nodes" });
        Assert.Equal("Across the nodes", (await tutorRoom.PayloadAsync("help:new")).GetProperty("message").GetString());

        // A wake-up, A to B: the tutor marks Ella late on node A; B's dispatcher handles it at once (not in ten minutes).
        // Then a notification and an XP award made on B reach node A's stream, bell and chip.
        using var tutorOnA = await TestData.WithTokenAsync(nodeA, Academic.Tutor);
        Assert.Equal(HttpStatusCode.OK, (await tutorOnA.PostAsync($"/api/v1/sessions/{lesson.SessionId}/attendance", new { studentId = ella, status = "LATE" })).Status);
        var late = await stream.NextAsync(e => e.Json.GetProperty("body").GetString()!.StartsWith("Ella Thompson arrived late"), TimeSpan.FromSeconds(30));
        Assert.Contains(bell, n => n.Id.ToString() == late.Id);
        var award = await xp.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ella, award.StudentId);
        Assert.True(award.Amount > 0);

        // Every message of every feed went over the wire and was read back whole.
        Assert.Empty(wire.Failures);
        Assert.All(new[] { "rooms", "notifications", "progress", "wake" }, topic => Assert.True(wire.Published(topic) > 0, topic));
    }
}
