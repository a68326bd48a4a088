using AetherLearn.Core.Notifications;
using Quartz;

namespace AetherLearn.Web.Jobs;

internal static class JobsSetup
{
    /// <summary>
    /// Quartz with the contract's scheduled jobs that exist so far. In-memory store: every node fires every job, and
    /// each job is safe to run on several nodes at once (docs/decisions/0011).
    /// </summary>
    public static IServiceCollection AddAetherJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DigestOptions>(configuration.GetSection("Notifications"));
        services.AddQuartz(q =>
        {
            var digest = new JobKey(NotificationDigestJob.Name);
            q.AddJob<NotificationDigestJob>(j => j.WithIdentity(digest).WithDescription("Daily digest e-mails, in each centre's time zone"));
            q.AddTrigger(t => t.ForJob(digest).WithIdentity($"{NotificationDigestJob.Name}.quarter-hourly").WithCronSchedule("0 0/15 * * * ?"));
            var overdue = new JobKey(HomeworkOverdueJob.Name);
            q.AddJob<HomeworkOverdueJob>(j => j.WithIdentity(overdue).WithDescription("Reminders for homework not handed in"));
            q.AddTrigger(t => t.ForJob(overdue).WithIdentity($"{HomeworkOverdueJob.Name}.hourly").WithCronSchedule("0 0 * * * ?"));
            var streaks = new JobKey(StreakDailyCheckJob.Name);
            q.AddJob<StreakDailyCheckJob>(j => j.WithIdentity(streaks).WithDescription("Streaks: freezes used and breaks, after midnight in each centre's zone"));
            q.AddTrigger(t => t.ForJob(streaks).WithIdentity($"{StreakDailyCheckJob.Name}.hourly").WithCronSchedule("0 5 * * * ?"));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
