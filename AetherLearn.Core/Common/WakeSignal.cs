namespace AetherLearn.Core.Common;

/// <summary>A wake-up on a <see cref="WakeSignal"/>'s channel (no content: the worker reads its work from the database).</summary>
public sealed record WakeCall;

/// <summary>
/// Wakes a background worker that otherwise polls: any number of wakes before it next waits count as one, so a burst of
/// work costs one round. A wake travels on the <see cref="ILiveBus"/> (topic <c>wake</c>, keyed by the channel's name),
/// so it wakes the worker of every node the bus reaches; the workers share their work through the database, so whichever
/// wakes first takes it.
/// </summary>
public abstract class WakeSignal : IDisposable
{
    public static readonly LiveTopic<string, WakeCall> Topic = new("wake");

    private static readonly WakeCall Call = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ILiveBus _bus;
    private readonly IDisposable _subscription;

    protected WakeSignal(ILiveBus bus, string channel)
    {
        _bus = bus;
        Channel = channel;
        _subscription = bus.Subscribe(Topic, channel, _ => Release());
    }

    /// <summary>The channel's name on the bus.</summary>
    public string Channel { get; }

    public void Wake()
    {
        // A wake the bus could not carry still wakes this node's worker; the others find the work at their next poll.
        ValueTask sent;
        try { sent = _bus.PublishAsync(Topic, Channel, Call); }
        catch (Exception)
        {
            Release();
            return;
        }
        if (sent.IsCompletedSuccessfully) { sent.GetAwaiter().GetResult(); }
        else { _ = ReleaseIfFailedAsync(sent.AsTask()); }
    }

    /// <summary>True when woken, false when the timeout passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    private void Release()
    {
        if (_signal.CurrentCount == 0) { try { _signal.Release(); } catch (SemaphoreFullException) { } }
    }

    private async Task ReleaseIfFailedAsync(Task sent)
    {
        try { await sent; }
        catch (Exception) { Release(); }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        GC.SuppressFinalize(this);
    }
}
