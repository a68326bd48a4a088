using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Audit;

/// <summary>Who did what and when: the audit log.</summary>
public static class AuditModule
{
    public static IServiceCollection AddAuditModule(this IServiceCollection services)
    {
        services.AddScoped<IAuditLog, AuditLogService>();
        return services;
    }
}
