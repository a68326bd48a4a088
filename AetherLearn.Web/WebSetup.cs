using AetherLearn.Core.Integrations;
using AetherLearn.Data;
using AetherLearn.Data.Common;
using AetherLearn.Web.Common;
using AetherLearn.Web.Integrations.Email;

namespace AetherLearn.Web;

internal static class WebSetup
{
    public static IServiceCollection AddAetherWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddHttpContextAccessor();

        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        var provider = configuration["Email:Provider"] ?? "PickupFolder";
        if (!string.Equals(provider, "PickupFolder", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Email:Provider '{provider}' is not available yet; use PickupFolder (SMTP and SendGrid come with the notifications module)");
        }
        services.AddSingleton<IEmailSender, PickupFolderEmailSender>();
        return services;
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app, bool migrate)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        if (migrate) { await initializer.MigrateAsync(); }
        if (app.Configuration.GetValue("Seed:Demo", false))
        {
            if (app.Environment.IsProduction() && !app.Configuration.GetValue("Seed:AllowInProduction", false))
            {
                app.Logger.LogWarning("Seed:Demo is ignored in Production: demo accounts share a published password");
                return;
            }
            await initializer.SeedDemoAsync();
        }
    }
}

internal static class ApiFallback
{
    public static IResult NotFound(HttpContext context) =>
        TypedResults.Json(Envelope.Fail($"No API endpoint {context.Request.Method} {context.Request.Path}"), JsonSetup.Options, statusCode: 404);
}
