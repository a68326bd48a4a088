namespace AetherLearn.Core.Common.Persistence;

/// <summary>
/// For optimistic saves of a running state (a student's totals, a streak): when another save won, the loser reads again
/// and applies its change on top. A short random pause spreads writers that keep colliding, so each round one more wins.
/// </summary>
public static class SaveConflicts
{
    /// <summary>How many times a save is tried before the conflict is passed up (the outbox then retries the handler).</summary>
    public const int Attempts = 8;

    public static Task PauseAsync(int attempt, CancellationToken ct) => Task.Delay(Random.Shared.Next(1, 1 + 10 * attempt), ct);
}
