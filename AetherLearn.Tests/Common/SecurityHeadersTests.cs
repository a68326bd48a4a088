using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Common;

/// <summary>
/// Response headers, the session cookie's Secure flag and Kestrel's own error answers. Headers do not depend on the
/// database, so these run on SQLite only. The browser suite runs every page under the policy (BrowserFixture fails
/// a test on any CSP violation).
/// </summary>
public sealed class SecurityHeadersTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_page_carries_one_content_security_policy_with_a_nonce_for_its_import_map_and_the_other_headers()
    {
        using var client = app.Host.Client();
        using var response = await client.Http.GetAsync("/account/login");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var nonce = Regex.Match(policy, "script-src 'self' 'nonce-([^']+)';").Groups[1].Value;
        Assert.NotEmpty(nonce);
        var importMap = Regex.Match(html, "<script[^>]*type=\"importmap\"[^>]*>").Value;
        Assert.Contains($"nonce=\"{nonce}\"", importMap);
        // Each page has its own nonce, written in the page exactly as in the policy (one with a character the page
        // encodes, such as '+', would differ from the policy's as text: about a third of Base64 nonces did).
        var nonces = new HashSet<string> { nonce };
        for (var i = 0; i < 20; i++)
        {
            using var another = await client.Http.GetAsync("/account/login");
            var next = Regex.Match(Assert.Single(another.Headers.GetValues("Content-Security-Policy")), "'nonce-([^']+)'").Groups[1].Value;
            Assert.Contains($"nonce=\"{next}\"", await another.Content.ReadAsStringAsync());
            Assert.True(nonces.Add(next), "a nonce was used twice");
        }
        // The import map is the only inline script.
        Assert.Single(Regex.Matches(html, "<script(?![^>]*\\bsrc=)"));
        foreach (var directive in new[]
        {
            "default-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: https:",
            $"connect-src 'self' ws://{client.Http.BaseAddress!.Authority}", "worker-src 'self'", "frame-ancestors 'none'",
            "form-action 'self'", "base-uri 'self'", "object-src 'none'",
        })
        {
            Assert.Contains(directive, policy);
        }
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        // Plain http: no HSTS (browsers ignore it there, and it would pin a developer's localhost).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task An_interactive_page_signed_in_has_the_same_single_policy()
    {
        using var client = app.Host.Client();
        await client.SignInAsync(Demo.Email(Role.Student));
        using var response = await client.Http.GetAsync("/student");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self' 'nonce-", policy);
    }

    [Fact]
    public async Task Api_answers_carry_nosniff_and_a_policy_that_allows_nothing()
    {
        using var client = app.Host.Client();
        var refused = await client.GetAsync("/api/v1/users");
        await client.AuthenticateWithTokenAsync(Demo.Email(Role.CentreAdmin));
        var listed = await client.GetAsync("/api/v1/users");

        foreach (var response in new[] { refused, listed })
        {
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
    }

    [Fact]
    public async Task Hsts_is_sent_over_a_real_tls_endpoint_and_behind_a_trusted_proxy_that_says_https_but_never_over_plain_http()
    {
        using var certificate = SelfSigned();
        await using var host = await AppHost.StartAsync(Provider.Sqlite, null,
            settings: new Dictionary<string, string?> { ["Proxy:TrustedAddresses:0"] = "127.0.0.1" },
            moreEndpoints: o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var https = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.FirstOrDefault(a => a.StartsWith("https://"));
        Assert.True(https is not null, string.Join(", ", host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses));

        using var tls = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = new Uri(https) };
        // A real host name: HSTS is never sent for localhost.
        using var overTls = await SendAsync(tls, "/account/login", host: "learn.example.org");
        using var apiOverTls = await SendAsync(tls, "/api/v1/users", host: "learn.example.org");
        using var localhostOverTls = await SendAsync(tls, "/account/login", host: "localhost");
        using var plain = await SendAsync(host.Client().Http, "/account/login", host: "learn.example.org");
        using var proxied = await SendAsync(host.Client().Http, "/account/login", host: "learn.example.org", forwardedProto: "https");

        Assert.True(overTls.IsSuccessStatusCode, overTls.StatusCode.ToString());
        Assert.Equal("max-age=31536000", Assert.Single(overTls.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("max-age=31536000", Assert.Single(apiOverTls.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("max-age=31536000", Assert.Single(proxied.Headers.GetValues("Strict-Transport-Security")));
        // Over TLS the circuit's socket is wss://.
        Assert.Contains("connect-src 'self' wss://learn.example.org", Assert.Single(overTls.Headers.GetValues("Content-Security-Policy")));
        Assert.False(localhostOverTls.Headers.Contains("Strict-Transport-Security"));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Outside_development_the_session_cookie_is_secure_by_default_and_the_setting_still_overrides_it()
    {
        var production = new Dictionary<string, string?> { ["App:BaseUrl"] = "https://learn.example.org", ["Seed:AllowInProduction"] = "true" };
        await using var byDefault = await AppHost.StartAsync(Provider.Sqlite, null, settings: production, environment: "Production");
        await using var overridden = await AppHost.StartAsync(Provider.Sqlite, null,
            settings: new Dictionary<string, string?>(production) { ["Auth:SecureCookiesOnly"] = "false" }, environment: "Production");

        Assert.Contains("secure", await SessionCookieAsync(byDefault), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", await SessionCookieAsync(overridden), StringComparison.OrdinalIgnoreCase);
        // Development (the class's own app) serves plain-http localhost: not Secure, or the browser would drop it.
        Assert.DoesNotContain("secure", await SessionCookieAsync(app.Host), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Kestrels_own_414_431_and_400_answers_on_the_api_carry_the_envelope_and_pages_keep_the_bare_answer()
    {
        var longUrl = await RawAsync($"GET /api/v1/users?q={new string('a', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n");
        var bigHeaders = await RawAsync($"GET /api/v1/users HTTP/1.1\r\nHost: x\r\nX-Big: {new string('b', 40_000)}\r\n\r\n");
        var malformed = await RawAsync("GET /api/v1/users HTTP/1.1\r\nHost: x\r\nThis is no header\r\n\r\n");
        var badMethod = await RawAsync("G@T /api/v1/users HTTP/1.1\r\nHost: x\r\n\r\n");
        var page = await RawAsync($"GET /student?q={new string('a', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n");

        AssertEnvelope(longUrl, 414, "The URL is too long");
        AssertEnvelope(bigHeaders, 431, "The request headers are too large");
        AssertEnvelope(malformed, 400, "Bad request: the request line or a header is malformed");
        AssertEnvelope(badMethod, 400, "Bad request: the request line or a header is malformed");
        Assert.Equal(414, page.Status);
        Assert.Equal("", page.Body);
    }

    [Fact]
    public async Task A_bad_request_after_good_ones_on_the_same_connection_still_gets_the_envelope_and_good_answers_are_untouched()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.Host.BaseAddress.Host, app.Host.BaseAddress.Port);
        var stream = tcp.GetStream();
        var reader = new RawReader(stream);

        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/v1/no-such-thing HTTP/1.1\r\nHost: x\r\n\r\n"));
        var first = await reader.ReadAnswerAsync();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /account/login HTTP/1.1\r\nHost: x\r\n\r\n"));
        var second = await reader.ReadAnswerAsync();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/v1/users?q={new string('a', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n"));
        var third = await reader.ReadAnswerAsync();

        Assert.Equal(404, first.Status);
        Assert.Equal("No API endpoint GET /api/v1/no-such-thing", JsonDocument.Parse(first.Body).RootElement.GetProperty("error").GetString());
        Assert.Equal(200, second.Status);
        Assert.Contains("<html", second.Body);
        AssertEnvelope(third, 414, "The URL is too long");
    }

    private static void AssertEnvelope(RawAnswer answer, int status, string error)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/json; charset=utf-8", answer.Headers["content-type"]);
        Assert.Equal(Encoding.UTF8.GetByteCount(answer.Body).ToString(), answer.Headers.GetValueOrDefault("content-length"));
        var root = JsonDocument.Parse(answer.Body).RootElement;
        Assert.False(root.GetProperty("success").GetBoolean());
        Assert.Equal(error, root.GetProperty("error").GetString());
    }

    private async Task<RawAnswer> RawAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.Host.BaseAddress.Host, app.Host.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        return await new RawReader(stream).ReadAnswerAsync();
    }

    private sealed record RawAnswer(int Status, Dictionary<string, string> Headers, string Body);

    /// <summary>Reads one HTTP/1.1 answer off a socket: the head, then Content-Length bytes of body.</summary>
    private sealed class RawReader(NetworkStream stream)
    {
        private readonly List<byte> _buffer = [];

        public async Task<RawAnswer> ReadAnswerAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var end = await LineEndAsync("\r\n\r\n", timeout.Token);
            var head = Take(end, 4).Split("\r\n");
            var headers = head.Skip(1).Select(h => h.Split(": ", 2)).ToDictionary(p => p[0].ToLowerInvariant(), p => p[1]);
            var body = new StringBuilder();
            if (headers.ContainsKey("transfer-encoding"))
            {
                // Chunked: size line, data, CRLF, until a zero-size chunk.
                while (true)
                {
                    var size = Convert.ToInt32(Take(await LineEndAsync("\r\n", timeout.Token), 2), 16);
                    while (_buffer.Count < size + 2) { await FillAsync(timeout.Token); }
                    body.Append(Take(size, 2));
                    if (size == 0) { break; }
                }
            }
            else
            {
                var length = headers.TryGetValue("content-length", out var l) ? int.Parse(l) : 0;
                while (_buffer.Count < length) { await FillAsync(timeout.Token); }
                body.Append(Take(length, 0));
            }
            return new RawAnswer(int.Parse(head[0].Split(' ')[1]), headers, body.ToString());
        }

        private string Take(int length, int skip)
        {
            var text = Encoding.UTF8.GetString(_buffer.GetRange(0, length).ToArray());
            _buffer.RemoveRange(0, length + skip);
            return text;
        }

        private async Task<int> LineEndAsync(string marker, CancellationToken cancellationToken)
        {
            int end;
            while ((end = IndexOf(marker)) < 0) { await FillAsync(cancellationToken); }
            return end;
        }

        private int IndexOf(string marker)
        {
            for (var i = 0; i + marker.Length <= _buffer.Count; i++)
            {
                var match = true;
                for (var j = 0; j < marker.Length && match; j++) { match = _buffer[i + j] == marker[j]; }
                if (match) { return i; }
            }
            return -1;
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            var chunk = new byte[16384];
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0) { throw new IOException($"connection closed after {_buffer.Count} bytes: {Encoding.ASCII.GetString([.. _buffer])}"); }
            _buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string host, string? forwardedProto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        if (forwardedProto is not null) { request.Headers.Add("X-Forwarded-Proto", forwardedProto); }
        return await client.SendAsync(request);
    }

    private static async Task<string> SessionCookieAsync(AppHost host)
    {
        using var client = host.Client();
        using var response = await client.Http.PostAsync("/api/auth/signin",
            JsonContent(new { email = Demo.Email(Role.Student), password = Demo.Password }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("aether.session=", StringComparison.Ordinal));
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=learn.example.org", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form the platform's TLS can use: round-trip through PFX.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
