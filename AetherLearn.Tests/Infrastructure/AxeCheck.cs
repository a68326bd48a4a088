using System.Collections.Concurrent;
using System.Reflection;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.v3;

// Every browser test fails if a page it arrived at has a serious or critical accessibility violation (see AxeCheck).
[assembly: AetherLearn.Tests.Infrastructure.FailOnAxeViolation]

namespace AetherLearn.Tests.Infrastructure;

/// <summary>
/// axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page a browser test arrives at: once per page per test (its path,
/// not its query), after the page's first data has loaded, so the suite stays quick and checks what people see.
/// Serious and critical violations are kept against the test and fail it when it ends, with the rule, the element and
/// the page, so one run names every page's problems. <see cref="BrowserFixture.WaitForCircuitAsync"/> (and so
/// <see cref="BrowserFixture.ArriveAsync"/>) and <see cref="BrowserFixture.SignInAsync"/> call it; a test that opens a
/// static page another way may call <see cref="CheckAsync"/> itself.
/// </summary>
public static class AxeCheck
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> CheckedByTest = new();
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> ViolationsByTest = new();

    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>
    /// The whole page but the passing messages: one can arrive while axe runs (a lesson starting) and be measured half faded
    /// in against the page behind it, a false contrast failure. Their colours are the theme's (ThemeTests checks them),
    /// their words are read by the tests that expect them.
    /// </summary>
    private static readonly AxeRunContext Context = new() { Exclude = [new AxeSelector(".mud-snackbar")] };

    public static async Task CheckAsync(IPage page)
    {
        var test = TestContext.Current.Test?.UniqueID;
        if (test is null || page.IsClosed) { return; }
        var path = new Uri(page.Url).AbsolutePath;
        if (!CheckedByTest.GetOrAdd(test, _ => new()).TryAdd(path, 0)) { return; }

        await SettledAsync(page);
        AxeResult result;
        try
        {
            result = await page.RunAxe(Context, Options);
        }
        catch (PlaywrightException) when (page.IsClosed)
        {
            return;
        }
        catch (PlaywrightException e) when (e.Message.Contains("navigat", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("context was destroyed", StringComparison.OrdinalIgnoreCase))
        {
            // The page moved on while axe ran (a redirect): the page it went to is checked when the test arrives there.
            CheckedByTest[test].TryRemove(path, out _);
            return;
        }

        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            foreach (var node in violation.Nodes)
            {
                ViolationsByTest.GetOrAdd(test, _ => new()).Enqueue(
                    $"{violation.Id} ({violation.Impact}: {violation.Help}) on {path} at {node.Target}: {Shorten(node.Html)}");
            }
        }
    }

    /// <summary>Lets the page's first data arrive (its loading states go), but never waits long: some bars run for good.</summary>
    private static async Task SettledAsync(IPage page)
    {
        try
        {
            await page.Locator("[data-testid=loading-state], .mud-progress-indeterminate").First.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 5000 });
        }
        catch (TimeoutException)
        {
            // Checked as it is.
        }
        try
        {
            // A message fading in or out is half transparent: axe would measure its colours against the page behind it
            // (a false contrast failure). At rest its colours are the theme's (ThemeTests checks them).
            await page.WaitForFunctionAsync(
                "() => [...document.querySelectorAll('.mud-snackbar')].every(e => getComputedStyle(e).opacity === '1')", null, new() { Timeout = 3000 });
        }
        catch (TimeoutException)
        {
            // Checked as it is.
        }
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";

    internal static string[] Take(string test)
    {
        CheckedByTest.TryRemove(test, out _);
        return ViolationsByTest.TryRemove(test, out var found) ? [.. found.Distinct()] : [];
    }
}

/// <summary>Fails a test after it ran if a page it arrived at had a serious or critical accessibility violation.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FailOnAxeViolationAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (AxeCheck.Take(test.UniqueID) is { Length: > 0 } found)
        {
            throw new InvalidOperationException($"axe found {found.Length} serious or critical accessibility violation(s):\n{string.Join("\n", found)}");
        }
    }
}
