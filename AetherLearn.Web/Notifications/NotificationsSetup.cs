using AetherLearn.Core.Integrations;
using AetherLearn.Core.Notifications;
using AetherLearn.Web.Common;
using AetherLearn.Web.Integrations.Push;

namespace AetherLearn.Web.Notifications;

public static class NotificationsSetup
{
    /// <summary>In-app feed, delivery worker and the push channel (sections <c>Notifications</c> and <c>Notifications:Push</c>).</summary>
    public static IServiceCollection AddAetherNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<NotificationFeed>();
        services.AddSingleton<INotificationPublisher>(sp => sp.GetRequiredService<NotificationFeed>());
        services.AddScoped<NotificationState>();
        services.AddKeyedSingleton(ConnectionSlots.Streams, (sp, _) =>
            new ConnectionSlots(() => sp.GetRequiredService<IConfiguration>().GetValue("Notifications:MaxStreamsPerUser", 10)));
        services.Configure<NotificationDeliveryOptions>(configuration.GetSection("Notifications"));
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<IDeliverySignal>(sp => sp.GetRequiredService<DeliverySignal>());
        services.AddHostedService<NotificationDeliveryWorker>();

        services.Configure<PushOptions>(configuration.GetSection("Notifications:Push"));
        services.AddSingleton<VapidKeys>();
        services.AddHostedService<VapidKeysAtStartup>();
        services.AddSingleton<IPushSender, WebPushSender>();
        // A redirect is never followed: the server posts only to an accepted push service's address, and a redirect
        // would let that address send it anywhere (the centre's own network).
        services.AddHttpClient("WebPush", c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
