using AetherLearn.Core.Audit;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core;

public static class DependencyInjection
{
    /// <summary>The module services every host (web app, tests) needs.</summary>
    public static IServiceCollection AddAetherCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ICentreService, CentreService>();
        services.AddSingleton<CentreNetworks>();
        services.AddSingleton<CentreSettingsCache>();
        services.AddScoped<ICentreFeatures, CentreFeatureSwitches>();
        services.AddScoped<IUserService, UserService>();
        services.AddScoped<IAuditLog, AuditLogService>();
        services.AddScoped<IUserSessions, UserSessions>();
        services.AddScoped<IPeopleDirectory, PeopleDirectory>();
        services.AddScoped<Content.IContentService, Content.ContentService>();
        services.AddScoped<Content.IExerciseCatalog, Content.ExerciseCatalog>();
        services.AddScoped<Content.SequencingService>();
        services.AddScoped<Content.ISequencing>(sp => sp.GetRequiredService<Content.SequencingService>());
        services.AddScoped<Content.IExerciseAccessRule>(sp => sp.GetRequiredService<Content.SequencingService>());
        services.AddScoped<Attempts.IAttemptService, Attempts.AttemptService>();
        services.AddScoped<Attempts.IAttemptQueries, Attempts.AttemptQueries>();
        services.AddScoped<Content.IExerciseAccessRule, Attempts.StartedExerciseAccessRule>();
        services.AddScoped<Homework.HomeworkService>();
        services.AddScoped<Homework.IHomeworkService>(sp => sp.GetRequiredService<Homework.HomeworkService>());
        services.AddScoped<Homework.IHomeworkQueries>(sp => sp.GetRequiredService<Homework.HomeworkService>());
        services.AddScoped<Content.IExerciseAccessRule, Homework.HomeworkAccessRule>();
        services.AddScoped<Homework.IHomeworkOverdueCheck, Homework.HomeworkOverdueCheck>();
        services.AddEventHandlers(Homework.HomeworkEvents.Register);
        services.AddScoped<Sessions.SessionViews>();
        services.AddScoped<Sessions.ISessionScheduling, Sessions.SchedulingService>();
        services.AddScoped<Sessions.ILessonService, Sessions.LessonService>();
        services.AddScoped<Attempts.IEnrolmentCheck, Sessions.EnrolmentCheck>();
        services.AddScoped<Sessions.IHelpRequests, Sessions.HelpRequestService>();
        services.AddScoped<Sessions.ILiveSessions, Sessions.LiveSessions>();
        services.AddScoped<Sessions.ISocketTokenUses, Sessions.SocketTokenUses>();
        services.AddScoped<Sessions.ISessionFacts, Sessions.SessionFactsQuery>();
        services.AddSingleton<Notifications.NotificationTemplates>();
        services.AddScoped<Notifications.NotificationRouter>();
        services.AddScoped<Notifications.INotifyPeople>(sp => sp.GetRequiredService<Notifications.NotificationRouter>());
        services.AddScoped<Notifications.INotificationService, Notifications.NotificationService>();
        services.AddScoped<Notifications.INotificationDeliveries, Notifications.NotificationDeliveries>();
        services.AddScoped<Notifications.INotificationDigests, Notifications.NotificationDigests>();
        services.AddScoped<Notifications.INotificationTemplateAdmin, Notifications.NotificationTemplateAdmin>();
        services.AddScoped<Notifications.PushDevices>();
        services.AddScoped<Notifications.IPushDevices>(sp => sp.GetRequiredService<Notifications.PushDevices>());
        services.AddScoped<Notifications.IPushTargets>(sp => sp.GetRequiredService<Notifications.PushDevices>());
        services.AddEventHandlers(Notifications.NotificationRouter.Register);
        services.AddScoped<Gamification.XpAwards>();
        services.AddScoped<Gamification.StreakKeeper>();
        services.AddScoped<Gamification.IStreakDailyCheck>(sp => sp.GetRequiredService<Gamification.StreakKeeper>());
        services.AddScoped<Gamification.IGamificationService, Gamification.GamificationService>();
        services.AddSingleton<Gamification.LeaderboardSignal>();
        services.AddScoped<Gamification.LeaderboardKeeper>();
        services.AddScoped<Gamification.ILeaderboardRecompute>(sp => sp.GetRequiredService<Gamification.LeaderboardKeeper>());
        services.AddScoped<Gamification.ILeaderboards, Gamification.LeaderboardService>();
        services.AddEventHandlers(Gamification.GamificationEvents.Register);
        services.AddSingleton(sp =>
        {
            var registry = new EventHandlerRegistry();
            foreach (var configure in sp.GetServices<ConfigureEventHandlers>()) { configure.Apply(registry); }
            return registry;
        });
        return services;
    }

    /// <summary>How a module registers its event handlers at start-up.</summary>
    public static IServiceCollection AddEventHandlers(this IServiceCollection services, Action<EventHandlerRegistry> configure) =>
        services.AddSingleton(new ConfigureEventHandlers(configure));
}

public sealed class ConfigureEventHandlers(Action<EventHandlerRegistry> apply)
{
    public void Apply(EventHandlerRegistry registry) => apply(registry);
}
