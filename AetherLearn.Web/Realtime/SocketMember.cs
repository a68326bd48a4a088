using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// A WebSocket client in a room. Reading and writing run separately: the room queues messages without waiting,
/// the writer sends them in order, and the reader checks size, rate and shape before anything reaches the room.
/// </summary>
internal sealed class SocketMember : RoomMember
{
    private readonly WebSocket _socket;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly Channel<ServerMessage> _outgoing;
    private (int Code, string Reason)? _close;

    // Token bucket for incoming messages, and the refusals counted towards closing a flooding client.
    private double _tokens;
    private long _lastRefill;
    private readonly Queue<long> _refusals = new();
    private long _lastRateError;

    public SocketMember(WsTicket ticket, WebSocket socket, RealtimeOptions options, TimeProvider clock) : base(ticket.Join, ticket.Principal)
    {
        _socket = socket;
        _options = options;
        _clock = clock;
        _tokens = options.MessageBurst;
        _lastRefill = clock.GetTimestamp();
        _outgoing = Channel.CreateBounded<ServerMessage>(new BoundedChannelOptions(options.SendQueueLimit) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public override void Deliver(ServerMessage message)
    {
        // A full queue (not one completed because the connection is ending) means the client is not reading.
        if (!_outgoing.Writer.TryWrite(message) && _close is null && _outgoing.Reader.Count >= _options.SendQueueLimit)
        {
            // A client that stops reading would hold the room's memory; it is let go and may reconnect.
            Stop(RoomCloseCodes.TooSlow, "Too many messages waiting: the client is not reading");
        }
    }

    /// <summary>Serves the connection until either side closes it.</summary>
    public async Task RunAsync(LiveRoom room, RoomCommandHandler handler, CancellationToken aborted)
    {
        var sending = SendLoopAsync(aborted);
        try { await ReceiveLoopAsync(room, handler, aborted); }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { /* the client went away */ }
        finally
        {
            _outgoing.Writer.TryComplete();
            try { await sending.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None); }
            catch (Exception) { /* closing anyway */ }
            await CloseAsync(_socket, _close?.Code ?? (int)WebSocketCloseStatus.NormalClosure, _close?.Reason ?? "Goodbye");
        }
    }

    public override void Evict(int closeCode, string reason) => Stop(closeCode, reason);

    /// <summary>The sign-in the token came from has ended (signed out, revoked, expired).</summary>
    public void SignedOut() => Stop(RoomCloseCodes.Unauthorized, "Your sign-in has ended: sign in again");

    /// <summary>The server is stopping: the client is told so (1001) and can reconnect elsewhere.</summary>
    public void GoingAway() => Stop((int)WebSocketCloseStatus.EndpointUnavailable, "The server is restarting; reconnect with a new token");

    /// <summary>
    /// Ends the connection with a close code: what is queued (such as the error that explains it) goes out, then the
    /// close frame; the client's answering close ends the reader. A pending receive is never cancelled, because
    /// cancelling it would abort the socket and the client would never learn the code.
    /// </summary>
    private void Stop(int code, string reason)
    {
        lock (_outgoing)
        {
            if (_close is not null) { return; }
            _close = (code, reason);
        }
        _outgoing.Writer.TryComplete();
        // A client that neither reads what is queued nor answers the close is cut off.
        _ = Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => Abort(), TaskScheduler.Default);
    }

    private void Abort()
    {
        try { if (_socket.State != WebSocketState.Closed) { _socket.Abort(); } }
        catch (ObjectDisposedException) { /* already gone */ }
    }

    private async Task SendLoopAsync(CancellationToken aborted)
    {
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(aborted))
            {
                while (_outgoing.Reader.TryRead(out var message))
                {
                    // A send is never cut off half-way (that would abort the socket); a dead client fails it instead.
                    await _socket.SendAsync(message.Utf8, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }
            if (_close is { } close && _socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
    }

    private async Task ReceiveLoopAsync(LiveRoom room, RoomCommandHandler handler, CancellationToken ct)
    {
        while (_socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
        {
            // Wait for a frame without holding a buffer: thousands of quiet lab PCs then cost almost no memory.
            var first = await _socket.ReceiveAsync(Memory<byte>.Empty, ct);
            if (first.MessageType == WebSocketMessageType.Close) { return; }
            var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxMessageBytes);
            try
            {
                var (length, discarded, result) = (0, 0L, first);
                while (!result.EndOfMessage)
                {
                    if (length < _options.MaxMessageBytes)
                    {
                        result = await _socket.ReceiveAsync(buffer.AsMemory(length, _options.MaxMessageBytes - length), ct);
                        length += result.Count;
                    }
                    else
                    {
                        result = await _socket.ReceiveAsync(buffer.AsMemory(0, Math.Min(4096, buffer.Length)), ct);
                        discarded += result.Count;
                        if (discarded > 64L * _options.MaxMessageBytes)
                        {
                            Stop((int)WebSocketCloseStatus.MessageTooBig, "Message far too large");
                            return;
                        }
                    }
                    if (result.MessageType == WebSocketMessageType.Close) { return; }
                }
                if (!await HandleAsync(room, handler, buffer.AsMemory(0, length), discarded > 0, result.MessageType, ct)) { return; }
            }
            finally { ArrayPool<byte>.Shared.Return(buffer); }
        }
    }

    /// <summary>Checks and carries out one message; false when the client must be disconnected.</summary>
    private async Task<bool> HandleAsync(LiveRoom room, RoomCommandHandler handler, ReadOnlyMemory<byte> message, bool tooLarge, WebSocketMessageType kind,
        CancellationToken ct)
    {
        if (!TakeToken())
        {
            if (Refused()) { return false; }
            var now = _clock.GetTimestamp();
            if (_clock.GetElapsedTime(_lastRateError, now) >= TimeSpan.FromSeconds(1))
            {
                _lastRateError = now;
                Fail(new RoomError(RoomErrorCodes.RateLimited, $"Slow down: at most {_options.MessagesPerSecond} messages a second; this one was ignored"));
            }
            return true;
        }
        try
        {
            if (tooLarge) { throw new RoomCommandException(new RoomError(RoomErrorCodes.MessageTooLarge, $"Messages may be at most {_options.MaxMessageBytes} bytes; this one was ignored")); }
            if (kind != WebSocketMessageType.Text) { throw new RoomCommandException(new RoomError(RoomErrorCodes.MalformedMessage, "Send text frames of JSON")); }
            var command = RoomCommandParser.Parse(message.Span, Side);
            await handler.ExecuteAsync(room, this, command, ct);
            return true;
        }
        catch (RoomCommandException refused)
        {
            Fail(refused.RoomError);
            return !Refused();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not WebSocketException)
        {
            // Whatever went wrong with this message, the connection and the room go on.
            Fail(new RoomError(RoomErrorCodes.InternalError, "That message could not be handled; nothing was changed"));
            return !Refused();
        }
    }

    private void Fail(RoomError error) => Deliver(ServerMessage.Fail(error, _clock.GetUtcNow()));

    private bool TakeToken()
    {
        var now = _clock.GetTimestamp();
        _tokens = Math.Min(_options.MessageBurst, _tokens + _clock.GetElapsedTime(_lastRefill, now).TotalSeconds * _options.MessagesPerSecond);
        _lastRefill = now;
        if (_tokens < 1) { return false; }
        _tokens -= 1;
        return true;
    }

    /// <summary>Counts a refused message; true (and the socket closing) once the client has been refused too often.</summary>
    private bool Refused()
    {
        var now = _clock.GetTimestamp();
        _refusals.Enqueue(now);
        while (_refusals.Count > 0 && _clock.GetElapsedTime(_refusals.Peek(), now) > TimeSpan.FromSeconds(10)) { _refusals.Dequeue(); }
        if (_refusals.Count < _options.FloodCloseAfter) { return false; }
        Stop(RoomCloseCodes.Flooding, "Too many refused messages");
        return true;
    }

    /// <summary>Sends the close frame (if the socket is still open) without waiting long for the client's answer.</summary>
    public static async Task CloseAsync(WebSocket socket, int code, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            // Give the client a moment to read the frame and answer before the connection ends.
            var drain = new byte[256];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            while (socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(drain.AsMemory(), wait.Token);
                if (result.MessageType == WebSocketMessageType.Close) { break; }
            }
        }
        catch (Exception) { /* the connection is ending either way */ }
    }
}
