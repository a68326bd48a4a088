using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>A demo Wednesday at 16:30 in Northside: Maths club is on, English workshop comes next, so the homes show a working day.</summary>
public sealed class ScreenshotBrowserFixture : BrowserFixture
{
    public TestClock Clock { get; } = AtHalfPastFour();

    protected override Task<AppHost> CreateHostAsync() =>
        AppHost.StartAsync(Provider.Sqlite, null, services: s => s.AddSingleton<TimeProvider>(Clock));

    private static TestClock AtHalfPastFour()
    {
        var clock = TestClock.WednesdayNoon();
        clock.Advance(TimeSpan.FromHours(4.5));
        return clock;
    }
}

/// <summary>
/// The pictures of docs/design.md: each role's home on a lab PC (1366×768) and a phone (390×844), written to
/// docs/screenshots/&lt;role&gt;-&lt;width&gt;.png. Commit them when they change (the homes, the theme). Every home is also
/// checked by axe on the way (<see cref="AxeCheck"/>).
/// </summary>
public sealed class ScreenshotBrowserTests(ScreenshotBrowserFixture browser) : IClassFixture<ScreenshotBrowserFixture>
{
    public static TheoryData<string, Role, string> Homes => new()
    {
        { "super-admin", Role.SuperAdmin, "/super-admin" },
        { "admin", Role.CentreAdmin, "/admin" },
        { "supervisor", Role.Supervisor, "/supervisor" },
        { "tutor", Role.Teacher, "/tutor" },
        { "assessor", Role.Assessor, "/assessor" },
        { "finance", Role.Finance, "/finance" },
        { "reception", Role.Receptionist, "/reception" },
        { "student", Role.Student, "/student" },
        { "parent", Role.Parent, "/parent" },
    };

    [Theory]
    [MemberData(nameof(Homes))]
    public async Task Each_roles_home_is_pictured_on_a_lab_pc_and_a_phone(string name, Role role, string home)
    {
        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
        {
            var page = await browser.NewPageAsync(width, height);
            await BrowserFixture.SignInAsync(page, Demo.Email(role));
            await BrowserFixture.ArriveAsync(page, $"**{home}");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("loading-state")).ToHaveCountAsync(0);
            await BrowserFixture.DocsScreenshotAsync(page, $"{name}-{width}");
            await page.Context.CloseAsync();
        }
        Assert.True(File.Exists(Path.Combine(BrowserFixture.DocsScreenshotsFolder!, $"{name}-390.png")));
    }
}
