using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Gamification;

/// <summary>XP, levels, badges, streaks and leaderboards earned from attendance, exercises and homework.</summary>
public static class GamificationModule
{
    public static IServiceCollection AddGamificationModule(this IServiceCollection services)
    {
        services.AddScoped<XpAwards>();
        services.AddScoped<StreakKeeper>();
        services.AddScoped<IStreakDailyCheck>(sp => sp.GetRequiredService<StreakKeeper>());
        services.AddScoped<IGamificationService, GamificationService>();
        services.AddSingleton<LeaderboardSignal>();
        services.AddScoped<LeaderboardKeeper>();
        services.AddScoped<ILeaderboardRecompute>(sp => sp.GetRequiredService<LeaderboardKeeper>());
        services.AddScoped<ILeaderboards, LeaderboardService>();
        services.AddEventHandlers(GamificationEventHandlers.Register);
        return services;
    }
}
