using AetherLearn.Web.Realtime;

namespace AetherLearn.Web.Components.Sessions;

/// <summary>
/// Keeps a home's day live: it listens to the rooms of the day's sessions on the live bus (attendance, raised hands, start,
/// end, cancel, submitted work: what every open room hears, from whichever node) and reloads the day once the burst of
/// changes settles, so a register marked student by student costs one reload, not ten. What no room announces (a session
/// scheduled since, a lesson's time arriving) is caught by a slow refresh every minute: not polling the database faster.
/// </summary>
internal sealed class DayRefresh(RoomBus bus, Func<Task> reload, TimeProvider clock) : IAsyncDisposable
{
    /// <summary>How long after a change the day is read again (more changes in between join the same reload).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, IDisposable> _rooms = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private bool _pending;
    private Task? _ticker;

    /// <summary>Listens to exactly these sessions' rooms from now on (the day's sessions as last loaded).</summary>
    public void Watch(IEnumerable<Guid> sessionIds)
    {
        var wanted = sessionIds.ToHashSet();
        lock (_gate)
        {
            if (_stop.IsCancellationRequested) { return; }
            foreach (var gone in _rooms.Keys.Where(id => !wanted.Contains(id)).ToList())
            {
                _rooms[gone].Dispose();
                _rooms.Remove(gone);
            }
            foreach (var id in wanted.Where(id => !_rooms.ContainsKey(id)))
            {
                _rooms[id] = bus.Subscribe(id, OnSignal);
            }
        }
        _ticker ??= TickAsync(_stop.Token);
    }

    private void OnSignal(RoomSignal signal)
    {
        // Presence and tutors' messages change nothing a home shows.
        if (signal is not (SessionChanged or ExerciseSubmittedSignal)) { return; }
        lock (_gate)
        {
            if (_pending || _stop.IsCancellationRequested) { return; }
            _pending = true;
        }
        _ = ReloadSoonAsync(_stop.Token);
    }

    private async Task ReloadSoonAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Settle, clock, ct);
            lock (_gate) { _pending = false; }
            await reload();
        }
        catch (OperationCanceledException) { /* the page closed */ }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(Slow, clock);
            while (await timer.WaitForNextTickAsync(ct)) { await reload(); }
        }
        catch (OperationCanceledException) { /* the page closed */ }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested) { return; }
            _stop.Cancel();
            foreach (var room in _rooms.Values) { room.Dispose(); }
            _rooms.Clear();
        }
        if (_ticker is not null) { await _ticker; }
        _stop.Dispose();
    }
}
