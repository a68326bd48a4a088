using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>
/// A clock that starts at a chosen instant and runs forward with real time, so tests about "today" do not
/// depend on the day or hour they run at. The app reads time only through TimeProvider.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset _realStart = DateTimeOffset.UtcNow;
    private long _skippedTicks;

    public override DateTimeOffset GetUtcNow() => start + (DateTimeOffset.UtcNow - _realStart) + TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

    /// <summary>Jumps forward (quiet hours ending, retries falling due) without waiting for it.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _skippedTicks, by.Ticks);

    /// <summary>Noon UTC on a Wednesday at least two days ahead: lessons at 16:00 in London and New York are later "today".</summary>
    public static TestClock WednesdayNoon()
    {
        var day = DateTime.UtcNow.Date.AddDays(2);
        while (day.DayOfWeek != DayOfWeek.Wednesday) { day = day.AddDays(1); }
        return new TestClock(new DateTimeOffset(day.AddHours(12), TimeSpan.Zero));
    }
}

/// <summary>One app per test class on SQLite, with the Wednesday-noon clock.</summary>
public class SqliteAcademicApp : IAsyncLifetime
{
    public AppHost Host { get; private set; } = default!;
    public TestClock Clock { get; } = TestClock.WednesdayNoon();

    /// <summary>Settings a derived fixture adds to the app's.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async ValueTask InitializeAsync() =>
        Host = await AppHost.StartAsync(Provider.Sqlite, null, settings: Settings, services: s => s.AddSingleton<TimeProvider>(Clock));

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One app per test class on PostgreSQL, with the Wednesday-noon clock.</summary>
public class PostgresAcademicApp(PostgresCluster cluster) : IAsyncLifetime
{
    private AppHost? _host;
    public TestClock Clock { get; } = TestClock.WednesdayNoon();

    /// <summary>Settings a derived fixture adds to the app's.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

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
        if (cluster.UnavailableReason is null)
        {
            _host = await AppHost.StartAsync(Provider.Postgres, cluster, settings: Settings, services: s => s.AddSingleton<TimeProvider>(Clock));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) { await _host.DisposeAsync(); }
    }
}
