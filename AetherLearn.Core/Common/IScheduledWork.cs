namespace AetherLearn.Core.Common;

/// <summary>A module's periodic work (the contract's §6 jobs), run by the scheduler; safe to run on several nodes at once.</summary>
public interface IScheduledWork
{
    /// <summary>Does what is due now; returns how many things it changed (for the log).</summary>
    Task<int> RunAsync(CancellationToken ct = default);
}
