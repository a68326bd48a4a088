using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Data.Common;
using AetherLearn.Data.Events;
using AetherLearn.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DependencyInjection
{
    /// <summary>
    /// Registers the context for <c>Database:Provider</c> (Sqlite | Postgres) and <c>ConnectionStrings:Default</c>,
    /// the per-operation session factory, the outbox and the demo seeder.
    /// </summary>
    public static IServiceCollection AddAetherData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("ConnectionStrings:Default is required when Database:Provider is Postgres");
            }
            var folder = Path.Combine(contentRoot, "App_Data");
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "aetherlearn.db")}";
        }
        else if (provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteFolder(connectionString);
        }

        var interceptors = new Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] { new CentreStampInterceptor(), new AuditInterceptor(), new OutboxWakeInterceptor() };
        if (provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextFactory<PostgresAetherDbContext>(o => o.UseNpgsql(connectionString).AddInterceptors(interceptors));
            services.AddSingleton<IDbContextFactory<AetherDbContext>>(sp =>
                new UpcastContextFactory<PostgresAetherDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresAetherDbContext>>()));
        }
        else
        {
            services.AddDbContextFactory<SqliteAetherDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(interceptors));
            services.AddSingleton<IDbContextFactory<AetherDbContext>>(sp =>
                new UpcastContextFactory<SqliteAetherDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteAetherDbContext>>()));
        }

        services.AddSingleton(new DatabaseInfo(provider));
        services.AddScoped<IDbSessionFactory, DbSessionFactory>();
        services.AddSingleton<IBulkInsert, BulkInsert>();
        // Identity's stores work across centres (the e-mail is the sign-in name); module services never use this context.
        services.AddScoped<AetherDbContext>(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<AetherDbContext>>().CreateDbContext();
            db.Configure(Actor.From(sp.GetRequiredService<ICurrentUser>()), systemScope: true,
                sp.GetRequiredService<IOutboxSignal>(), sp.GetRequiredService<TimeProvider>());
            return db;
        });

        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddSingleton<SystemContexts>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddScoped<IDeadLetterService, DeadLetterService>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DatabaseInitializer>();
        return services;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:") { Directory.CreateDirectory(folder); }
    }
}

public sealed record DatabaseInfo(DatabaseProvider Provider);
