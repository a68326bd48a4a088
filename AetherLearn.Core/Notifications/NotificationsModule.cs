using AetherLearn.Core.Notifications.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Notifications;

/// <summary>Notifications: routing events to people, preferences, templates, deliveries by channel, push devices, digests.</summary>
public static class NotificationsModule
{
    public static IServiceCollection AddNotificationsModule(this IServiceCollection services)
    {
        services.AddSingleton<NotificationTemplates>();
        services.AddScoped<EventFactsGatherer>();
        services.AddScoped<DeliveryPlanner>();
        services.AddScoped<NotificationRouter>();
        services.AddScoped<INotifyPeople>(sp => sp.GetRequiredService<NotificationRouter>());
        services.AddScoped<INotificationService, NotificationService>();
        services.AddScoped<INotificationDeliveries, NotificationDeliveries>();
        services.AddScoped<INotificationDigests, NotificationDigests>();
        services.AddScoped<INotificationTemplateAdmin, NotificationTemplateAdmin>();
        services.AddScoped<PushDevices>();
        services.AddScoped<IPushDevices>(sp => sp.GetRequiredService<PushDevices>());
        services.AddScoped<IPushTargets>(sp => sp.GetRequiredService<PushDevices>());
        services.AddEventHandlers(NotificationRouter.Register);
        return services;
    }
}
