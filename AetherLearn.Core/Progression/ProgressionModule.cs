using AetherLearn.Core.Content;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Progression;

/// <summary>
/// What is next for a student (sequencing, tutors' overrides, levels) and the progress read model of the home pages. It reads
/// the catalogue and the attempts through their contracts, so Content and Attempts need not know each other both ways.
/// </summary>
public static class ProgressionModule
{
    public static IServiceCollection AddProgressionModule(this IServiceCollection services)
    {
        services.AddScoped<SequencingService>();
        services.AddScoped<ISequencing>(sp => sp.GetRequiredService<SequencingService>());
        services.AddScoped<IExerciseAccessRule>(sp => sp.GetRequiredService<SequencingService>());
        services.AddScoped<IProgressOverview, ProgressOverview>();
        services.AddScoped<ILevelProgress, LevelProgress>();
        services.AddScoped<IProgressCharts, ProgressCharts>();
        return services;
    }
}
