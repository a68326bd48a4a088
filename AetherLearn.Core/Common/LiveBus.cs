using Microsoft.Extensions.Logging;

namespace AetherLearn.Core.Common;

/// <summary>
/// One kind of message on the <see cref="ILiveBus"/>, heard per key (a user, a student, a session, a wake channel's
/// name). The name is the topic's identity between nodes: a Redis bus makes one channel per topic and key
/// (<c>{Name}:{key}</c>) and carries <typeparamref name="TMessage"/> as JSON, so names are unique and messages are
/// records of plain values (a polymorphic message names its base type here, with its discriminator).
/// </summary>
public sealed record LiveTopic<TKey, TMessage>(string Name) where TKey : notnull;

/// <summary>
/// The one seam for everything that fans out to what is open on the nodes: the live rooms, the notification bell and
/// SSE streams, the XP feed of open pages, and the wake-ups of workers that otherwise poll (<see cref="WakeSignal"/>).
/// Whatever is published reaches every subscriber of that topic and key on every node; nothing else carries these
/// messages from one node to another, so the in-process bus (the default: one node) and a Redis pub/sub bus (several
/// nodes) differ by this interface's implementation only. In Core, not Web, because Core and Data wake their workers
/// through it; each topic and its message type belong to the module that publishes them.
/// </summary>
public interface ILiveBus
{
    /// <summary>
    /// Hands <paramref name="message"/> to every subscriber of <paramref name="topic"/> and <paramref name="key"/>, in
    /// the order published from one node. Returns once handed over (not once heard); throws when it cannot be.
    /// </summary>
    ValueTask PublishAsync<TKey, TMessage>(LiveTopic<TKey, TMessage> topic, TKey key, TMessage message, CancellationToken ct = default)
        where TKey : notnull;

    /// <summary>
    /// Hears <paramref name="topic"/>'s messages for <paramref name="key"/> until disposed. The handler runs on the
    /// bus's thread: it must not block (post to a queue or the page's dispatcher), and a handler that throws costs only itself.
    /// </summary>
    IDisposable Subscribe<TKey, TMessage>(LiveTopic<TKey, TMessage> topic, TKey key, Action<TMessage> handler)
        where TKey : notnull;
}

public static class LiveBusExtensions
{
    /// <summary>
    /// Publishes without waiting, for callers that cannot await (a feed told after a commit): a failure is logged, never
    /// thrown, because what was published is already saved and is read again when the page next loads.
    /// </summary>
    public static void Post<TKey, TMessage>(this ILiveBus bus, LiveTopic<TKey, TMessage> topic, TKey key, TMessage message, ILogger logger)
        where TKey : notnull
    {
        ValueTask sent;
        try { sent = bus.PublishAsync(topic, key, message); }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not publish on {Topic}", topic.Name);
            return;
        }
        if (sent.IsCompletedSuccessfully) { sent.GetAwaiter().GetResult(); }
        else { _ = ObserveAsync(sent.AsTask(), topic.Name, logger); }
    }

    private static async Task ObserveAsync(Task sent, string topic, ILogger logger)
    {
        try { await sent; }
        catch (Exception ex) { logger.LogWarning(ex, "Could not publish on {Topic}", topic); }
    }
}
