using System.Diagnostics;
using System.Security.Claims;
using AetherLearn.Core;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Data;
using AetherLearn.Data.Common;
using AetherLearn.Web.Identity;
using Microsoft.EntityFrameworkCore;

// dotnet LeaderboardRead.dll <postgres connection string> [students=100000] [ledger rows=10000000] [reads per case=2000]
// Generates the data in the database (demo centre Northside plus the bench students), then measures leaderboard reads
// through the app's own service (ILeaderboards) before and after recomputes. See bench/README.md.
if (args.Length < 1) { Console.Error.WriteLine("usage: <postgres connection> [students] [ledger rows] [reads]"); return 2; }
var connection = args[0];
var students = args.Length > 1 ? int.Parse(args[1]) : 100_000;
var rows = args.Length > 2 ? long.Parse(args[2]) : 10_000_000;
var reads = args.Length > 3 ? int.Parse(args[3]) : 2000;

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = "Postgres",
    ["ConnectionStrings:Default"] = connection,
}).Build();
var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(configuration);
services.AddLogging();
services.AddAetherCore();
services.AddAetherData(configuration, Directory.GetCurrentDirectory());
// Core and Data wake their workers through the live bus (the app registers it with its realtime services).
AetherLearn.Web.Realtime.LiveBusSetup.AddInProcessLiveBus(services);
services.AddSingleton(TimeProvider.System);
// The demo seeder hashes the demo accounts' passwords.
services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<AetherLearn.Core.Users.AppUser>, Microsoft.AspNetCore.Identity.PasswordHasher<AetherLearn.Core.Users.AppUser>>();
services.AddSingleton<Microsoft.AspNetCore.Identity.ILookupNormalizer, Microsoft.AspNetCore.Identity.UpperInvariantLookupNormalizer>();
services.AddScoped<CurrentUser>();
services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
services.AddScoped<IBackgroundIdentity>(sp => sp.GetRequiredService<CurrentUser>());
// A console tool with its own container, not an ASP.NET Core app configuring itself: the analyzer's concern does not apply.
#pragma warning disable ASP0000
await using var provider = services.BuildServiceProvider();
#pragma warning restore ASP0000

await using (var scope = provider.CreateAsyncScope())
{
    var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
    await initializer.MigrateAsync();
    await initializer.SeedDemoAsync();
}

Guid centre, tutor;
List<Guid> optedIn;
await using (var db = provider.GetRequiredService<SystemContexts>().System())
{
    db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
    centre = await db.Centres.Where(c => c.Slug == "northside").Select(c => c.Id).SingleAsync();
    tutor = await db.Users.Where(u => u.CentreId == centre && u.Role == Role.Teacher).Select(u => u.Id).FirstAsync();
    if (!await db.Users.AnyAsync(u => u.Email!.StartsWith("bench1@")))
    {
        var clock = Stopwatch.StartNew();
        await Generate.AllAsync(db, centre, students, rows);
        Console.WriteLine($"generated {students:N0} students and {rows:N0} ledger rows in {clock.Elapsed.TotalSeconds:N0} s");
    }
    optedIn = await db.StudentProgress.Where(p => p.CentreId == centre && p.LeaderboardOptIn).Select(p => p.StudentId).ToListAsync();
    Console.WriteLine($"{await db.XpLedger.LongCountAsync():N0} ledger rows, {optedIn.Count:N0} students opted in of {await db.StudentProgress.CountAsync():N0}");
}

var random = new Random(42);
var periods = Enum.GetValues<LeaderboardPeriod>();

// Before: no stored board yet, so the first read of each period recomputes it.
foreach (var period in periods)
{
    var clock = Stopwatch.StartNew();
    var view = await ReadAsync(optedIn[0], Role.Student, period);
    Console.WriteLine($"first read, {period}: {clock.Elapsed.TotalMilliseconds:N0} ms (recompute included), {view.RankedCount:N0} ranked");
}
await MeasureAsync("stored boards");

// A recompute of every board (the hourly job), then the same reads.
{
    await using var scope = provider.CreateAsyncScope();
    var clock = Stopwatch.StartNew();
    await scope.ServiceProvider.GetRequiredService<ILeaderboardRecompute>().RunAsync();
    Console.WriteLine($"recompute of the three boards: {clock.Elapsed.TotalMilliseconds:N0} ms");
}
await MeasureAsync("after a recompute");

// Reads while the boards are being recomputed (readers see the old ranking until the swap commits).
var recompute = Task.Run(async () =>
{
    await using var scope = provider.CreateAsyncScope();
    var clock = Stopwatch.StartNew();
    await scope.ServiceProvider.GetRequiredService<ILeaderboardRecompute>().RunAsync();
    return clock.Elapsed;
});
await MeasureDuringAsync(recompute);
Console.WriteLine($"(that recompute took {(await recompute).TotalMilliseconds:N0} ms)");
return 0;

async Task<LeaderboardView> ReadAsync(Guid user, Role role, LeaderboardPeriod period)
{
    await using var scope = provider.CreateAsyncScope();
    var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, user.ToString()), new Claim(ClaimTypes.Role, role.ToString()), new Claim(AetherClaims.Centre, centre.ToString())],
        "bench", ClaimTypes.Name, ClaimTypes.Role));
    scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(principal);
    return await scope.ServiceProvider.GetRequiredService<ILeaderboards>().ReadAsync(period.ToString(), "centre", null);
}

async Task MeasureDuringAsync(Task recomputing)
{
    var times = new List<double>();
    for (var i = 0; !recomputing.IsCompleted; i++)
    {
        var clock = Stopwatch.StartNew();
        await ReadAsync(optedIn[random.Next(optedIn.Count)], Role.Student, periods[i % periods.Length]);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    if (times.Count > 0) { Console.WriteLine($"during a recompute, all periods: {times.Count} reads, p50 {Percentile(times, 0.50):N2} ms, p99 {Percentile(times, 0.99):N2} ms, max {times[^1]:N2} ms"); }
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

async Task MeasureAsync(string label)
{
    foreach (var period in periods)
    {
        // Warm-up, then one student at a time (top 20 and their own place), as a page would.
        for (var i = 0; i < 50; i++) { await ReadAsync(optedIn[random.Next(optedIn.Count)], Role.Student, period); }
        var times = new List<double>(reads);
        for (var i = 0; i < reads; i++)
        {
            var asTutor = i % 10 == 0;
            var clock = Stopwatch.StartNew();
            var view = await ReadAsync(asTutor ? tutor : optedIn[random.Next(optedIn.Count)], asTutor ? Role.Teacher : Role.Student, period);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (view.Entries.Count == 0) { throw new InvalidOperationException("empty board"); }
        }
        times.Sort();
        Console.WriteLine($"{label}, {period}: {times.Count} reads, p50 {Percentile(times, 0.50):N2} ms, p99 {Percentile(times, 0.99):N2} ms, max {times[^1]:N2} ms");
    }
}
