using Quartz;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>Fires a scheduled job of the running app now and waits for it to finish, failing with its error if it threw.</summary>
public static class JobRun
{
    public static async Task NowAsync(AppHost host, string jobName)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var key = new JobKey(jobName);
        var listener = new Listener($"test-{Guid.NewGuid():N}", key);
        scheduler.ListenerManager.AddJobListener(listener);
        try
        {
            await scheduler.TriggerJob(key);
            var error = await listener.Finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(error is null, $"{jobName} failed: {error}");
        }
        finally { scheduler.ListenerManager.RemoveJobListener(listener.Name); }
    }

    private sealed class Listener(string name, JobKey job) : IJobListener
    {
        public TaskCompletionSource<JobExecutionException?> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => name;
        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (context.JobDetail.Key.Equals(job)) { Finished.TrySetResult(jobException); }
            return ValueTask.CompletedTask;
        }
    }
}
