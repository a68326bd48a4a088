using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>A centre's switches on its pages: what is off leaves the navigation and says so at its address. An app of its own.</summary>
public sealed class FeatureSwitchBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_turns_leaderboards_off_and_they_leave_the_navigation_and_pages_with_a_message_at_their_address()
    {
        var tutorBefore = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(tutorBefore, Academic.Tutor);
        await BrowserFixture.ArriveAsync(tutorBefore, "**/tutor");
        var nav = tutorBefore.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Leaderboard" })).ToBeVisibleAsync();
        await tutorBefore.Context.CloseAsync();

        var admin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, Demo.Email(Role.CentreAdmin));
        await BrowserFixture.ArriveAsync(admin, "**/admin");
        // The app bar names the centre as its branding does.
        await Assertions.Expect(admin.GetByTestId("centre-name")).ToHaveTextAsync("AetherLearn Northside");
        await admin.GotoAsync("/admin/centre", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(admin);
        await admin.GetByLabel("Leaderboards", new() { Exact = true }).UncheckAsync();
        await admin.GetByTestId("save-settings").ClickAsync();
        await Assertions.Expect(admin.GetByText("Settings saved")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();

        // The tutor's navigation has no leaderboard, and its address says why.
        var tutor = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(tutor, Academic.Tutor);
        await BrowserFixture.ArriveAsync(tutor, "**/tutor");
        nav = tutor.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Content" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Leaderboard" })).ToHaveCountAsync(0);
        await tutor.GotoAsync("/tutor/leaderboard", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(tutor);
        await Assertions.Expect(tutor.GetByTestId("feature-off")).ToContainTextAsync("Leaderboards are turned off for your centre");
        await Assertions.Expect(tutor.GetByTestId("leaderboard")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(tutor, "leaderboards-turned-off");
        await tutor.Context.CloseAsync();

        // A student keeps the rest of their achievements, without the leaderboard, and the app bar names the centre.
        var student = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(student, Demo.Student(2));
        await BrowserFixture.ArriveAsync(student, "**/student");
        await Assertions.Expect(student.GetByTestId("centre-name")).ToHaveTextAsync("AetherLearn Northside");
        await student.GetByTestId("xp-chip").ClickAsync();
        await BrowserFixture.ArriveAsync(student, "**/achievements");
        await Assertions.Expect(student.GetByTestId("total-xp")).ToBeVisibleAsync();
        await Assertions.Expect(student.GetByTestId("leaderboard")).ToHaveCountAsync(0);
        await student.Context.CloseAsync();
    }
}
