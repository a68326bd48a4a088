using AetherLearn.Core.Common;
using Quartz;

namespace AetherLearn.Web.Jobs;

/// <summary>Runs one module's periodic work (<typeparamref name="TWork"/>) in its own scope and logs what it changed.</summary>
[DisallowConcurrentExecution]
internal sealed class ScheduledWorkJob<TWork>(IServiceScopeFactory scopes, ILogger<ScheduledWorkJob<TWork>> logger) : IJob
    where TWork : class, IScheduledWork
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var changed = await scope.ServiceProvider.GetRequiredService<TWork>().RunAsync(cancellationToken);
        if (changed > 0) { logger.LogInformation("{Job}: {Count} change(s)", context.JobDetail.Key.Name, changed); }
    }
}
