using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Realtime;

public abstract partial class LiveRoomSocketTests
{
    [Fact]
    public async Task A_flooding_client_is_slowed_then_closed_while_the_others_carry_on()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 1, 2);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        var (_, flood) = await live.JoinAsync(1);
        var (_, calmRoom) = await live.JoinAsync(2);

        var beat = """{"type":"student:heartbeat","payload":{"isActive":true,"currentExerciseId":null,"progressPct":0},"timestamp":0,"senderId":"x"}""";
        try { for (var i = 0; i < 400 && flood.State == WebSocketState.Open; i++) { await flood.SendRawAsync(beat); } }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { /* the server may close mid-flood */ }

        Assert.Equal(4429, await flood.ClosedAsync());
        Assert.True(flood.Received.Any(m => m.GetProperty("type").GetString() == "error" && m.GetProperty("payload").GetProperty("code").GetString() == "RATE_LIMITED"),
            string.Join(" | ", flood.Received.Select(m => m.GetRawText())));
        await tutorRoom.NextAsync("student:left", About(lesson.Students[1]));
        await calmRoom.SendAsync("student:heartbeat", new { isActive = false, currentExerciseId = (Guid?)null, progressPct = 0 });
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[2])(p) && p.GetProperty("status").GetString() == "IDLE");
    }

    [Fact]
    public async Task Connections_without_a_valid_token_for_the_session_are_closed_with_documented_codes()
    {
        var lesson = await LiveLesson.CreateAsync(Host, Clock, 1);
        var other = await LiveLesson.CreateAsync(Host, Clock, 2);
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));

        await using (var none = await RoomClient.ConnectAsync(Host, lesson.SessionId, null)) { Assert.Equal(4401, await none.ClosedAsync()); }
        await using (var forged = await RoomClient.ConnectAsync(Host, lesson.SessionId, "bm90LWEtdG9rZW4")) { Assert.Equal(4401, await forged.ClosedAsync()); }
        var token = (await student.GetAsync($"/api/v1/sessions/{lesson.SessionId}/ws-token")).Data.GetProperty("token").GetString();
        await using (var elsewhere = await RoomClient.ConnectAsync(Host, other.SessionId, token)) { Assert.Equal(4403, await elsewhere.ClosedAsync()); }

        // Not enrolled, a parent, another centre's tutor: no token at all.
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/api/v1/sessions/{other.SessionId}/ws-token")).Status);
        using var parent = await TestData.WithTokenAsync(Host, Demo.Email(AetherLearn.Core.Common.Security.Role.Parent));
        Assert.Equal(HttpStatusCode.Forbidden, (await parent.GetAsync($"/api/v1/sessions/{lesson.SessionId}/ws-token")).Status);
        using var riverside = await TestData.WithTokenAsync(Host, Demo.Email(AetherLearn.Core.Common.Security.Role.Teacher, Demo.Riverside));
        Assert.Equal(HttpStatusCode.NotFound, (await riverside.GetAsync($"/api/v1/sessions/{lesson.SessionId}/ws-token")).Status);

        // Signing out ends the sign-in the tokens came from: an open socket is closed, an unused token no longer opens the room.
        await using var open = await RoomClient.JoinAsync(Host, student, lesson.SessionId);
        await open.NextAsync("session:welcome");
        var late = (await student.GetAsync($"/api/v1/sessions/{lesson.SessionId}/ws-token")).Data.GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await student.PostAsync("/api/auth/signout")).Status);
        Assert.Equal(4401, await open.ClosedAsync());
        await using (var signedOut = await RoomClient.ConnectAsync(Host, lesson.SessionId, late)) { Assert.Equal(4401, await signedOut.ClosedAsync()); }

        using var plain = Host.Client();
        var notSocket = await plain.GetAsync($"/ws/session/{lesson.SessionId}?token={late}");
        Assert.Equal(HttpStatusCode.BadRequest, notSocket.Status);
        Assert.StartsWith("This endpoint speaks WebSocket", notSocket.Error);
    }

    [Fact]
    public async Task A_student_who_drops_and_reconnects_finds_their_hand_still_up_and_presence_follows_heartbeats()
    {
        await using var live = await LiveClass.OpenAsync(Host, Clock, 4);
        var (lesson, tutor, tutorRoom) = (live.Lesson, live.Tutor, live.TutorRoom);
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(4));
        var first = await RoomClient.JoinAsync(Host, student, lesson.SessionId);
        await first.SendAsync("student:help_request", new { message = "Back in a tick" });
        await tutorRoom.NextAsync("help:new");

        first.Abort();
        await tutorRoom.NextAsync("student:left", About(lesson.Students[4]));
        await first.DisposeAsync();

        await using var second = await RoomClient.JoinAsync(Host, student, lesson.SessionId);
        await tutorRoom.NextAsync("student:joined", About(lesson.Students[4]));
        var you = (await second.PayloadAsync("session:welcome")).GetProperty("you");
        Assert.Equal("OPEN", you.GetProperty("help").GetProperty("status").GetString());
        Assert.Equal("Back in a tick", you.GetProperty("help").GetProperty("message").GetString());

        // Silence makes the student idle, then offline (the test app's thresholds are 2 s and 4 s).
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[4])(p) && p.GetProperty("status").GetString() == "IDLE");
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[4])(p) && p.GetProperty("status").GetString() == "OFFLINE");
        await second.SendAsync("student:heartbeat", new { isActive = true, currentExerciseId = (Guid?)null, progressPct = 0 });
        await tutorRoom.NextAsync("student:update", p => About(lesson.Students[4])(p) && p.GetProperty("status").GetString() == "ACTIVE"
            && p.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task A_socket_token_opens_one_socket_only_and_reconnecting_takes_a_fresh_token()
    {
        var lesson = await LiveLesson.CreateAsync(Host, Clock, 3);
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(3));
        var token = (await student.GetAsync($"/api/v1/sessions/{lesson.SessionId}/ws-token")).Data.GetProperty("token").GetString();

        await using (var first = await RoomClient.ConnectAsync(Host, lesson.SessionId, token))
        {
            await first.NextAsync("session:welcome");
            // The same token again, while the first socket is open and after it closed: refused both times.
            await using (var replay = await RoomClient.ConnectAsync(Host, lesson.SessionId, token))
            {
                Assert.Equal(4401, await replay.ClosedAsync());
                Assert.Contains("already used", replay.CloseReason);
            }
        }
        await using (var replayLater = await RoomClient.ConnectAsync(Host, lesson.SessionId, token)) { Assert.Equal(4401, await replayLater.ClosedAsync()); }

        // Reconnecting the documented way (a new token for every connection) works.
        await using var reconnected = await RoomClient.JoinAsync(Host, student, lesson.SessionId);
        await reconnected.NextAsync("session:welcome");
    }

    [Fact]
    public async Task A_person_holds_at_most_ten_sockets_on_a_node_and_the_eleventh_is_closed_with_4409()
    {
        // Student 5 is in no other test of this class: no socket of theirs is still closing from an earlier test.
        var lesson = await LiveLesson.CreateAsync(Host, Clock, 5);
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(5));
        var sockets = new List<RoomClient>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var socket = await RoomClient.JoinAsync(Host, student, lesson.SessionId);
                sockets.Add(socket);
                await socket.NextAsync("session:welcome");
            }
            await using (var eleventh = await RoomClient.JoinAsync(Host, student, lesson.SessionId))
            {
                Assert.Equal(4409, await eleventh.ClosedAsync());
                Assert.StartsWith("Too many open sockets", eleventh.CloseReason);
            }
            Assert.All(sockets, s => Assert.Equal(System.Net.WebSockets.WebSocketState.Open, s.State));

            // A closed socket gives its place back (once the server has seen it go).
            await sockets[0].DisposeAsync();
            sockets.RemoveAt(0);
            await Eventually.UntilAsync(async () =>
            {
                var again = await RoomClient.JoinAsync(Host, student, lesson.SessionId);
                if (await WelcomedOrClosedAsync(again)) { sockets.Add(again); return true; }
                await again.DisposeAsync();
                return false;
            }, "a socket's place to be given back");
        }
        finally
        {
            foreach (var socket in sockets) { await socket.DisposeAsync(); }
        }
    }

    /// <summary>True when the room welcomed the socket, false when the server closed it instead.</summary>
    private static async Task<bool> WelcomedOrClosedAsync(RoomClient socket)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (socket.Received.Any(m => m.GetProperty("type").GetString() == "session:welcome")) { return true; }
            if (socket.State is not System.Net.WebSockets.WebSocketState.Open) { return false; }
            await Task.Delay(20);
        }
        Assert.Fail("The socket was neither welcomed nor closed");
        return false;
    }
}
