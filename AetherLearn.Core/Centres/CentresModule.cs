using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Centres;

/// <summary>The centres themselves: settings, opening hours, branding, feature switches and sign-in networks.</summary>
public static class CentresModule
{
    public static IServiceCollection AddCentresModule(this IServiceCollection services)
    {
        services.AddScoped<ICentreService, CentreService>();
        services.AddSingleton<CentreNetworks>();
        services.AddSingleton<CentreSettingsCache>();
        services.AddScoped<ICentreFeatures, CentreFeatureSwitches>();
        return services;
    }
}
