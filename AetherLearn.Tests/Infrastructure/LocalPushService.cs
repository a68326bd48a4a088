using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>
/// A stand-in push service on a real local port: records each message a server sends to a device's endpoint and
/// answers with the status the test queued (201 Created otherwise), as FCM or Mozilla's autopush would.
/// </summary>
public sealed class LocalPushService : IAsyncDisposable
{
    public sealed record PushRequest(string Device, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    private readonly Channel<PushRequest> _received = Channel.CreateUnbounded<PushRequest>();
    private readonly Dictionary<string, Queue<int>> _answers = new();
    private readonly Dictionary<string, string> _redirects = new();
    private LocalHttpEndpoint _endpoint = default!;

    public static async Task<LocalPushService> StartAsync()
    {
        var service = new LocalPushService();
        service._endpoint = await LocalHttpEndpoint.StartAsync(service.HandleAsync);
        return service;
    }

    /// <summary>The origin push requests go to: the VAPID token's audience.</summary>
    public string Origin => _endpoint.Url;

    public string EndpointFor(string device) => $"{_endpoint.Url}/push/{device}";

    /// <summary>The next requests to <paramref name="device"/> are answered with these statuses, in order.</summary>
    public void Answer(string device, params int[] statuses)
    {
        lock (_answers)
        {
            if (!_answers.TryGetValue(device, out var queue)) { _answers[device] = queue = new Queue<int>(); }
            foreach (var status in statuses) { queue.Enqueue(status); }
        }
    }

    /// <summary>Requests to <paramref name="device"/> are answered <c>307</c> with <c>Location: <paramref name="location"/></c>.</summary>
    public void Redirect(string device, string location)
    {
        lock (_answers) { _redirects[device] = location; }
    }

    public async Task<PushRequest> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try { return await _received.Reader.ReadAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException("No push message arrived at the local push service"); }
    }

    public bool TryTake(out PushRequest? request) => _received.Reader.TryRead(out request);

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var device = context.Request.Path.Value!.Split('/').Last();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        int status;
        string? location;
        lock (_answers)
        {
            status = _answers.TryGetValue(device, out var queue) && queue.Count > 0 ? queue.Dequeue() : 201;
            if (_redirects.TryGetValue(device, out location)) { status = 307; }
        }
        if (location is not null) { context.Response.Headers.Location = location; }
        context.Response.StatusCode = status;
        if (status >= 400) { await context.Response.WriteAsync(status is 404 or 410 ? "push subscription has unsubscribed or expired." : "try again later"); }
        await _received.Writer.WriteAsync(new PushRequest(device, headers, body.ToArray()));
    }

    public async ValueTask DisposeAsync() => await _endpoint.DisposeAsync();
}

/// <summary>
/// A browser's half of Web Push, written from the RFCs rather than the library under test: its P-256 key pair and
/// auth secret, the decryption of an <c>aes128gcm</c> message (RFC 8291/8188) and the check of a VAPID header (RFC 8292).
/// </summary>
public sealed class PushBrowser : IDisposable
{
    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _auth = RandomNumberGenerator.GetBytes(16);

    public byte[] PublicKey
    {
        get
        {
            var q = _key.ExportParameters(false).Q;
            return [0x04, .. q.X!, .. q.Y!];
        }
    }

    /// <summary>What <c>PushSubscription.toJSON()</c> gives, for the subscription endpoint.</summary>
    public object Subscription(string endpoint, string? label = null) =>
        new { endpoint, expirationTime = (object?)null, keys = new { p256dh = Base64Url.EncodeToString(PublicKey), auth = Base64Url.EncodeToString(_auth) }, label };

    /// <summary>The plaintext of a message encrypted for this browser; throws when it was not (a wrong key fails the tag check).</summary>
    public string Decrypt(byte[] message)
    {
        var salt = message[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(16, 4));
        int idLength = message[20];
        if (idLength != 65) { throw new InvalidDataException($"The key id should be the server's 65-byte ephemeral key, not {idLength} bytes"); }
        var serverKey = message[21..86];
        var record = message[86..];
        if (record.Length > recordSize) { throw new InvalidDataException("Expected a single record"); }

        using var server = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = serverKey[1..33], Y = serverKey[33..65] },
        });
        var shared = _key.DeriveRawSecretAgreement(server.PublicKey);
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. PublicKey, .. serverKey];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt: _auth, info: keyInfo);
        var contentKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt: salt, info: "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt: salt, info: "Content-Encoding: nonce\0"u8.ToArray());
        using var aes = new AesGcm(contentKey, 16);
        var plain = new byte[record.Length - 16];
        aes.Decrypt(nonce, record[..^16], record[^16..], plain);
        // The last record ends with the delimiter 2, then zero padding.
        var end = Array.FindLastIndex(plain, b => b != 0);
        if (end < 0 || plain[end] != 2) { throw new InvalidDataException("The last record's padding delimiter is missing"); }
        return Encoding.UTF8.GetString(plain, 0, end);
    }

    /// <summary>Checks an <c>Authorization: vapid t=…, k=…</c> header; returns the key and the token's claims.</summary>
    public static (string Key, JsonElement Claims) VerifyVapid(string authorization)
    {
        if (!authorization.StartsWith("vapid ", StringComparison.Ordinal)) { throw new InvalidDataException($"Not a VAPID header: {authorization}"); }
        var parts = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .ToDictionary(p => p[..p.IndexOf('=')], p => p[(p.IndexOf('=') + 1)..]);
        var (token, key) = (parts["t"], parts["k"]);
        var segments = token.Split('.');
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[0])).RootElement;
        if (header.GetProperty("alg").GetString() != "ES256") { throw new InvalidDataException("The token is not ES256"); }
        var publicKey = Base64Url.DecodeFromChars(key);
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..65] } });
        var signed = Encoding.ASCII.GetBytes($"{segments[0]}.{segments[1]}");
        if (!ecdsa.VerifyData(signed, Base64Url.DecodeFromChars(segments[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new InvalidDataException("The VAPID token's signature does not match its key");
        }
        return (key, JsonDocument.Parse(Base64Url.DecodeFromChars(segments[1])).RootElement.Clone());
    }

    public void Dispose() => _key.Dispose();
}
