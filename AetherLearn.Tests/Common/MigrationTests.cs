using AetherLearn.Data.Common;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Common;

public sealed class MigrationTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Sqlite_migrations_build_an_empty_database_that_matches_the_model()
    {
        var path = AppHost.NewDatabase(Provider.Sqlite);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var db = new SqliteAetherDbContext(new DbContextOptionsBuilder<SqliteAetherDbContext>().UseSqlite($"Data Source={path}").Options);
        await AssertMigratesAsync(db);
    }

    [Fact]
    public async Task Postgres_migrations_build_an_empty_database_that_matches_the_model()
    {
        if (cluster.UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
        var options = new DbContextOptionsBuilder<PostgresAetherDbContext>().UseNpgsql(cluster.ConnectionString(AppHost.NewDatabase(Provider.Postgres))).Options;
        await using var db = new PostgresAetherDbContext(options);
        await AssertMigratesAsync(db);
    }

    private static async Task AssertMigratesAsync(AetherDbContext db)
    {
        Assert.NotEmpty(db.Database.GetMigrations());
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        // A model change without its migration would fail here, for either provider.
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that no migration covers: run scripts/add-migration.sh");
        Assert.Equal(0, await db.Centres.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }
}
