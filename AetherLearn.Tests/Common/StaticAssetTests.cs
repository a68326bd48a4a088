using System.Net;
using System.Text.RegularExpressions;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

/// <summary>
/// The app as the test host runs it (build output, Development) but without Development's asset hot reload
/// (<c>ReloadStaticAssetsAtRuntime=false</c>). With it, Development rewrites every asset's Cache-Control to no-cache and,
/// finding a file's date unlike the manifest's, "re-compresses" it on the fly at no compression at all (627 545 bytes
/// of gzip for 627 417 of CSS): that is what `dotnet run` serves, not what a deployment does. Without it the answers
/// are the endpoint manifest's, as a published app's are.
/// </summary>
public sealed class StaticAssetsApp : IAsyncLifetime
{
    public AppHost Host { get; private set; } = default!;

    public async ValueTask InitializeAsync() => Host = await AppHost.StartAsync(Provider.Sqlite, null,
        settings: new Dictionary<string, string?> { ["ReloadStaticAssetsAtRuntime"] = "false" });

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Static assets come precompressed with a long cache lifetime from the URLs the pages actually link. The test app
/// runs from the build output; a published app serves the same endpoints from its publish manifest, which
/// bench/lighthouse.sh checks with curl against a real Production run of the published app (bench/README.md).
/// </summary>
public sealed class StaticAssetTests(StaticAssetsApp app) : IClassFixture<StaticAssetsApp>
{
    // The build output holds gzip variants; Brotli ones are made at publish (the SDK's default: Brotli at its best
    // level is slow for every build), and are checked by bench/lighthouse.sh against the published app.
    public static TheoryData<string, string> Encodings => new() { { "gzip", "gzip" }, { "br, gzip", "gzip" } };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task The_stylesheets_and_scripts_a_page_links_come_compressed_with_a_years_immutable_caching(string accept, string expected)
    {
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = app.Host.BaseAddress };
        var html = await client.GetStringAsync("/account/login");
        var linked = Regex.Matches(html, "(?:href|src)=\"([^\"]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).Distinct().ToList();

        // MudBlazor's own, the app's own and the framework's: each at its fingerprinted address.
        foreach (var asset in new[] { "_content/MudBlazor/MudBlazor.min.", "app.", "js/live.", "js/push.", "_framework/blazor.web." })
        {
            Assert.Contains(linked, url => url.StartsWith(asset, StringComparison.Ordinal) && Regex.IsMatch(url, "\\.[a-z0-9]{10}\\.(css|js)$"));
        }
        foreach (var url in linked)
        {
            using var plain = await client.GetAsync(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
            using var compressed = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
            Assert.Equal(expected, Assert.Single(compressed.Content.Headers.ContentEncoding));
            Assert.True(compressed.Headers.CacheControl?.ToString() == "max-age=31536000, immutable", $"{url}: {compressed.Headers}");
            Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
            var (full, sent) = (plain.Content.Headers.ContentLength!.Value, compressed.Content.Headers.ContentLength!.Value);
            Assert.True(full < 1024 || sent * 2 < full, $"{url}: {sent} bytes compressed of {full}");
        }
        // The big one that started this: MudBlazor's stylesheet, 627 KB as it is.
        var mudCss = linked.Single(u => u.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && u.EndsWith(".css", StringComparison.Ordinal));
        using var mud = new HttpRequestMessage(HttpMethod.Get, mudCss);
        mud.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
        using var mudAnswer = await client.SendAsync(mud);
        Assert.True(mudAnswer.Content.Headers.ContentLength < 70_000, $"MudBlazor.min.css sent as {mudAnswer.Content.Headers.ContentLength} bytes");
    }
}
