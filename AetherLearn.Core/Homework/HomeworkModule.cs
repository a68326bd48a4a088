using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Homework;

/// <summary>Homework set by tutors: assigning, due dates, completion on submission, overdue checks.</summary>
public static class HomeworkModule
{
    public static IServiceCollection AddHomeworkModule(this IServiceCollection services)
    {
        services.AddScoped<HomeworkService>();
        services.AddScoped<IHomeworkService>(sp => sp.GetRequiredService<HomeworkService>());
        services.AddScoped<IHomeworkQueries>(sp => sp.GetRequiredService<HomeworkService>());
        services.AddScoped<Content.IExerciseAccessRule, HomeworkAccessRule>();
        services.AddScoped<IHomeworkOverdueCheck, HomeworkOverdueCheck>();
        services.AddEventHandlers(HomeworkEventHandlers.Register);
        return services;
    }
}
