using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Users;

/// <summary>People and their sign-ins: accounts, student profiles, parent links, the directory other modules read names from.</summary>
public static class UsersModule
{
    public static IServiceCollection AddUsersModule(this IServiceCollection services)
    {
        services.AddScoped<IUserService, UserService>();
        services.AddScoped<IUserSessions, UserSessions>();
        services.AddScoped<IPeopleDirectory, PeopleDirectory>();
        return services;
    }
}
