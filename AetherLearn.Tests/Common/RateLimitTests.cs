using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Identity;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

/// <summary>
/// Rate limits and sign-in pauses need a host of their own with small limits, behind a trusted "proxy" (the test
/// client), so each test speaks from addresses of its own through X-Forwarded-For and the tests do not share budgets.
/// </summary>
public abstract class RateLimitTests(Func<AppHost> host)
{
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["RateLimiting:PerUserPerMinute"] = "60",
        ["RateLimiting:PerIpPerMinute"] = "1000",
        ["RateLimiting:SignInPerMinute"] = "8",
        ["RateLimiting:SignInNetworkPerMinute"] = "20",
        ["Proxy:TrustedAddresses:0"] = "127.0.0.1",
    };

    protected AppHost Host => host();

    private ApiClient From(string address)
    {
        var client = Host.Client();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    [Fact]
    public async Task Each_user_gets_their_own_budget_and_an_exhausted_one_gets_429_with_retry_after()
    {
        using var receptionist = await TestData.SignedInAsync(Host, Demo.Email(Role.Receptionist));
        using var tutor = await TestData.SignedInAsync(Host, Demo.Email(Role.Teacher));

        HttpStatusCode last;
        var ok = 0;
        while ((last = (await receptionist.GetAsync("/api/auth/session")).Status) == HttpStatusCode.OK && ok < 100) { ok++; }
        var limited = await receptionist.GetAsync("/api/auth/session");

        Assert.Equal(60, ok);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.False(limited.Success);
        Assert.StartsWith("Too many requests", limited.Error);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        // Another user from the same address still has their budget.
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync("/api/auth/session")).Status);
    }

    [Fact]
    public async Task Failed_sign_ins_from_one_address_are_limited()
    {
        using var client = From("203.0.113.1");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await client.PostAsync("/api/v1/auth/token", new { email = $"nobody{i}@nowhere.test", password = "whatever it is here" })).Status);
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 8), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // Another address is not held back.
        using var other = From("203.0.113.2");
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostAsync("/api/v1/auth/token", new { email = "nobody@nowhere.test", password = "whatever it is here" })).Status);
    }

    [Fact]
    public async Task The_sign_in_page_shares_the_sign_in_budget_of_its_address()
    {
        using var client = From("203.0.113.3");
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/auth/signin", new { email = "someone@x.test", password = "guess number " + i })).Status);
        }
        var form = await AccountPages.LoginFormAsync(client, "/account/login");
        var page = await client.Http.PostAsync("/account/login", AccountPages.LoginPost(form, "someone@x.test", "guess number 9"));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
    }

    [Fact]
    public async Task Forty_students_signing_in_from_one_lab_address_within_a_minute_all_get_in_but_forty_wrong_passwords_are_limited()
    {
        using var admin = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin));
        var students = new List<string>();
        for (var i = 0; i < 40; i++) { students.Add((await TestData.CreateUserAsync(admin, Role.Student)).Email); }
        using var lab = From("192.0.2.10");

        var signIns = new List<HttpStatusCode>();
        foreach (var email in students)
        {
            signIns.Add((await lab.PostAsync("/api/v1/auth/token", new { email, password = TestData.StrongPassword })).Status);
        }
        Assert.All(signIns, s => Assert.Equal(HttpStatusCode.OK, s));

        var wrong = new List<HttpStatusCode>();
        foreach (var email in students)
        {
            wrong.Add((await lab.PostAsync("/api/v1/auth/token", new { email, password = "not the right password" })).Status);
        }
        Assert.Equal(8, wrong.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(32, wrong.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.All(wrong.Skip(8), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task Wrong_passwords_sent_all_at_once_cannot_overshoot_the_address_budget()
    {
        using var client = From("203.0.113.4");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
            (await client.PostAsync("/api/v1/auth/token", new { email = $"parallel{i}@nowhere.test", password = "whatever it is here" })).Status));

        // Each attempt holds its place in the budget while it runs, so parallel ones are counted as sequential ones are.
        Assert.Equal(8, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(16, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task An_address_in_a_network_the_centre_listed_gets_the_higher_budget()
    {
        using var admin = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var centreId = (await admin.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();

        var bad = await admin.PatchAsync($"/api/v1/centres/{centreId}/config", new { signInNetworks = new[] { "198.51.100.0/24", "10.0.0.0/8", "not a network" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.True(bad.Details.TryGetProperty("signInNetworks[1]", out _), bad.Body);
        Assert.True(bad.Details.TryGetProperty("signInNetworks[2]", out _), bad.Body);

        var saved = await admin.PatchAsync($"/api/v1/centres/{centreId}/config", new { signInNetworks = new[] { "198.51.100.0/24", "2001:db8:10::/48" } });
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal(["198.51.100.0/24", "2001:db8:10::/48"], saved.Data.GetProperty("config").GetProperty("signInNetworks").EnumerateArray().Select(n => n.GetString()));

        Assert.Equal(20, await FailuresBeforeLimitAsync("198.51.100.23"));
        Assert.Equal(20, await FailuresBeforeLimitAsync("2001:db8:10::7"));
        Assert.Equal(8, await FailuresBeforeLimitAsync("198.51.101.23"));
    }

    [Fact]
    public async Task An_attacker_elsewhere_cannot_lock_the_owner_out_and_the_owner_is_told_by_e_mail()
    {
        using var admin = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var (_, owner) = await TestData.CreateUserAsync(admin, Role.Teacher);
        using var attacker = From("203.0.113.66");

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.PostAsync("/api/v1/auth/token", new { email = owner, password = $"guess {i} for the password" })).Status);
        }
        // Paused for the attacker's address, even if they now guess right...
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.PostAsync("/api/v1/auth/token", new { email = owner, password = TestData.StrongPassword })).Status);
        // ...but not for the owner at home or at the centre.
        using var home = From("192.0.2.77");
        Assert.Equal(HttpStatusCode.OK, (await home.PostAsync("/api/v1/auth/token", new { email = owner, password = TestData.StrongPassword })).Status);

        var mail = await AccountPages.MailToAsync(Host, owner);
        Assert.Contains("Subject: Sign-in to your AetherLearn account was paused", mail);
        Assert.Contains("203.0.113.66", mail);
    }

    [Fact]
    public async Task Failures_on_one_account_from_many_addresses_slow_its_answers_down_alike_for_an_unknown_e_mail_but_the_owner_gets_in()
    {
        using var admin = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var (_, owner) = await TestData.CreateUserAsync(admin, Role.Parent);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.test";

        // Ten failures (Auth:SlowdownAfterFailures), each from another address: no address is paused, the accounts are slowed.
        for (var i = 0; i < 10; i++)
        {
            using var bot = From($"203.0.113.{100 + i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync("/api/v1/auth/token", new { email = owner, password = $"guess {i} for the password" })).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync("/api/v1/auth/token", new { email = unknown, password = $"guess {i} for the password" })).Status);
        }

        // A lower bound only (a slow machine cannot make it fail): the answer waited at least the first step of the slow-down.
        using var home = From("192.0.2.88");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await home.PostAsync("/api/v1/auth/token", new { email = owner, password = TestData.StrongPassword })).Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"the owner's answer came after {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        Assert.Equal(HttpStatusCode.Unauthorized, (await home.PostAsync("/api/v1/auth/token", new { email = unknown, password = TestData.StrongPassword })).Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"the unknown e-mail's answer came after {watch.ElapsedMilliseconds} ms");
    }

    private async Task<int> FailuresBeforeLimitAsync(string address)
    {
        using var client = From(address);
        for (var i = 0; i < 50; i++)
        {
            var response = await client.PostAsync("/api/v1/auth/token", new { email = $"nobody{i}@nowhere.test", password = "whatever it is here" });
            if (response.Status == HttpStatusCode.TooManyRequests) { return i; }
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        }
        return 50;
    }
}

public sealed class RateLimitApp(PostgresCluster cluster, Provider provider) : IAsyncLifetime
{
    private AppHost? _host;

    public AppHost Host
    {
        get
        {
            if (provider == Provider.Postgres && cluster.UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
            return _host!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (provider == Provider.Sqlite || cluster.UnavailableReason is null)
        {
            _host = await AppHost.StartAsync(provider, cluster, settings: RateLimitTests.Settings);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) { await _host.DisposeAsync(); }
    }
}

public sealed class SqliteRateLimitApp(PostgresCluster cluster) : IAsyncLifetime
{
    public RateLimitApp App { get; } = new(cluster, Provider.Sqlite);
    public ValueTask InitializeAsync() => App.InitializeAsync();
    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public sealed class PostgresRateLimitApp(PostgresCluster cluster) : IAsyncLifetime
{
    public RateLimitApp App { get; } = new(cluster, Provider.Postgres);
    public ValueTask InitializeAsync() => App.InitializeAsync();
    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public sealed class RateLimitTestsOnSqlite(SqliteRateLimitApp app) : RateLimitTests(() => app.App.Host), IClassFixture<SqliteRateLimitApp>;

public sealed class RateLimitTestsOnPostgres(PostgresRateLimitApp app) : RateLimitTests(() => app.App.Host), IClassFixture<PostgresRateLimitApp>;
