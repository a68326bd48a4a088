using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

/// <summary>Rate limits need a host of their own with small limits.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private AppHost _host = default!;

    public async ValueTask InitializeAsync() => _host = await AppHost.StartAsync(Provider.Sqlite, null, settings: new Dictionary<string, string?>
    {
        ["RateLimiting:PerUserPerMinute"] = "5",
        ["RateLimiting:PerIpPerMinute"] = "40",
        ["RateLimiting:SignInPerMinute"] = "3",
    });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_user_gets_their_own_budget_and_an_exhausted_one_gets_429_with_retry_after()
    {
        using var admin = await TestData.SignedInAsync(_host, Demo.Email(Role.CentreAdmin));
        using var tutor = await TestData.SignedInAsync(_host, Demo.Email(Role.Teacher));

        for (var i = 0; i < 5; i++) { Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/auth/session")).Status); }
        var limited = await admin.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.False(limited.Success);
        Assert.StartsWith("Too many requests", limited.Error);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        // Another user from the same address still has their budget.
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync("/api/auth/session")).Status);
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_limited()
    {
        using var client = _host.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostAsync("/api/v1/auth/token", new { email = "nobody@nowhere.test", password = "whatever it is here" })).Status);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_sign_in_page_shares_the_sign_in_budget_of_its_address()
    {
        using var client = _host.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "someone@x.test", ["Input.Password"] = "guess number " + i });
            statuses.Add((await client.Http.PostAsync("/account/login", form)).StatusCode);
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
    }
}
