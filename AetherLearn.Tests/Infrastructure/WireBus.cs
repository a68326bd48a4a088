using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;
using AetherLearn.Core.Common;
using AetherLearn.Web.Common;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>
/// A live bus between the test's app hosts, standing in for the Redis one a later issue adds: every message crosses as
/// JSON (the app's rules) on the channel a Redis bus would use (<c>{topic}:{key}</c>), and each subscriber gets its own
/// copy, read back, on the bus's one delivery loop, in publishing order, as a Redis subscription delivers. A message
/// that cannot make the trip, or a subscriber that throws, is kept in <see cref="Failures"/>.
/// </summary>
public sealed class WireBus : ILiveBus, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<string>>> _channels = new();
    private readonly Channel<(string Channel, string Json)> _wire = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _published = new();
    private readonly Task _delivering;

    public WireBus() => _delivering = Task.Run(DeliverAsync);

    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>How many messages were published on a topic (any key), from any host.</summary>
    public int Published(string topic) => _published.GetValueOrDefault(topic);

    public ValueTask PublishAsync<TKey, TMessage>(LiveTopic<TKey, TMessage> topic, TKey key, TMessage message, CancellationToken ct = default)
        where TKey : notnull
    {
        var json = JsonSerializer.Serialize(message, JsonSetup.Options);
        _published.AddOrUpdate(topic.Name, 1, (_, n) => n + 1);
        _wire.Writer.TryWrite(($"{topic.Name}:{key}", json));
        return ValueTask.CompletedTask;
    }

    public IDisposable Subscribe<TKey, TMessage>(LiveTopic<TKey, TMessage> topic, TKey key, Action<TMessage> handler) where TKey : notnull
    {
        var channel = $"{topic.Name}:{key}";
        Action<string> listener = json =>
        {
            var message = JsonSerializer.Deserialize<TMessage>(json, JsonSetup.Options)
                ?? throw new JsonException($"{channel} carried null");
            handler(message);
        };
        _channels.AddOrUpdate(channel, _ => [listener], (_, list) => list.Add(listener));
        return new Unsubscribe(() =>
        {
            while (_channels.TryGetValue(channel, out var list) && !_channels.TryUpdate(channel, list.Remove(listener), list)) { }
        });
    }

    private async Task DeliverAsync()
    {
        await foreach (var (channel, json) in _wire.Reader.ReadAllAsync())
        {
            if (!_channels.TryGetValue(channel, out var listeners)) { continue; }
            foreach (var listener in listeners)
            {
                try { listener(json); }
                catch (Exception ex) { _failures.Enqueue($"{channel} {json}: {ex.GetType().Name}: {ex.Message}"); }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _wire.Writer.TryComplete();
        await _delivering;
    }

    private sealed class Unsubscribe(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) { dispose(); }
        }
    }
}
