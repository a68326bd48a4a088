using System.Net;
using System.Text.Json;
using AetherLearn.Core.Integrations;
using AetherLearn.Core.Notifications;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Integrations.Push;

/// <summary>
/// Web Push through Lib.Net.Http.WebPush: the payload encrypted for the browser (aes128gcm, RFC 8291), the request
/// signed with the server's VAPID key (RFC 8292). The notification id is the topic, so a message sent again replaces
/// the one still waiting at the push service rather than arriving twice.
/// </summary>
internal sealed class WebPushSender(VapidKeys keys, IHttpClientFactory http, IOptions<PushOptions> options, IOptions<Email.EmailOptions> email) : IPushSender
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private VapidAuthentication? _vapid;

    public async Task<PushOutcome> SendAsync(string endpoint, string p256dh, string auth, PushPayload payload, CancellationToken ct = default)
    {
        var client = new PushServiceClient(http.CreateClient("WebPush"))
        {
            DefaultAuthentication = await VapidAsync(ct),
            DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid,
            // The delivery worker owns retries (with backoff, recorded for admins).
            AutoRetryAfter = false,
        };
        var subscription = new PushSubscription { Endpoint = endpoint };
        subscription.SetKey(PushEncryptionKeyName.P256DH, p256dh);
        subscription.SetKey(PushEncryptionKeyName.Auth, auth);
        var message = new PushMessage(JsonSerializer.Serialize(payload, Json)) { Topic = payload.Tag, TimeToLive = 24 * 3600, Urgency = PushMessageUrgency.Normal };
        try
        {
            await client.RequestPushMessageDeliveryAsync(subscription, message, ct);
            return PushOutcome.Delivered;
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return PushOutcome.Gone;
        }
        catch (PushServiceClientException ex)
        {
            var body = ex.Body ?? "";
            throw new InvalidOperationException($"The push service answered {(int)ex.StatusCode}: {body[..Math.Min(body.Length, 300)]}".TrimEnd(' ', ':'));
        }
    }

    private async Task<VapidAuthentication> VapidAsync(CancellationToken ct)
    {
        if (_vapid is { } ready) { return ready; }
        var pair = await keys.GetAsync(ct);
        var subject = options.Value.Subject is { Length: > 0 } configured ? configured : $"mailto:{email.Value.FromAddress}";
        return _vapid = new VapidAuthentication(pair.PublicKey, pair.PrivateKey) { Subject = subject, Expiration = 12 * 3600 };
    }
}
