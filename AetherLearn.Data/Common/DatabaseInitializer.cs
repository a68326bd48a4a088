using AetherLearn.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AetherLearn.Data.Common;

/// <summary>Applies the provider's migrations, then seeds the demo data when asked to.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<AetherDbContext> contexts, DemoSeeder seeder, ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }
        await db.Database.MigrateAsync(ct);
    }

    public Task SeedDemoAsync(CancellationToken ct = default) => seeder.SeedAsync(ct);
}
