using System.Net;
using System.Net.Sockets;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Identity;

/// <summary>
/// Answers that only a real account would make slow (its e-mail going out) must not wait for the mail server: a
/// server that takes its time would otherwise tell an attacker which addresses have accounts.
/// </summary>
public sealed class SilentMailServerTests : IAsyncLifetime
{
    // Accepts connections and never says a word, as an overloaded mail server can.
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private AppHost _host = default!;

    public async ValueTask InitializeAsync()
    {
        _silent.Start();
        _host = await AppHost.StartAsync(Provider.Sqlite, null, settings: new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = ((IPEndPoint)_silent.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:EnableSsl"] = "false",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _silent.Stop();
    }

    [Fact]
    public async Task A_reset_link_or_a_sign_in_pause_for_a_real_account_is_answered_without_waiting_for_the_mail_server()
    {
        using var client = _host.Client();
        // Far below the mail client's own 30 s timeout, far above a normal answer.
        client.Http.Timeout = TimeSpan.FromSeconds(10);

        var unknown = await client.PostAsync("/api/v1/auth/forgot-password", new { email = "nobody@nowhere.test" });
        var real = await client.PostAsync("/api/v1/auth/forgot-password", new { email = Demo.Email(Role.Parent) });
        Assert.Equal((unknown.Status, unknown.Body), (real.Status, real.Body));
        Assert.Equal(HttpStatusCode.OK, real.Status);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/auth/token", new { email = Demo.Email(Role.Finance), password = $"wrong guess {i} here" })).Status);
        }
    }
}
