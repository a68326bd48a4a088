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

    [Theory]
    [InlineData("SendGrid", "Email:Provider is SendGrid: set Email:SendGrid:ApiKey")]
    [InlineData("Smtp", "Email:Provider is Smtp: set Email:Smtp:Host")]
    [InlineData("Carrier pigeon", "Email:Provider 'Carrier pigeon' is unknown: use PickupFolder, Smtp or SendGrid")]
    public async Task An_email_adapter_without_its_settings_stops_the_start_naming_what_to_set(string provider, string message)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHost.StartAsync(Provider.Sqlite, null, settings: new Dictionary<string, string?> { ["Email:Provider"] = provider }));
        Assert.Contains(message, error.ToString());
    }
}
