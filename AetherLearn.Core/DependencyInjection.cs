using AetherLearn.Core.Attempts;
using AetherLearn.Core.Audit;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Content;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Notifications;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core;

public static class DependencyInjection
{
    /// <summary>The module services every host (web app, tests) needs: one line per module, each registering its own.</summary>
    public static IServiceCollection AddAetherCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddCentresModule();
        services.AddUsersModule();
        services.AddAuditModule();
        services.AddContentModule();
        services.AddAttemptsModule();
        services.AddProgressionModule();
        services.AddHomeworkModule();
        services.AddSessionsModule();
        services.AddNotificationsModule();
        services.AddGamificationModule();
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
