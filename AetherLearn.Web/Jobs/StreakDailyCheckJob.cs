using AetherLearn.Core.Gamification;
using Quartz;

namespace AetherLearn.Web.Jobs;

/// <summary>
/// The contract's <c>streak.daily-check</c>. Centres are in different zones, so it runs every hour and settles
/// "yesterday" in each centre's own zone; settling is idempotent, so running often (or on several nodes) is safe.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class StreakDailyCheckJob(IServiceScopeFactory scopes, ILogger<StreakDailyCheckJob> logger) : IJob
{
    public const string Name = "streak.daily-check";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var changed = await scope.ServiceProvider.GetRequiredService<IStreakDailyCheck>().RunAsync(cancellationToken);
        if (changed > 0) { logger.LogInformation("Settled {Count} streak(s): freezes used or streaks broken", changed); }
    }
}
