using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>A real WebSocket client of the live-session room, recording everything it receives.</summary>
public sealed class RoomClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly List<JsonElement> _received = [];
    private readonly HashSet<int> _taken = [];
    private readonly Task _receiving;

    private RoomClient(Guid sessionId, ClientWebSocket socket)
    {
        SessionId = sessionId;
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    public Guid SessionId { get; }
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;
    public string? CloseReason => _socket.CloseStatusDescription;
    public WebSocketState State => _socket.State;

    public IReadOnlyList<JsonElement> Received
    {
        get { lock (_received) { return _received.ToList(); } }
    }

    /// <summary>Gets a token from <c>/ws-token</c> as <paramref name="user"/> and connects with it.</summary>
    public static async Task<RoomClient> JoinAsync(AppHost host, ApiClient user, Guid sessionId)
    {
        var issued = await user.GetAsync($"/api/v1/sessions/{sessionId}/ws-token");
        Assert.True(issued.Status == System.Net.HttpStatusCode.OK, issued.ToString());
        return await ConnectAsync(host, sessionId, issued.Data.GetProperty("token").GetString());
    }

    public static async Task<RoomClient> ConnectAsync(AppHost host, Guid sessionId, string? token)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = $"/ws/session/{sessionId}", Query = token is null ? "" : $"token={Uri.EscapeDataString(token)}" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(uri, timeout.Token);
        return new RoomClient(sessionId, socket);
    }

    public Task SendAsync(string type, object? payload = null) =>
        SendRawAsync(JsonSerializer.Serialize(new { type, payload = payload ?? new { }, timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), senderId = "test" }));

    public async Task SendRawAsync(string text, WebSocketMessageType kind = WebSocketMessageType.Text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), kind, true, timeout.Token);
    }

    /// <summary>The next message of <paramref name="type"/> (matching <paramref name="where"/>) not taken before; fails after the timeout.</summary>
    public async Task<JsonElement> NextAsync(string type, Func<JsonElement, bool>? where = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (_received)
            {
                for (var i = 0; i < _received.Count; i++)
                {
                    var message = _received[i];
                    if (_taken.Contains(i) || message.GetProperty("type").GetString() != type) { continue; }
                    if (where is not null && !where(message.GetProperty("payload"))) { continue; }
                    _taken.Add(i);
                    return message;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No '{type}' message arrived; received: {string.Join(" | ", Received.Select(m => m.GetRawText()))}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until a message of <paramref name="type"/> has arrived, leaving it for <see cref="NextAsync"/>.</summary>
    public async Task ArrivedAsync(string type)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Received.Any(m => m.GetProperty("type").GetString() == type))
        {
            if (DateTime.UtcNow > deadline) { Assert.Fail($"No '{type}' message arrived"); }
            await Task.Delay(20);
        }
    }

    public async Task<JsonElement> PayloadAsync(string type, Func<JsonElement, bool>? where = null) => (await NextAsync(type, where)).GetProperty("payload");

    /// <summary>
    /// Asserts that no message of <paramref name="types"/> has arrived once a probe sent after the action has: the room applies
    /// everything on one loop, in order, and writes each socket's messages in order, so whatever the action sent this client
    /// arrived before the probe's <paramref name="probeType"/> message. No fixed wait that a slow machine outruns.
    /// </summary>
    public async Task AssertNoneAsync(Func<Task> probe, string probeType, Func<JsonElement, bool> probeMatch, params string[] types)
    {
        await probe();
        await NextAsync(probeType, probeMatch);
        Assert.DoesNotContain(Received, m => types.Contains(m.GetProperty("type").GetString()));
    }

    /// <summary>Waits for the server to close the socket and returns its close code.</summary>
    public async Task<int?> ClosedAsync(TimeSpan? timeout = null)
    {
        await _receiving.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
        return (int?)_socket.CloseStatus;
    }

    /// <summary>Drops the connection without a close handshake, as a pulled network cable would.</summary>
    public void Abort() => _socket.Abort();

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        if (_socket.State == WebSocketState.CloseReceived) { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); }
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                var element = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                lock (_received) { _received.Add(element); }
            }
        }
        catch (WebSocketException) { }
        catch (ObjectDisposedException) { }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                // The receive loop reads the server's answer; a second reader is not allowed.
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception) { _socket.Abort(); }
        try { await _receiving.WaitAsync(TimeSpan.FromSeconds(3)); } catch (Exception) { }
        _socket.Dispose();
    }
}
