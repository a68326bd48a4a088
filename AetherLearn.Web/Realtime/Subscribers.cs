using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// Listeners grouped by key (a session, a user), lock-free: publishing reads an immutable list, so a listener that
/// subscribes or leaves meanwhile never disturbs it. One failing listener does not keep the message from the others.
/// The in-process bus keeps one per topic.
/// </summary>
public sealed class Subscribers<TKey, TMessage>(ILogger logger) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, ImmutableArray<Action<TMessage>>> _listeners = new();

    public void Publish(TKey key, TMessage message)
    {
        if (!_listeners.TryGetValue(key, out var listeners)) { return; }
        foreach (var listener in listeners)
        {
            try { listener(message); }
            catch (Exception ex) { logger.LogWarning(ex, "A listener failed on {Message}", message?.GetType().Name); }
        }
    }

    /// <summary>Listens to one key until disposed; the callback must not block.</summary>
    public IDisposable Subscribe(TKey key, Action<TMessage> listener)
    {
        _listeners.AddOrUpdate(key, _ => [listener], (_, list) => list.Add(listener));
        return new Subscription(() =>
        {
            while (_listeners.TryGetValue(key, out var list))
            {
                var rest = list.Remove(listener);
                if (rest.IsEmpty ? _listeners.TryRemove(new KeyValuePair<TKey, ImmutableArray<Action<TMessage>>>(key, list))
                    : _listeners.TryUpdate(key, rest, list)) { return; }
            }
        });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) { dispose(); }
        }
    }
}
