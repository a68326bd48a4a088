using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

public sealed class StartupTests
{
    [Fact]
    public async Task Outside_development_the_app_refuses_to_start_without_a_base_url_for_e_mail_links()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHost.StartAsync(Provider.Sqlite, null, environment: "Production"));
        Assert.Contains("App:BaseUrl is required outside Development", error.ToString());
    }
}
