using AetherLearn.Core.Common;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Homework;
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
            // Reminders for homework not handed in (1, 3 and 7 days late).
            Schedule<IHomeworkOverdueCheck>(q, "homework.overdue-check", "0 0 * * * ?");
            // Streaks settle "yesterday" in each centre's own zone, so every hour reaches each centre's midnight.
            Schedule<IStreakDailyCheck>(q, "streak.daily-check", "0 5 * * * ?");
            // Every stored board, hourly: new weeks and months begin at each centre's own midnight.
            Schedule<ILeaderboardRecompute>(q, "leaderboard.recompute", "0 0 * * * ?");
        });
        services.AddHostedService<LeaderboardRefresher>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>A module's periodic work as a job named as the contract names it, with one trigger (<c>{name}.hourly</c>).</summary>
    private static void Schedule<TWork>(IQuartzBuilder q, string name, string cron) where TWork : class, IScheduledWork
    {
        var key = new JobKey(name);
        q.AddJob<ScheduledWorkJob<TWork>>(j => j.WithIdentity(key));
        q.AddTrigger(t => t.ForJob(key).WithIdentity($"{name}.hourly").WithCronSchedule(cron));
    }
}
