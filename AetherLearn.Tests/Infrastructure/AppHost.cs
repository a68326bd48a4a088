using System.Net;
using AetherLearn.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real app (its Program.cs) on a real Kestrel port, on SQLite or PostgreSQL. Restarting on the same
/// database is starting a second host with the same <see cref="Database"/>.
/// </summary>
public sealed class AppHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private readonly string _environment;

    private AppHost(Provider provider, string database, Dictionary<string, string?> settings, Action<IServiceCollection>? services, string environment)
    {
        _environment = environment;
        Provider = provider;
        Database = database;
        _settings = settings;
        _services = services;
    }

    public Provider Provider { get; }
    public string Database { get; }
    public Uri BaseAddress { get; private set; } = default!;
    public string MailFolder => _settings["Email:PickupFolder"]!;

    public static string NewDatabase(Provider provider) => provider == Provider.Sqlite
        ? Path.Combine(Path.GetTempPath(), "aether-tests", $"{Guid.NewGuid():N}.db")
        : $"aether_{Guid.NewGuid():N}";

    public static Task<AppHost> StartAsync(Provider provider, PostgresCluster? cluster, string? database = null,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string environment = "Development",
        Action<KestrelServerOptions>? moreEndpoints = null /* e.g. a TLS endpoint besides the plain one */)
    {
        database ??= NewDatabase(provider);
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Default"] = provider == Provider.Sqlite
                ? $"Data Source={database}"
                : cluster!.ConnectionString(database),
            ["Database:MigrateOnStartup"] = "true",
            ["Seed:Demo"] = "true",
            ["RateLimiting:PerIpPerMinute"] = "100000",
            ["RateLimiting:PerUserPerMinute"] = "100000",
            ["RateLimiting:SignInPerMinute"] = "100000",
            ["Outbox:PollMilliseconds"] = "200",
            ["Outbox:RetryBaseMilliseconds"] = "100",
            // Boards recomputed as soon as an award marks them stale (the app waits 30 s between recomputes of a board).
            ["Gamification:LeaderboardRefreshSeconds"] = "0",
            ["Email:PickupFolder"] = Path.Combine(Path.GetTempPath(), "aether-tests", $"mail-{Guid.NewGuid():N}"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) { all[key] = value; }
        var host = new AppHost(provider, database, all, services, environment);
        if (moreEndpoints is null) { host.UseKestrel(0); }
        else { host.UseKestrel(o => { o.Listen(IPAddress.Loopback, 0); moreEndpoints(o); }); }
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        return Task.FromResult(host);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) { builder.UseSetting(key, value); }
        if (_services is not null) { builder.ConfigureServices(_services); }
    }

    public ApiClient Client() => new(BaseAddress);

    /// <summary>A context with no centre filter, for arranging and checking data directly.</summary>
    public AetherDbContext Db() => Services.GetRequiredService<SystemContexts>().System();
}
