using System.Collections.Concurrent;
using AetherLearn.Core.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// The default <see cref="ILiveBus"/>: this node's subscribers only, told on the publisher's thread. Enough for one
/// node; several nodes need a bus between them (Redis pub/sub), registered instead of this one (ADR 0016).
/// </summary>
internal sealed class InProcessLiveBus(ILogger<InProcessLiveBus> logger) : ILiveBus
{
    private readonly ConcurrentDictionary<string, object> _topics = new();

    public ValueTask PublishAsync<TKey, TMessage>(LiveTopic<TKey, TMessage> topic, TKey key, TMessage message, CancellationToken ct = default)
        where TKey : notnull
    {
        Of(topic).Publish(key, message);
        return ValueTask.CompletedTask;
    }

    public IDisposable Subscribe<TKey, TMessage>(LiveTopic<TKey, TMessage> topic, TKey key, Action<TMessage> handler) where TKey : notnull =>
        Of(topic).Subscribe(key, handler);

    private Subscribers<TKey, TMessage> Of<TKey, TMessage>(LiveTopic<TKey, TMessage> topic) where TKey : notnull =>
        _topics.GetOrAdd(topic.Name, _ => new Subscribers<TKey, TMessage>(logger)) as Subscribers<TKey, TMessage>
        // Two topics of one name would share a channel on a Redis bus: refused here already.
        ?? throw new InvalidOperationException($"The live topic '{topic.Name}' is already in use with other types");
}

public static class LiveBusSetup
{
    /// <summary>The in-process bus, unless a bus was registered before (a test's, or one between nodes).</summary>
    public static IServiceCollection AddInProcessLiveBus(this IServiceCollection services)
    {
        services.TryAddSingleton<ILiveBus, InProcessLiveBus>();
        return services;
    }
}
