namespace AetherLearn.Web.Common;

/// <summary>
/// The open long-lived connections of one kind (notification streams, live-session sockets) per user on this node, up
/// to a cap, so one account cannot hold a node's sockets and memory. Counted per node: behind several nodes a user may
/// hold the cap on each (counting across nodes is a later scale-out step).
/// </summary>
public sealed class ConnectionSlots(Func<int> limit)
{
    /// <summary>Key of the SSE streams' slots (<c>Notifications:MaxStreamsPerUser</c>).</summary>
    public const string Streams = "notification-streams";
    /// <summary>Key of the live-session sockets' slots (<c>Realtime:MaxSocketsPerUser</c>).</summary>
    public const string Sockets = "session-sockets";

    private readonly Dictionary<Guid, int> _open = [];

    public int Limit => limit();

    /// <summary>A slot for one more connection of <paramref name="userId"/>, given back by disposing it; null at the cap.</summary>
    public IDisposable? TryOpen(Guid userId)
    {
        lock (_open)
        {
            var count = _open.GetValueOrDefault(userId);
            if (count >= limit()) { return null; }
            _open[userId] = count + 1;
        }
        return new Slot(this, userId);
    }

    private void Release(Guid userId)
    {
        lock (_open)
        {
            if (_open.TryGetValue(userId, out var count) && count > 1) { _open[userId] = count - 1; }
            else { _open.Remove(userId); }
        }
    }

    private sealed class Slot(ConnectionSlots owner, Guid userId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) { owner.Release(userId); }
        }
    }
}
