using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Attempts;

/// <summary>A student's attempts at exercises: start, autosave, submit, grading and answer release.</summary>
public static class AttemptsModule
{
    public static IServiceCollection AddAttemptsModule(this IServiceCollection services)
    {
        services.AddScoped<IAttemptService, AttemptService>();
        services.AddScoped<IAttemptQueries, AttemptQueries>();
        services.AddScoped<Content.IExerciseAccessRule, StartedExerciseAccessRule>();
        return services;
    }
}
