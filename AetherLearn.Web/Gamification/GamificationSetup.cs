using AetherLearn.Core;

namespace AetherLearn.Web.Gamification;

internal static class GamificationSetup
{
    /// <summary>The live side of gamification: pages hear of XP awarded as it happens.</summary>
    public static IServiceCollection AddAetherGamification(this IServiceCollection services)
    {
        services.AddSingleton<ProgressFeed>();
        services.AddEventHandlers(ProgressFeed.Register);
        return services;
    }
}
