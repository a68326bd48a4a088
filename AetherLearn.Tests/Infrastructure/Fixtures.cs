[assembly: AssemblyFixture(typeof(AetherLearn.Tests.Infrastructure.PostgresCluster))]

namespace AetherLearn.Tests.Infrastructure;

/// <summary>One app per test class on a fresh SQLite file.</summary>
public sealed class SqliteApp : IAsyncLifetime
{
    private AppHost? _host;

    public AppHost Host => _host!;

    public async ValueTask InitializeAsync() => _host = await AppHost.StartAsync(Provider.Sqlite, null);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) { await _host.DisposeAsync(); }
    }
}

/// <summary>One app per test class on a fresh database of the run's PostgreSQL cluster.</summary>
public sealed class PostgresApp(PostgresCluster cluster) : IAsyncLifetime
{
    private AppHost? _host;

    public PostgresCluster Cluster => cluster;

    public AppHost Host
    {
        get
        {
            if (cluster.UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
            return _host!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (cluster.UnavailableReason is null) { _host = await AppHost.StartAsync(Provider.Postgres, cluster); }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) { await _host.DisposeAsync(); }
    }
}
