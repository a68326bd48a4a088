using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Playwright;
using Xunit.v3;

// Every test fails if a page it opened reported a Content-Security-Policy violation (see BrowserFixture.NewPageAsync).
[assembly: AetherLearn.Tests.Infrastructure.FailOnCspViolation]

namespace AetherLearn.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright (no browser download: the package's own driver, the system's browser).</summary>
public class BrowserFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public AppHost Host { get; private set; } = default!;
    public string? UnavailableReason { get; private set; }

    public static string ArtifactsFolder => Folder(RepositoryRoot ?? Path.GetTempPath(), "artifacts", "screenshots");

    /// <summary>The pictures docs/design.md shows (committed when they change); null outside a checkout of the repository.</summary>
    public static string? DocsScreenshotsFolder => RepositoryRoot is { } root ? Folder(root, "docs", "screenshots") : null;

    private static string? RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AetherLearn.sln"))) { dir = dir.Parent; }
            return dir?.FullName;
        }
    }

    private static string Folder(params string[] parts)
    {
        var folder = Path.Combine(parts);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) { UnavailableReason = $"Chromium at {ChromiumPath} (apt-get install chromium)"; return; }
        _playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(15000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Host = await CreateHostAsync();
    }

    protected virtual Task<AppHost> CreateHostAsync() => AppHost.StartAsync(Provider.Sqlite, null);

    public async ValueTask DisposeAsync()
    {
        if (_playwright is null) { return; }
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>
    /// A fresh browser context (its own cookies) at a lab-PC screen size, reading British English unless
    /// <paramref name="locale"/> says otherwise (the browser's language sets how dates and times are written).
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 768, string locale = "en-GB")
    {
        if (UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
        });
        // Generous waits: on a busy 2-core CI machine a first Blazor render can take several seconds.
        context.SetDefaultTimeout(30000);
        context.SetDefaultNavigationTimeout(30000);
        await WatchForCspViolationsAsync(context);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The app runs under its real Content-Security-Policy here: whatever the policy blocks (a script, a style, a
    /// socket) is reported against the test that opened the page, and <see cref="FailOnCspViolationAttribute"/> fails
    /// it. Both the page's own <c>securitypolicyviolation</c> events and Chromium's console reports are watched.
    /// </summary>
    private static async Task WatchForCspViolationsAsync(IBrowserContext context)
    {
        var test = TestContext.Current.Test?.UniqueID;
        if (test is null) { return; }
        await context.ExposeFunctionAsync("__aetherCspViolation", (string report) => CspViolations.Record(test, report));
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e => window.__aetherCspViolation(
                `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || e.documentURI}:${e.lineNumber} "${e.sample}"`));
            """);
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) { CspViolations.Record(test, $"console: {message.Text}"); }
        };
        context.WebError += (_, error) =>
        {
            if (error.Error.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) { CspViolations.Record(test, $"page error: {error.Error}"); }
        };
    }

    public static async Task SignInAsync(IPage page, string email, string password = Demo.Password)
    {
        await page.GotoAsync("/account/login", BrowserFixture.Arriving);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await AxeCheck.CheckAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>
    /// How tests open a page: go on once the response has arrived, then wait for what they need (the circuit, an element).
    /// The load event waits for every image and style and once hung past 30 s on a busy machine.
    /// </summary>
    public static PageGotoOptions Arriving => new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>
    /// Waits until the page is at <paramref name="url"/> and its circuit is live. Arriving is enough: waiting for the
    /// load event as well once hung past 30 s on a busy CI machine, and the live circuit is what the tests need.
    /// </summary>
    public static async Task ArriveAsync(IPage page, string url)
    {
        await page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync(page);
    }

    /// <summary>
    /// Clicks made before the Blazor circuit is connected are lost, so wait for the layout's marker. The page is then
    /// checked by axe (once per page per test, see <see cref="AxeCheck"/>).
    /// </summary>
    public static async Task WaitForCircuitAsync(IPage page)
    {
        await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await AxeCheck.CheckAsync(page);
    }

    /// <summary>
    /// The WCAG contrast ratio of an element's text against what is behind it: its background and its ancestors',
    /// translucent ones blended over the first opaque one (white if none).
    /// </summary>
    public static Task<double> ContrastAsync(ILocator element) => element.EvaluateAsync<double>("""
        el => {
            const rgba = s => { const v = s.match(/[\d.]+/g).map(Number); return v.length < 4 ? [...v, 1] : v; };
            const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
            const layers = [];
            for (let node = el; node; node = node.parentElement) {
                const c = rgba(getComputedStyle(node).backgroundColor);
                if (c[3] > 0) { layers.push(c); }
                if (c[3] >= 1) { break; }
            }
            const bg = layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
            const fg = over(rgba(getComputedStyle(el).color), bg);
            const lum = ([r, g, b]) => {
                const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
                return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
            };
            const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            return (hi + 0.05) / (lo + 0.05);
        }
        """);

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder, $"{name}.png"), FullPage = true });

    /// <summary>The screen as people first see it (the viewport, not the whole page) into docs/screenshots/<paramref name="name"/>.png.</summary>
    public static async Task DocsScreenshotAsync(IPage page, string name)
    {
        if (DocsScreenshotsFolder is { } folder) { await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), Animations = ScreenshotAnimations.Disabled }); }
    }
}

/// <summary>CSP violations reported by the pages each test opened, by the test's id.</summary>
internal static class CspViolations
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> ByTest = new();

    public static void Record(string test, string report) => ByTest.GetOrAdd(test, _ => new()).Enqueue(report);

    public static string[] Take(string test) => ByTest.TryRemove(test, out var reports) ? [.. reports.Distinct()] : [];
}

/// <summary>Fails a test after it ran if a page it opened reported a Content-Security-Policy violation.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FailOnCspViolationAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (CspViolations.Take(test.UniqueID) is { Length: > 0 } reports)
        {
            throw new InvalidOperationException($"The page reported {reports.Length} Content-Security-Policy violation(s):\n{string.Join("\n", reports)}");
        }
    }
}
