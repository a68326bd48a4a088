using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Centres;

public abstract class CentresApiTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    private static async Task<Guid> CentreOfAsync(ApiClient client) =>
        (await client.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();

    [Fact]
    public async Task The_super_admin_lists_every_centre_with_its_own_time_zone()
    {
        using var super = await TestData.WithTokenAsync(Host, Demo.SuperAdmin);
        var centres = (await super.GetAsync("/api/v1/centres")).Data.EnumerateArray().ToList();

        Assert.Equal(["Northside", "Riverside"], centres.Select(c => c.GetProperty("name").GetString()));
        // The demo centres sit in different time zones (another test in this class moves Riverside's).
        Assert.Equal("Europe/London", centres[0].GetProperty("timeZone").GetString());
        Assert.NotEqual(centres[0].GetProperty("timeZone").GetString(), centres[1].GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task A_centre_admin_sees_their_centre_and_not_another()
    {
        using var north = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        using var river = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var northId = await CentreOfAsync(north);

        var own = await north.GetAsync($"/api/v1/centres/{northId}");
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal("GBP", own.Data.GetProperty("currency").GetString());
        Assert.NotEqual(0, own.Data.GetProperty("config").GetProperty("openingHours").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await river.GetAsync($"/api/v1/centres/{northId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await river.PatchAsync($"/api/v1/centres/{northId}/config", new { currency = "EUR" })).Status);
    }

    [Fact]
    public async Task Config_changes_are_validated_merged_and_kept()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var id = await CentreOfAsync(admin);

        var invalid = await admin.PatchAsync($"/api/v1/centres/{id}/config", new
        {
            timeZone = "Mars/Olympus",
            currency = "XYZW",
            openingHours = new[] { new { day = "MONDAY", opens = "18:00", closes = "09:00" } },
            features = new Dictionary<string, bool> { ["teleportation"] = true },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        foreach (var field in new[] { "timeZone", "currency", "openingHours[0]", "features.teleportation" })
        {
            Assert.True(invalid.Details.TryGetProperty(field, out _), $"{field} is reported");
        }

        var saved = await admin.PatchAsync($"/api/v1/centres/{id}/config", new
        {
            timeZone = "America/Chicago",
            openingHours = new[] { new { day = "SATURDAY", opens = "10:00", closes = "14:00" }, new { day = "MONDAY", opens = "16:00", closes = "20:00" } },
            branding = new { displayName = "Riverside Learning", primaryColour = "#00695C" },
            features = new Dictionary<string, bool> { ["leaderboards"] = false },
        });
        Assert.Equal(HttpStatusCode.OK, saved.Status);

        var reread = (await admin.GetAsync($"/api/v1/centres/{id}")).Data;
        Assert.Equal("America/Chicago", reread.GetProperty("timeZone").GetString());
        Assert.Equal("USD", reread.GetProperty("currency").GetString());
        var hours = reread.GetProperty("config").GetProperty("openingHours");
        Assert.Equal("MONDAY", hours[0].GetProperty("day").GetString());
        Assert.Equal("Riverside Learning", reread.GetProperty("config").GetProperty("branding").GetProperty("displayName").GetString());
        var features = reread.GetProperty("config").GetProperty("features");
        Assert.False(features.GetProperty("leaderboards").GetBoolean());
        Assert.True(features.GetProperty("homework").GetBoolean());
    }
}

public sealed class CentresApiTestsOnSqlite(SqliteApp app) : CentresApiTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class CentresApiTestsOnPostgres(PostgresApp app) : CentresApiTests(() => app.Host), IClassFixture<PostgresApp>;
