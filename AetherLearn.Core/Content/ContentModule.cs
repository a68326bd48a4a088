using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Content;

/// <summary>The catalogue (courses, levels, units, lessons, exercises), its import and what a student may open.</summary>
public static class ContentModule
{
    public static IServiceCollection AddContentModule(this IServiceCollection services)
    {
        services.AddScoped<IContentService, ContentService>();
        services.AddScoped<IExerciseCatalog, ExerciseCatalog>();
        return services;
    }
}
