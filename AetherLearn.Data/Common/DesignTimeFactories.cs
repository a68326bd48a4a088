using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AetherLearn.Data.Common;

// Used only by `dotnet ef migrations add`: each provider gets its own migrations folder (ADR 0002).
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAetherDbContext>
{
    public SqliteAetherDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAetherDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAetherDbContext>
{
    public PostgresAetherDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAetherDbContext>().UseNpgsql("Host=localhost;Database=aetherlearn_design").Options);
}
