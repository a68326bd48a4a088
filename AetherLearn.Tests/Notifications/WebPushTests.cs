using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Notifications;

public sealed class SqlitePushApp : SqliteAcademicApp
{
    protected override IDictionary<string, string?> Settings => WebPushTests.PushSettings();
}

public sealed class PostgresPushApp(PostgresCluster cluster) : PostgresAcademicApp(cluster)
{
    protected override IDictionary<string, string?> Settings => WebPushTests.PushSettings();
}

/// <summary>
/// Web push end to end: a device subscribes through the API, an event reaches it at a local push service, encrypted
/// for that device and signed with the server's VAPID key, both checked from the RFCs; gone devices are forgotten.
/// </summary>
public abstract class WebPushTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    internal static Dictionary<string, string?> PushSettings() => new()
    {
        ["Notifications:Push:AllowHttpEndpoints"] = "true", ["Notifications:Push:AdditionalHosts:0"] = "127.0.0.1",
        ["Notifications:Push:Subject"] = "mailto:ops@northside.test",
        ["Notifications:DeliveryPollMilliseconds"] = "200",
        ["Notifications:RetryBaseSeconds"] = "1",
    };

    private static string Parent(int n) => $"parent{n}@{Demo.Northside}.aetherlearn.test";

    /// <summary>Signs in and forgets any device an earlier test left, so only this test's devices receive.</summary>
    private async Task<ApiClient> SignedInWithoutDevicesAsync(string email)
    {
        var client = await TestData.WithTokenAsync(Host, email);
        foreach (var device in (await client.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray())
        {
            await client.SendAsync(HttpMethod.Delete, $"/api/v1/notifications/push-subscriptions/{device.GetProperty("id").GetGuid()}", null);
        }
        return client;
    }

    private static async Task<Guid> SubscribeAsync(ApiClient client, PushBrowser browser, string endpoint)
    {
        var response = await client.PostAsync("/api/v1/notifications/push-subscriptions", browser.Subscription(endpoint, "Chrome on Windows"));
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return response.Data.GetProperty("id").GetGuid();
    }

    private async Task MarkAsync(int student, string status)
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        var id = await Academic.UserIdAsync(Host, Demo.Student(student));
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = id, status })).Status);
    }

    private async Task<JsonElement> PushDeliveryAsync(string to, string subject, string state, Func<JsonElement, bool>? where = null)
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        for (var i = 0; i < 150; i++)
        {
            var found = (await admin.GetAsync($"/api/v1/admin/notification-deliveries?state={state}")).Data.EnumerateArray()
                .FirstOrDefault(d => d.GetProperty("channel").GetString() == "PUSH" && d.GetProperty("subject").GetString() == subject
                    && d.GetProperty("userName").GetString() == to && (where is null || where(d)));
            if (found.ValueKind != JsonValueKind.Undefined) { return found; }
            await Task.Delay(100);
        }
        Assert.Fail($"No {state} push delivery '{subject}' to {to}");
        return default;
    }

    [Fact]
    public async Task An_absence_reaches_the_parents_device_encrypted_for_it_and_signed_with_the_servers_key()
    {
        await using var pushService = await LocalPushService.StartAsync();
        using var browser = new PushBrowser();
        using var parent = await SignedInWithoutDevicesAsync(Parent(2));
        var serverKey = (await parent.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("publicKey").GetString()!;
        var device = await SubscribeAsync(parent, browser, pushService.EndpointFor("ravi-laptop"));

        await MarkAsync(3, "ABSENT");

        var push = await pushService.NextAsync();
        Assert.Equal("ravi-laptop", push.Device);
        Assert.Equal("aes128gcm", push.Headers["Content-Encoding"]);
        Assert.True(int.Parse(push.Headers["TTL"]) > 0);
        var message = JsonDocument.Parse(browser.Decrypt(push.Body)).RootElement;
        Assert.Equal("Absence", message.GetProperty("title").GetString());
        Assert.Equal("Isla Murphy was absent today", message.GetProperty("body").GetString());
        // Tapping it opens Isla's tab of the parent home.
        Assert.Equal($"/parent?child={await Academic.UserIdAsync(Host, Demo.Student(3))}", message.GetProperty("url").GetString());
        // The notification is the topic: sent again, it replaces the waiting one instead of arriving twice.
        Assert.Equal(message.GetProperty("tag").GetString(), push.Headers["Topic"]);
        var inApp = (await parent.GetAsync("/api/v1/notifications")).Data.EnumerateArray().Single(n => n.GetProperty("type").GetString() == "attendance.absent");
        Assert.Equal(inApp.GetProperty("id").GetGuid().ToString("N"), push.Headers["Topic"]);

        var (key, claims) = PushBrowser.VerifyVapid(push.Headers["Authorization"]);
        Assert.Equal(serverKey, key);
        // The push service's origin. Lib.Net.Http.WebPush leaves a non-default port out of it, which is exact for real push
        // services (all on 443) but not for this local one on a random port: the test compares scheme and host.
        Assert.Equal(new Uri(pushService.Origin).GetLeftPart(UriPartial.Scheme) + new Uri(pushService.Origin).Host, claims.GetProperty("aud").GetString());
        Assert.Equal("mailto:ops@northside.test", claims.GetProperty("sub").GetString());
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
        Assert.InRange(expires, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(24));

        await PushDeliveryAsync("Ravi Patel", "Absence", "SENT");
        var listed = (await parent.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray().Single();
        Assert.Equal(device, listed.GetProperty("id").GetGuid());
        Assert.Equal("Chrome on Windows", listed.GetProperty("label").GetString());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastSentAt").ValueKind);
    }

    [Fact]
    public async Task A_device_whose_subscription_ended_is_forgotten_while_the_others_still_get_the_message()
    {
        await using var pushService = await LocalPushService.StartAsync();
        using var phone = new PushBrowser();
        using var laptop = new PushBrowser();
        using var parent = await SignedInWithoutDevicesAsync(Parent(3));
        await SubscribeAsync(parent, phone, pushService.EndpointFor("old-phone"));
        var kept = await SubscribeAsync(parent, laptop, pushService.EndpointFor("laptop"));
        pushService.Answer("old-phone", 410);

        await MarkAsync(4, "LATE");

        var first = await pushService.NextAsync();
        var second = await pushService.NextAsync();
        var toLaptop = new[] { first, second }.Single(p => p.Device == "laptop");
        Assert.Contains("Leo Fischer", laptop.Decrypt(toLaptop.Body));
        await PushDeliveryAsync("Siobhan Murphy", "Late arrival", "SENT");
        await Eventually.UntilAsync(async () => (await parent.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").GetArrayLength() == 1,
            "the unsubscribed phone to be forgotten");
        var devices = (await parent.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal([kept], devices.Select(d => d.GetProperty("id").GetGuid()));

        // With no device left that knows the subscription, the delivery is recorded as not sent, without retries.
        pushService.Answer("laptop", 404);
        await MarkAsync(4, "ABSENT");
        var skipped = await PushDeliveryAsync("Siobhan Murphy", "Absence", "SKIPPED");
        Assert.Equal(1, skipped.GetProperty("attempts").GetInt32());
        Assert.Contains("turned push off", skipped.GetProperty("lastError").GetString());
        Assert.Equal(0, (await parent.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public async Task A_push_service_that_refuses_is_tried_again_later()
    {
        await using var pushService = await LocalPushService.StartAsync();
        using var browser = new PushBrowser();
        using var parent = await SignedInWithoutDevicesAsync(Parent(1));
        await SubscribeAsync(parent, browser, pushService.EndpointFor("hannah-phone"));
        pushService.Answer("hannah-phone", 503);

        await MarkAsync(1, "ABSENT");

        var refused = await pushService.NextAsync();
        var retried = await pushService.NextAsync();
        Assert.Equal(browser.Decrypt(refused.Body), browser.Decrypt(retried.Body));
        var sent = await PushDeliveryAsync("Hannah Thompson", "Absence", "SENT");
        Assert.Equal(2, sent.GetProperty("attempts").GetInt32());
        Assert.Single((await parent.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray());
    }

    [Fact]
    public async Task A_tutor_gets_raised_hands_on_their_tablet_unless_they_turned_push_off_for_lessons()
    {
        await using var pushService = await LocalPushService.StartAsync();
        using var tablet = new PushBrowser();
        using var tutor = await SignedInWithoutDevicesAsync(Academic.Tutor);
        await SubscribeAsync(tutor, tablet, pushService.EndpointFor("tutor-tablet"));
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        using var ella = await TestData.WithTokenAsync(Host, Demo.Student(1));
        using var noah = await TestData.WithTokenAsync(Host, Demo.Student(2));
        try
        {
            Assert.Equal(HttpStatusCode.Created, (await ella.PostAsync($"/api/v1/sessions/{session}/help-request", new { message = "Question 3" })).Status);
            var push = JsonDocument.Parse(tablet.Decrypt((await pushService.NextAsync()).Body)).RootElement;
            Assert.Equal("Hand raised", push.GetProperty("title").GetString());
            Assert.Equal("Ella Thompson: Question 3", push.GetProperty("body").GetString());
            // Tapping it opens the lesson the hand was raised in.
            Assert.Equal($"/tutor/sessions/{session}", push.GetProperty("url").GetString());

            Assert.Equal(HttpStatusCode.OK, (await tutor.PatchAsync("/api/v1/notifications/preferences", new { categories = new { ACADEMIC = new { push = "OFF" } } })).Status);
            Assert.Equal(HttpStatusCode.Created, (await noah.PostAsync($"/api/v1/sessions/{session}/help-request", new { message = "Me too" })).Status);
            await Eventually.UntilAsync(async () => (await tutor.GetAsync("/api/v1/notifications")).Data.EnumerateArray()
                .Any(n => n.GetProperty("body").GetString()!.StartsWith("Noah Patel needs help")), "Noah's raised hand in the tutor's app");
            // The app shows it, and no push delivery was planned with it (deliveries are stored with the notification).
            var noahs = (await tutor.GetAsync("/api/v1/notifications")).Data.EnumerateArray()
                .First(n => n.GetProperty("body").GetString()!.StartsWith("Noah Patel needs help")).GetProperty("id").GetGuid();
            await using var db = Host.Db();
            Assert.Equal(0, db.NotificationDeliveries.Count(d => d.NotificationId == noahs));
            Assert.False(pushService.TryTake(out _));
        }
        finally
        {
            await tutor.PatchAsync("/api/v1/notifications/preferences", new { categories = new { ACADEMIC = new { push = "ON" } } });
        }
    }

    [Fact]
    public async Task A_push_service_that_redirects_is_not_followed()
    {
        await using var pushService = await LocalPushService.StartAsync();
        await using var inside = await LocalPushService.StartAsync();
        using var browser = new PushBrowser();
        using var parent = await SignedInWithoutDevicesAsync(Parent(2));
        var device = await SubscribeAsync(parent, browser, pushService.EndpointFor("ravi-phone"));
        // The accepted push service answers with a redirect into the network: the server must not go there.
        pushService.Redirect("ravi-phone", inside.EndpointFor("intranet"));

        await MarkAsync(3, "LATE");

        await pushService.NextAsync();
        // The delivery was pending before the attempt too: wait for the attempt's answer to be recorded on it (had the
        // sender followed the redirect, that would have come first).
        var tried = await PushDeliveryAsync("Ravi Patel", "Late arrival", "PENDING", d => d.GetProperty("lastError").ValueKind == JsonValueKind.String);
        Assert.Contains("307", tried.GetProperty("lastError").GetString());
        Assert.False(inside.TryTake(out _));

        // The retries find no device and stop, so nothing of this test reaches another test's device.
        Assert.Equal(HttpStatusCode.NoContent, (await parent.SendAsync(HttpMethod.Delete, $"/api/v1/notifications/push-subscriptions/{device}", null)).Status);
        await PushDeliveryAsync("Ravi Patel", "Late arrival", "SKIPPED");
        Assert.False(inside.TryTake(out _));
    }

    /// <summary>65 bytes with the uncompressed prefix, but (X, Y) is not on P-256: no secret can ever be agreed with it.</summary>
    private static string OffCurveKey() => System.Buffers.Text.Base64Url.EncodeToString([0x04, .. Enumerable.Repeat((byte)0x01, 64)]);

    [Fact]
    public async Task A_subscription_is_checked_and_a_browser_registered_by_another_person_is_never_taken_from_them()
    {
        using var browser = new PushBrowser();
        using var maya = await SignedInWithoutDevicesAsync(Demo.Student(5));
        using var jack = await SignedInWithoutDevicesAsync(Demo.Student(6));

        var invalid = await maya.PostAsync("/api/v1/notifications/push-subscriptions",
            new { endpoint = "ftp://push.example.test/x", keys = new { p256dh = "AAAA", auth = "not base64url!" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(["endpoint", "keys.auth", "keys.p256dh"], invalid.Details.EnumerateObject().Select(p => p.Name).Order());
        // The server posts to the address it is given: only the browsers' push services on 443 are accepted, never the
        // centre's own network nor another port of an accepted host. The tests' switch lets plain http through on loopback only.
        foreach (var inside in new[]
        {
            "https://10.0.0.5/push", "https://intranet.northside.test/x", "https://fcm.googleapis.com.evil.test/x", "https://user@fcm.googleapis.com/x",
            "https://fcm.googleapis.com:8443/fcm/send/abc", "https://updates.push.services.mozilla.com:22/wpush/v2/x", "https://127.0.0.1:8443/push/x",
            "http://fcm.googleapis.com/fcm/send/abc",
        })
        {
            var refused = await maya.PostAsync("/api/v1/notifications/push-subscriptions", browser.Subscription(inside));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.StartsWith("Endpoint must be the https address a browser's push service gave", refused.Details.GetProperty("endpoint").GetString());
        }
        Assert.Equal(HttpStatusCode.Created, (await maya.PostAsync("/api/v1/notifications/push-subscriptions",
            browser.Subscription($"https://fcm.googleapis.com:443/fcm/send/explicit-port-{Guid.NewGuid():N}"))).Status);
        var missingKeys = await maya.PostAsync("/api/v1/notifications/push-subscriptions", new { endpoint = "https://fcm.googleapis.com/fcm/send/abc" });
        Assert.Equal(HttpStatusCode.BadRequest, missingKeys.Status);
        Assert.Equal(["keys.auth", "keys.p256dh"], missingKeys.Details.EnumerateObject().Select(p => p.Name).Order());
        // Keys of the right length that no message can ever be encrypted for.
        var auth = System.Buffers.Text.Base64Url.EncodeToString(new byte[16]);
        var offCurve = await maya.PostAsync("/api/v1/notifications/push-subscriptions",
            new { endpoint = "https://fcm.googleapis.com/fcm/send/off-curve", keys = new { p256dh = OffCurveKey(), auth } });
        Assert.Equal(HttpStatusCode.BadRequest, offCurve.Status);
        Assert.Equal(["keys.p256dh"], offCurve.Details.EnumerateObject().Select(p => p.Name));
        var realKey = System.Buffers.Text.Base64Url.EncodeToString(browser.PublicKey);
        var shortAuth = await maya.PostAsync("/api/v1/notifications/push-subscriptions",
            new { endpoint = "https://fcm.googleapis.com/fcm/send/short-auth", keys = new { p256dh = realKey, auth = System.Buffers.Text.Base64Url.EncodeToString(new byte[15]) } });
        Assert.Equal(HttpStatusCode.BadRequest, shortAuth.Status);
        Assert.Equal(["keys.auth"], shortAuth.Details.EnumerateObject().Select(p => p.Name));
        await SignedInWithoutDevicesAsync(Demo.Student(5));

        // The lab PC's browser: Maya turned push on and left it signed in; Jack signs in on the same browser. Her device is
        // hers: Jack's registration of that subscription is refused (the page then starts a fresh subscription for him).
        var endpoint = $"https://updates.push.services.mozilla.com/wpush/v2/lab-pc-{Guid.NewGuid():N}";
        var mayas = await SubscribeAsync(maya, browser, endpoint);
        var again = await SubscribeAsync(maya, browser, endpoint);
        Assert.Equal(mayas, again);
        var taken = await jack.PostAsync("/api/v1/notifications/push-subscriptions", browser.Subscription(endpoint));
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Contains("another account", taken.Error);
        Assert.Equal(mayas, (await maya.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.Equal(0, (await jack.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").GetArrayLength());
        using var fresh = new PushBrowser();
        var jacks = await SubscribeAsync(jack, fresh, $"https://updates.push.services.mozilla.com/wpush/v2/lab-pc-{Guid.NewGuid():N}");
        Assert.Single((await maya.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray());

        // Someone else's device is missing, not forbidden; the owner removes it.
        Assert.Equal(HttpStatusCode.NotFound, (await maya.SendAsync(HttpMethod.Delete, $"/api/v1/notifications/push-subscriptions/{jacks}", null)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await jack.SendAsync(HttpMethod.Delete, $"/api/v1/notifications/push-subscriptions/{jacks}", null)).Status);
        Assert.Equal(0, (await jack.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").GetArrayLength());
        Assert.Single((await maya.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray());
    }

    [Fact]
    public async Task A_stored_device_that_can_never_be_sent_to_is_forgotten_at_its_first_send_instead_of_failing_for_ever()
    {
        await using var pushService = await LocalPushService.StartAsync();
        using var browser = new PushBrowser();
        using var parent = await SignedInWithoutDevicesAsync(Parent(1));
        var parentId = await Academic.UserIdAsync(Host, Parent(1));
        // Rows stored before registration checked keys and ports: they were accepted then and fail on every send.
        await using (var db = Host.Db())
        {
            var centre = db.Users.Where(u => u.Id == parentId).Select(u => u.CentreId).Single();
            var key = System.Buffers.Text.Base64Url.EncodeToString(browser.PublicKey);
            var auth = System.Buffers.Text.Base64Url.EncodeToString(new byte[16]);
            db.PushDevices.AddRange(
                new AetherLearn.Core.Notifications.PushDevice { CentreId = centre, UserId = parentId, Endpoint = pushService.EndpointFor("off-curve"), P256dh = OffCurveKey(), Auth = auth, CreatedAt = DateTime.UtcNow },
                new AetherLearn.Core.Notifications.PushDevice { CentreId = centre, UserId = parentId, Endpoint = pushService.EndpointFor("short-auth"), P256dh = key, Auth = "AAAA", CreatedAt = DateTime.UtcNow },
                new AetherLearn.Core.Notifications.PushDevice { CentreId = centre, UserId = parentId, Endpoint = "https://fcm.googleapis.com:8443/fcm/send/x", P256dh = key, Auth = auth, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await MarkAsync(2, "ABSENT");

        var skipped = await PushDeliveryAsync("Hannah Thompson", "Absence", "SKIPPED");
        Assert.Equal(1, skipped.GetProperty("attempts").GetInt32());
        Assert.Contains("could never be sent to", skipped.GetProperty("lastError").GetString());
        Assert.Equal(0, (await parent.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").GetArrayLength());
        Assert.False(pushService.TryTake(out _));
    }
}

public sealed class WebPushTestsOnSqlite(SqlitePushApp app) : WebPushTests(() => app.Host), IClassFixture<SqlitePushApp>;

public sealed class WebPushTestsOnPostgres(PostgresPushApp app) : WebPushTests(() => app.Host), IClassFixture<PostgresPushApp>;

public sealed class PushServerKeyTests
{
    [Fact]
    public async Task The_servers_push_key_is_made_on_first_start_kept_across_restarts_and_stored_protected()
    {
        var database = AppHost.NewDatabase(Provider.Sqlite);
        string first;
        await using (var before = await AppHost.StartAsync(Provider.Sqlite, null, database))
        {
            using var parent = await TestData.WithTokenAsync(before, $"parent1@{Demo.Northside}.aetherlearn.test");
            first = (await parent.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("publicKey").GetString()!;
            Assert.Equal(65, System.Buffers.Text.Base64Url.DecodeFromChars(first).Length);
        }

        await using var after = await AppHost.StartAsync(Provider.Sqlite, null, database);
        using var again = await TestData.WithTokenAsync(after, $"parent2@{Demo.Northside}.aetherlearn.test");
        Assert.Equal(first, (await again.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("publicKey").GetString());

        var privateKey = (await after.Services.GetRequiredService<AetherLearn.Web.Integrations.Push.VapidKeys>().GetAsync()).PrivateKey;
        await using var db = after.Db();
        var stored = Assert.Single(db.PushServerKeys.ToList());
        Assert.Equal(first, stored.PublicKey);
        Assert.DoesNotContain(privateKey, stored.ProtectedPrivateKey);
    }
}
