using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MaxLengthAttribute = System.ComponentModel.DataAnnotations.MaxLengthAttribute;

namespace AetherLearn.Core.Notifications;

/// <summary>
/// A browser on a device where its user turned push on: the push service address the browser gave, and the keys its
/// messages are encrypted for (RFC 8291).
/// </summary>
public sealed class PushDevice : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid UserId { get; set; }
    public required string Endpoint { get; set; }
    /// <summary>The browser's public key (P-256, uncompressed, base64url).</summary>
    public required string P256dh { get; set; }
    /// <summary>The browser's 16-byte authentication secret (base64url).</summary>
    public required string Auth { get; set; }
    /// <summary>What the user sees in their list ("Chrome on Windows").</summary>
    public string? Label { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSentAt { get; set; }
}

/// <summary>
/// The server's VAPID key pair (RFC 8292), made on first start so every node signs with the same key and browsers'
/// subscriptions stay valid across restarts; the private half is stored data-protected.
/// </summary>
public sealed class PushServerKey
{
    public int Id { get; set; }
    /// <summary>P-256 public key, uncompressed, base64url: what browsers subscribe with.</summary>
    public required string PublicKey { get; set; }
    public required string ProtectedPrivateKey { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Section <c>Notifications:Push</c>.</summary>
public sealed class PushOptions
{
    /// <summary>The contact push services may use about this server (VAPID <c>sub</c>): a mailto: or https: address.</summary>
    public string? Subject { get; set; }
    /// <summary>
    /// Tests only: also accept plain-http push addresses on a loopback address, on any port (a local push service on a
    /// random port). The host must still be listed in <see cref="AdditionalHosts"/>; https addresses keep the 443-only rule.
    /// </summary>
    public bool AllowHttpEndpoints { get; set; }
    /// <summary>Push services besides the browsers' own (<see cref="BrowserPushServices"/>), e.g. a self-hosted one: host names, subdomains included.</summary>
    public string[] AdditionalHosts { get; set; } = [];

    /// <summary>
    /// The push services of Chrome/Edge/Opera (FCM), Firefox, Safari and Windows. Only these are accepted, because the
    /// server posts to the address a user gives: anything else would let a user aim it at the centre's own network.
    /// </summary>
    public static readonly string[] BrowserPushServices =
        ["fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"];

    /// <summary>
    /// An https address on port 443 (every real push service) at an accepted host; another port on an accepted host
    /// would still let a user aim the server at whatever else listens there.
    /// </summary>
    public bool IsAllowed(Uri endpoint) =>
        ((endpoint.Scheme == Uri.UriSchemeHttps && endpoint.Port == 443)
            || (AllowHttpEndpoints && endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
        && string.IsNullOrEmpty(endpoint.UserInfo)
        && BrowserPushServices.Concat(AdditionalHosts).Any(h => endpoint.Host.Equals(h, StringComparison.OrdinalIgnoreCase)
            || endpoint.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why a device (as given, or as stored before these checks existed) can never be sent to, or null when it can.</summary>
    public string? Unusable(string? endpoint, string? p256dh, string? auth) =>
        !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && IsAllowed(uri)) ? "its push address is not an accepted push service on port 443"
        : !PushKeys.IsPublicKey(p256dh) ? "its public key is not a P-256 point"
        : !PushKeys.IsAuthSecret(auth) ? "its authentication secret is not 16 bytes"
        : null;

    /// <summary>Devices kept per user; enabling one more forgets the one used least recently.</summary>
    public int MaxDevicesPerUser { get; set; } = 10;
}

/// <summary>
/// The checks a browser's keys must pass for a message ever to be encrypted for them (RFC 8291): anything else fails on
/// every send, so it is refused when given and forgotten when found stored.
/// </summary>
public static class PushKeys
{
    /// <summary>A P-256 public key: 65 bytes, uncompressed (0x04, X, Y), and a point on the curve.</summary>
    public static bool IsPublicKey(string? base64Url)
    {
        if (Decode(base64Url) is not { Length: 65 } key || key[0] != 0x04) { return false; }
        try
        {
            // The import checks the point is on the curve (a key off it can never agree a secret).
            using var ecdh = System.Security.Cryptography.ECDiffieHellman.Create(new System.Security.Cryptography.ECParameters
            {
                Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
                Q = new System.Security.Cryptography.ECPoint { X = key[1..33], Y = key[33..65] },
            });
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException) { return false; }
    }

    /// <summary>The browser's authentication secret: exactly 16 bytes.</summary>
    public static bool IsAuthSecret(string? base64Url) => Decode(base64Url) is { Length: 16 };

    private static byte[]? Decode(string? base64Url)
    {
        if (string.IsNullOrEmpty(base64Url) || base64Url.Length > 200) { return null; }
        try { return System.Buffers.Text.Base64Url.DecodeFromChars(base64Url.TrimEnd('=')); }
        catch (FormatException) { return null; }
    }
}

internal sealed class PushDevices(IDbSessionFactory dbFactory, ICurrentUser currentUser, IOptions<PushOptions> options, TimeProvider clock)
    : IPushDevices, IPushTargets
{
    public async Task<IReadOnlyList<PushDeviceView>> MineAsync(CancellationToken ct = default)
    {
        var me = Me();
        await using var db = dbFactory.Create<INotificationsDb>();
        var rows = await db.PushDevices.AsNoTracking().Where(d => d.UserId == me).OrderByDescending(d => d.CreatedAt).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task<PushDeviceView> SubscribeAsync(SubscribePushRequest request, CancellationToken ct = default)
    {
        TextRules.Check(request);
        var me = Me();
        if (currentUser.CentreId is null) { throw new ConflictException("Notifications, push included, are for the accounts of a centre"); }
        var v = new Validator();
        v.Require("endpoint", request.Endpoint, "Endpoint", 1000);
        if (!v.HasErrors)
        {
            var ok = Uri.TryCreate(request.Endpoint, UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.UserInfo) && options.Value.IsAllowed(uri);
            v.Check(ok, "endpoint", "Endpoint must be the https address a browser's push service gave (Chrome, Edge, Firefox, Safari or Windows), on the default port");
        }
        v.Check(PushKeys.IsPublicKey(request.Keys?.P256dh), "keys.p256dh",
            "keys.p256dh must be the browser's P-256 public key (65 bytes, uncompressed, a point on the curve, base64url)");
        v.Check(PushKeys.IsAuthSecret(request.Keys?.Auth), "keys.auth", "keys.auth must be the browser's 16-byte secret (base64url)");
        v.Check(request.Label is null || request.Label.Length <= 200, "label", "Label must be at most 200 characters");
        v.ThrowIfInvalid();

        var now = clock.UtcNowForStorage();
        var endpoint = request.Endpoint!.Trim();
        // A browser's subscription belongs to one person. Another person's device is never taken over or removed here:
        // sent on, their news would reach whoever now sits at the browser (a shared lab PC left signed in), and removed, a
        // person could silence someone else's device by posting its address. The browser starts a fresh subscription
        // instead (a new endpoint, see js/push.js); the old one then answers 410 and is forgotten at its next send.
        await using (var system = dbFactory.CreateSystem<INotificationsDb>())
        {
            if (await system.PushDevices.AnyAsync(d => d.Endpoint == endpoint && d.UserId != me, ct))
            {
                throw new ConflictException("This browser's push subscription is registered to another account; start a new subscription on this browser and register that");
            }
        }
        await using var db = dbFactory.Create<INotificationsDb>();
        var device = await db.PushDevices.FirstOrDefaultAsync(d => d.Endpoint == endpoint, ct);
        if (device is null)
        {
            var mine = await db.PushDevices.Where(d => d.UserId == me).OrderBy(d => d.LastSentAt ?? d.CreatedAt).ToListAsync(ct);
            db.PushDevices.RemoveRange(mine.Take(Math.Max(0, mine.Count - options.Value.MaxDevicesPerUser + 1)));
            db.PushDevices.Add(device = new PushDevice { UserId = me, Endpoint = endpoint, P256dh = "", Auth = "", CreatedAt = now });
        }
        (device.P256dh, device.Auth, device.Label) = (request.Keys!.P256dh!, request.Keys.Auth!, request.Label?.Trim() ?? device.Label);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { throw new ConflictException("This browser was being registered at the same moment; try again"); }
        return View(device);
    }

    public async Task UnsubscribeAsync(Guid id, CancellationToken ct = default)
    {
        var me = Me();
        await using var db = dbFactory.Create<INotificationsDb>();
        // Someone else's device is answered as missing.
        var removed = await db.PushDevices.Where(d => d.Id == id && d.UserId == me).ExecuteDeleteAsync(ct);
        if (removed == 0) { throw new NotFoundException("Push device"); }
    }

    public async Task<IReadOnlyList<PushTarget>> ForUserAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<INotificationsDb>();
        return await db.PushDevices.AsNoTracking().Where(d => d.UserId == userId).OrderBy(d => d.CreatedAt)
            .Select(d => new PushTarget(d.Id, d.Endpoint, d.P256dh, d.Auth)).ToListAsync(ct);
    }

    public async Task ForgetAsync(Guid deviceId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<INotificationsDb>();
        await db.PushDevices.Where(d => d.Id == deviceId).ExecuteDeleteAsync(ct);
    }

    public async Task SentAsync(Guid deviceId, CancellationToken ct = default)
    {
        var now = clock.UtcNowForStorage();
        await using var db = dbFactory.Create<INotificationsDb>();
        await db.PushDevices.Where(d => d.Id == deviceId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSentAt, now), ct);
    }

    private Guid Me() => currentUser.IsAuthenticated && currentUser.UserId is { } id && currentUser.Role is not null ? id : throw new ForbiddenException();

    private static PushDeviceView View(PushDevice d) => new(d.Id, d.Endpoint, d.Label, d.CreatedAt, d.LastSentAt);
}
