using System.Net;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Realtime;

/// <summary>Presence is ephemeral, but what was saved comes back: a restarted app rebuilds the room from the database.</summary>
public abstract class RoomRestartTests(Provider provider, PostgresCluster cluster)
{
    [Fact]
    public async Task After_a_restart_the_room_still_has_its_raised_hands_attendance_and_work()
    {
        if (provider == Provider.Postgres && cluster.UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
        var clock = TestClock.WednesdayNoon();
        var database = AppHost.NewDatabase(provider);
        LiveLesson lesson;
        Guid requestId;
        RoomClient stillOpen;
        await using (var before = await AppHost.StartAsync(provider, cluster, database, services: s => s.AddSingleton<TimeProvider>(clock)))
        {
            lesson = await LiveLesson.CreateAsync(before, clock, 1, 2);
            using var tutor = await TestData.WithTokenAsync(before, Academic.Tutor);
            using var student = await TestData.WithTokenAsync(before, Demo.Student(1));
            await using var studentRoom = await RoomClient.JoinAsync(before, student, lesson.SessionId);
            await studentRoom.SendAsync("student:help_request", new { message = "Still stuck" });
            requestId = (await studentRoom.PayloadAsync("help:updated")).GetProperty("requestId").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{lesson.SessionId}/attendance", new { studentId = lesson.Students[2], status = "ABSENT" })).Status);
            var exercise = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(before, "maths")}")).Data.GetProperty("exerciseId").GetGuid();
            Assert.Equal(HttpStatusCode.Created, (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Status);
            stillOpen = await RoomClient.JoinAsync(before, tutor, lesson.SessionId);
            await stillOpen.NextAsync("session:sync");
        }
        // Clients still connected when the app stops are told so (1001), and reconnect.
        Assert.Equal(1001, await stillOpen.ClosedAsync());
        await stillOpen.DisposeAsync();

        await using var after = await AppHost.StartAsync(provider, cluster, database, services: s => s.AddSingleton<TimeProvider>(clock));
        using var tutorAgain = await TestData.WithTokenAsync(after, Academic.Tutor);
        await using var tutorRoom = await RoomClient.JoinAsync(after, tutorAgain, lesson.SessionId);
        var sync = await tutorRoom.PayloadAsync("session:sync");
        var ella = sync.GetProperty("students").GetProperty(lesson.Students[1].ToString());
        Assert.Equal(requestId, ella.GetProperty("help").GetProperty("requestId").GetGuid());
        Assert.Equal("Still stuck", ella.GetProperty("help").GetProperty("message").GetString());
        Assert.Equal("OFFLINE", ella.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, ella.GetProperty("exerciseId").ValueKind);
        Assert.Equal("ABSENT", sync.GetProperty("students").GetProperty(lesson.Students[2].ToString()).GetProperty("attendance").GetString());
        Assert.Equal(requestId, Assert.Single(sync.GetProperty("helpRequests").EnumerateArray()).GetProperty("id").GetGuid());

        // The rebuilt room is live: the tutor acknowledges the request that survived.
        await tutorRoom.SendAsync("tutor:help_acknowledge", new { requestId });
        await tutorRoom.NextAsync("help:updated", p => p.GetProperty("status").GetString() == "ACKNOWLEDGED");
    }
}

public sealed class RoomRestartTestsOnSqlite(PostgresCluster cluster) : RoomRestartTests(Provider.Sqlite, cluster);

public sealed class RoomRestartTestsOnPostgres(PostgresCluster cluster) : RoomRestartTests(Provider.Postgres, cluster);
