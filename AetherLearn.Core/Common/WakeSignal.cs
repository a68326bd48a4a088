namespace AetherLearn.Core.Common;

/// <summary>
/// Wakes a background worker that otherwise polls: any number of wakes before it next waits count as one, so a burst of
/// work costs one round.
/// </summary>
public class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0) { try { _signal.Release(); } catch (SemaphoreFullException) { } }
    }

    /// <summary>True when woken, false when the timeout passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
