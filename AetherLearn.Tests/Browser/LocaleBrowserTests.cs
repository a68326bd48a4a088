using System.Globalization;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>
/// Dates and times read in the centre's zone (never UTC) and the reader's way (the browser's language): Riverside's admin,
/// in New York, sees their own sign-in of a moment ago at New York's clock, month first in American English and day first
/// in British English.
/// </summary>
public sealed class LocaleBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("en-US", "MMM d, yyyy h:mm tt")]
    [InlineData("en-GB", "d MMM yyyy HH:mm")]
    public async Task A_sign_in_time_reads_in_the_centres_zone_and_the_readers_way(string locale, string pattern)
    {
        var email = Demo.Email(Role.CentreAdmin, Demo.Riverside);
        var page = await browser.NewPageAsync(locale: locale);
        await BrowserFixture.SignInAsync(page, email);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync("/admin/users", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.GetByLabel("Search by name or e-mail").FillAsync(email);
        await Assertions.Expect(page.GetByTestId("users-table").Locator("tbody tr")).ToHaveCountAsync(1);
        var cell = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email }).Locator("td[data-label='Last sign-in']");
        var shown = Spaced(await cell.InnerTextAsync());

        // Signed in within the last few minutes, at New York's clock.
        var culture = CultureInfo.GetCultureInfo(locale);
        var now = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, NewYork);
        var expected = Enumerable.Range(0, 4).Select(m => Spaced(now.AddMinutes(-m).ToString(pattern, culture))).ToList();
        Assert.Contains(shown, expected);
        Assert.DoesNotContain("UTC", shown, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    // ICU puts a narrow no-break space before AM/PM; the browser's text may carry another kind of space.
    private static string Spaced(string text) => string.Join(' ', text.Split([' ', '\u00A0', '\u202F'], StringSplitOptions.RemoveEmptyEntries));
}
