using System.Text.Json;
using AetherLearn.Core.Sessions;

namespace AetherLearn.Web.Realtime;

/// <summary>Something the student was told during the lesson (a message, new work, attendance, start or end).</summary>
public sealed record LiveNotice(long Sequence, string Text, DateTimeOffset At, Guid? ExerciseId = null);

/// <summary>
/// The signed-in student's place in their live lesson, for the whole circuit: joined once (moving between pages does
/// not leave and rejoin the room), a heartbeat every 10 s, progress from the exercise player. Pages subscribe to
/// <see cref="Changed"/>, the eShop way of sharing state without a Flux library.
/// </summary>
internal sealed class StudentLiveLink(RoomConnections rooms, ILiveSessions live, TimeProvider clock, ILogger<StudentLiveLink> logger) : IAsyncDisposable
{
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(10);
    // Without a lesson now, look again now and then: the student may sit down before it is scheduled to open.
    private const int LookAgainEveryBeats = 6;

    // After the lesson ends its panel stays a while, then the link looks for the student's next lesson.
    private static readonly TimeSpan StayAfterEnd = TimeSpan.FromMinutes(2);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<LiveNotice> _notices = [];
    private readonly Lock _work = new();
    private RoomConnection? _connection;
    private Task? _loop;
    private Guid? _exerciseId;
    private int _progress;
    private long _sequence;
    private DateTimeOffset? _endSeenAt;

    public event Action? Changed;

    /// <summary>True once the first look for a lesson has finished (so pages can tell "none" from "not yet known").</summary>
    public bool Ready { get; private set; }
    public SessionListItem? Session { get; private set; }
    public RoomView? View => _connection?.View;
    public StudentState? Me => _connection is { } c ? c.View.Student(c.Join.UserId) : null;
    public bool PageVisible { get; private set; } = true;

    public IReadOnlyList<LiveNotice> Notices
    {
        get { lock (_notices) { return _notices.ToList(); } }
    }

    /// <summary>Starts the link on the first page that needs it; later calls do nothing.</summary>
    public Task StartAsync()
    {
        _loop ??= RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    /// <summary>The player reports what the student works on and how far they are; sent at once.</summary>
    public Task ReportProgressAsync(Guid exerciseId, int answered, int total)
    {
        var progress = total == 0 ? 0 : answered * 100 / total;
        lock (_work) { (_exerciseId, _progress) = (exerciseId, progress); }
        return SendQuietlyAsync(new StudentExerciseProgress(exerciseId, answered, progress));
    }

    /// <summary>The student left the exercise (submitted it or closed the player).</summary>
    public void LeftExercise()
    {
        lock (_work) { (_exerciseId, _progress) = (null, 0); }
    }

    public Task VisibilityChangedAsync(bool visible)
    {
        PageVisible = visible;
        return SendQuietlyAsync(Heartbeat());
    }

    /// <exception cref="RoomCommandException">The room refused (e.g. the hand is already up).</exception>
    public Task RaiseHandAsync(string? message) => Connection().SendAsync(new StudentHelpRequest(string.IsNullOrWhiteSpace(message) ? null : message.Trim()));

    public Task CancelHandAsync() => Connection().SendAsync(new StudentHelpCancel());

    private RoomConnection Connection() =>
        _connection ?? throw new RoomCommandException(new RoomError(RoomErrorCodes.NotFound, "You are not in a live lesson right now"));

    private StudentHeartbeat Heartbeat()
    {
        lock (_work) { return new StudentHeartbeat(PageVisible, _exerciseId, _exerciseId is null ? null : _progress); }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(HeartbeatEvery, clock);
        var beats = 0;
        try
        {
            do
            {
                if (_connection is not null && Finished()) { await LeaveAsync(); beats = 0; }
                if (_connection is null && beats++ % LookAgainEveryBeats == 0) { await TryJoinAsync(stop); }
                else if (_connection is not null) { await SendQuietlyAsync(Heartbeat()); }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>The student was taken off the lesson, or it ended a little while ago.</summary>
    private bool Finished()
    {
        if (Me is null) { return true; }
        if (View?.Status is not (SessionStatus.Completed or SessionStatus.Cancelled)) { return false; }
        _endSeenAt ??= clock.GetUtcNow();
        return clock.GetUtcNow() - _endSeenAt >= StayAfterEnd;
    }

    private async Task LeaveAsync()
    {
        var connection = _connection;
        (_connection, Session, _endSeenAt) = (null, null, null);
        if (connection is not null) { await connection.DisposeAsync(); }
        Changed?.Invoke();
    }

    private async Task TryJoinAsync(CancellationToken stop)
    {
        try
        {
            Session = await live.CurrentForStudentAsync(stop);
            if (Session is not null) { _connection = await rooms.JoinAsync(Session.Id, OnMessage, stop); }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The pages work without the live link; the next look tries again.
            logger.LogWarning(ex, "The student's live lesson could not be joined");
        }
        finally
        {
            Ready = true;
            Changed?.Invoke();
        }
    }

    private async Task SendQuietlyAsync(RoomCommand command)
    {
        if (_connection is null) { return; }
        try { await _connection.SendAsync(command); }
        catch (Exception ex) { logger.LogDebug(ex, "A presence report was not accepted"); }
    }

    private void OnMessage(ServerMessage message)
    {
        var notice = message.Type switch
        {
            RoomMessageTypes.MessageReceived => Read(message, p => Notice($"{p.GetProperty("from").GetString()}: {p.GetProperty("text").GetString()}")),
            RoomMessageTypes.ContentAssigned => Read(message, p => Notice($"Your tutor set you “{p.GetProperty("exerciseTitle").GetString()}”", p.GetProperty("exerciseId").GetGuid())),
            RoomMessageTypes.AttendanceMarked => Read(message, p => Notice($"Your tutor marked you {Attendance(p.GetProperty("status").GetString())}")),
            RoomMessageTypes.SessionStarted => Notice("The lesson has started"),
            RoomMessageTypes.SessionEnded => Read(message, p => Notice(p.TryGetProperty("cancelled", out _) ? "The lesson was cancelled" : "The lesson has ended. Well done!")),
            _ => null,
        };
        if (notice is not null)
        {
            lock (_notices)
            {
                _notices.Insert(0, notice);
                if (_notices.Count > 20) { _notices.RemoveAt(_notices.Count - 1); }
            }
        }
        Changed?.Invoke();
    }

    private LiveNotice Notice(string text, Guid? exerciseId = null) => new(Interlocked.Increment(ref _sequence), text, clock.GetUtcNow(), exerciseId);

    private static LiveNotice Read(ServerMessage message, Func<JsonElement, LiveNotice> read)
    {
        using var document = JsonDocument.Parse(message.Utf8);
        return read(document.RootElement.GetProperty("payload"));
    }

    private static string Attendance(string? status) => status switch
    {
        "ATTENDING" => "present",
        "LATE" => "late",
        "ABSENT" => "absent",
        _ => "excused",
    };

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null) { try { await _loop; } catch (Exception) { } }
        if (_connection is not null) { await _connection.DisposeAsync(); }
        _stop.Dispose();
    }
}
