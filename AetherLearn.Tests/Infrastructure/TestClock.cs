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

    /// <summary>Northside's zone: the demo centre most tests act in, so their instants are chosen in its local time.</summary>
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>
    /// The day the tests take as "today": the real date, or <c>AETHER_TEST_TODAY</c> (yyyy-MM-dd) to run the suite as it
    /// would run on another day (a date after a clock change, a date years ahead) and catch tests that only pass in one season.
    /// </summary>
    public static DateTime Today =>
        Environment.GetEnvironmentVariable("AETHER_TEST_TODAY") is { Length: > 0 } forced
            ? DateTime.ParseExact(forced, "yyyy-MM-dd", global::System.Globalization.CultureInfo.InvariantCulture)
            : DateTime.UtcNow.Date;

    /// <summary>
    /// Noon in London (Northside's own time, whatever the season) on a Wednesday at least two days ahead: lessons at 16:00
    /// in London and New York are later "today", and a test that means "noon at the centre" gets noon at the centre.
    /// </summary>
    public static TestClock WednesdayNoon() => WednesdayNoon(Today.AddDays(2));

    /// <summary>Noon in London on the first Wednesday on or after <paramref name="from"/>.</summary>
    public static TestClock WednesdayNoon(DateTime from)
    {
        var day = from.Date;
        while (day.DayOfWeek != DayOfWeek.Wednesday) { day = day.AddDays(1); }
        return new TestClock(LocalInstant(day.AddHours(12), London));
    }

    /// <summary>
    /// Noon in London on the first Wednesday at least two days ahead whose London clock is on <paramref name="summerTime"/>
    /// (BST) or off it (GMT), so a test can run on both sides of a clock change on purpose.
    /// </summary>
    public static TestClock WednesdayNoon(bool summerTime)
    {
        var day = Today.AddDays(2);
        while (day.DayOfWeek != DayOfWeek.Wednesday || London.IsDaylightSavingTime(day.AddHours(12)) != summerTime) { day = day.AddDays(1); }
        return WednesdayNoon(day);
    }

    /// <summary>The instant a wall-clock time in <paramref name="zone"/> names (times in a spring-forward gap are not asked for).</summary>
    public static DateTimeOffset LocalInstant(DateTime local, TimeZoneInfo zone) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);

    /// <summary>The clock's present moment as a wall-clock time in <paramref name="zone"/> (London when not given).</summary>
    public DateTime Local(TimeZoneInfo? zone = null) => TimeZoneInfo.ConvertTimeFromUtc(GetUtcNow().UtcDateTime, zone ?? London);
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
