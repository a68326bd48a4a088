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
        services.AddAetherSecurity();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddAetherOpenApi();
        services.AddHttpContextAccessor();
        services.AddScoped<CentreTime>();
        // Transient: each component gets its own, so its busy state is its own.
        services.AddTransient<AetherLearn.Web.Components.PageActions>();

        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        services.AddEmailSender(configuration);
        services.AddSingleton<PickupMailbox>();
        return services;
    }

    /// <summary>The adapter <c>Email:Provider</c> names; a missing secret stops the start with the setting to fill.</summary>
    private static void AddEmailSender(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Email:Provider"] ?? "PickupFolder";
        switch (provider.ToLowerInvariant())
        {
            case "pickupfolder":
                services.AddSingleton<IEmailSender, PickupFolderEmailSender>();
                break;
            case "smtp":
                if (string.IsNullOrWhiteSpace(configuration["Email:Smtp:Host"])) { throw new InvalidOperationException("Email:Provider is Smtp: set Email:Smtp:Host (and Port, UserName, Password)"); }
                services.AddSingleton<IEmailSender, SmtpEmailSender>();
                break;
            case "sendgrid":
                if (string.IsNullOrWhiteSpace(configuration["Email:SendGrid:ApiKey"])) { throw new InvalidOperationException("Email:Provider is SendGrid: set Email:SendGrid:ApiKey"); }
                services.AddHttpClient("SendGrid", c => c.Timeout = TimeSpan.FromSeconds(30));
                services.AddSingleton<IEmailSender, SendGridEmailSender>();
                break;
            default:
                throw new InvalidOperationException($"Email:Provider '{provider}' is unknown: use PickupFolder, Smtp or SendGrid");
        }
    }

    /// <summary>Settings whose absence would be unsafe fail at start-up, with the key to set.</summary>
    public static void ValidateConfiguration(WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(app.Configuration["App:BaseUrl"]))
        {
            throw new InvalidOperationException(
                "App:BaseUrl is required outside Development (e.g. App__BaseUrl=https://learn.example.org): links in e-mails are built from it, never from the request's Host header.");
        }
    }

    /// <summary>
    /// Behind a reverse proxy, the client's address (for rate limits and the audit log) and the scheme come
    /// from X-Forwarded-* headers, trusted only from the proxies listed in <c>Proxy:TrustedAddresses</c>.
    /// </summary>
    public static void UseForwardedHeadersFromTrustedProxies(this WebApplication app)
    {
        var trusted = app.Configuration.GetSection("Proxy:TrustedAddresses").Get<string[]>() ?? [];
        if (trusted.Length == 0) { return; }
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in trusted) { options.KnownProxies.Add(System.Net.IPAddress.Parse(address)); }
        app.UseForwardedHeaders(options);
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
