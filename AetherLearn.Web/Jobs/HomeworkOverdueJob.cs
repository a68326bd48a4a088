using AetherLearn.Core.Homework;
using Quartz;

namespace AetherLearn.Web.Jobs;

/// <summary>The contract's <c>homework.overdue-check</c>, every hour: reminders for homework not handed in (1, 3 and 7 days late).</summary>
[DisallowConcurrentExecution]
internal sealed class HomeworkOverdueJob(IServiceScopeFactory scopes, ILogger<HomeworkOverdueJob> logger) : IJob
{
    public const string Name = "homework.overdue-check";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var raised = await scope.ServiceProvider.GetRequiredService<IHomeworkOverdueCheck>().RunAsync(cancellationToken);
        if (raised > 0) { logger.LogInformation("Raised {Count} overdue homework reminder(s)", raised); }
    }
}
