using System.Collections.Concurrent;
using System.Collections.Immutable;
using AetherLearn.Core.Notifications;

namespace AetherLearn.Web.Notifications;

/// <summary>
/// New notifications, told to the open SSE streams and Blazor bells of their owner on this node. Subscribers are
/// keyed by user, so another user's notifications can never reach them.
/// </summary>
public sealed class NotificationFeed(ILogger<NotificationFeed> logger) : INotificationPublisher
{
    private readonly ConcurrentDictionary<Guid, ImmutableArray<Action<NotificationView>>> _listeners = new();

    public void Published(Guid userId, NotificationView notification)
    {
        if (!_listeners.TryGetValue(userId, out var listeners)) { return; }
        foreach (var listener in listeners)
        {
            // One broken listener (a closed tab) must not keep the notification from the others.
            try { listener(notification); }
            catch (Exception ex) { logger.LogWarning(ex, "A notification listener failed"); }
        }
    }

    /// <summary>Listens for one user's new notifications until disposed; the callback must not block.</summary>
    public IDisposable Subscribe(Guid userId, Action<NotificationView> listener)
    {
        _listeners.AddOrUpdate(userId, _ => [listener], (_, list) => list.Add(listener));
        return new Subscription(() =>
        {
            while (_listeners.TryGetValue(userId, out var list))
            {
                var rest = list.Remove(listener);
                if (rest.IsEmpty ? _listeners.TryRemove(new KeyValuePair<Guid, ImmutableArray<Action<NotificationView>>>(userId, list))
                    : _listeners.TryUpdate(userId, rest, list)) { return; }
            }
        });
    }

    /// <summary>Open listeners (streams and bells) of a user on this node.</summary>
    public int ListenerCount(Guid userId) => _listeners.TryGetValue(userId, out var list) ? list.Length : 0;

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) { dispose(); }
        }
    }
}
