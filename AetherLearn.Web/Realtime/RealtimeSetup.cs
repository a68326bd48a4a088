using AetherLearn.Core;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Common;

namespace AetherLearn.Web.Realtime;

internal static class RealtimeSetup
{
    public static IServiceCollection AddAetherRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RealtimeOptions>(configuration.GetSection("Realtime"));
        services.AddInProcessLiveBus();
        services.AddSingleton<RoomBus>();
        services.AddSingleton<RoomRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<RoomRegistry>());
        services.AddSingleton<RoomCommandHandler>();
        services.AddSingleton<WsTokens>();
        services.AddKeyedSingleton(ConnectionSlots.Sockets, (sp, _) =>
            new ConnectionSlots(() => sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<RealtimeOptions>>().CurrentValue.MaxSocketsPerUser));
        services.AddScoped<ILiveSessionSignals, LiveSessionSignals>();
        services.AddScoped<RoomConnections>();
        services.AddScoped<StudentLiveLink>();
        services.AddEventHandlers(RoomEventHandlers.Register);
        return services;
    }
}
