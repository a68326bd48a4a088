using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

public sealed class SignInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<Role, string, string> Homes => new()
    {
        { Role.SuperAdmin, "/super-admin", "Northside today" },
        { Role.CentreAdmin, "/admin", "The centre today" },
        { Role.Supervisor, "/supervisor", "The centre today" },
        { Role.Teacher, "/tutor", "Your lessons today" },
        { Role.Assessor, "/assessor", "The centre today" },
        { Role.Finance, "/finance", "Finance" },
        { Role.Receptionist, "/reception", "Reception" },
        { Role.Student, "/student", "Hi Ella!" },
        { Role.Parent, "/parent", "Parent home" },
    };

    [Theory]
    [MemberData(nameof(Homes))]
    public async Task Each_role_signs_in_lands_on_its_home_and_signs_out(Role role, string home, string title)
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Email(role));

        await BrowserFixture.ArriveAsync(page, $"**{home}");
        // The page's one h1 (the parent home's too, with its older heading).
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(page.GetByTestId("centre-name")).ToHaveTextAsync("AetherLearn Northside");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Home" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"home-{role.ToString().ToLowerInvariant()}");

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/account/login?signedOut=1", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You have signed out.");

        // The home page now sends the visitor back to sign in.
        await page.GotoAsync(home, BrowserFixture.Arriving);
        await page.WaitForURLAsync("**/account/login**", new() { WaitUntil = WaitUntilState.Commit });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_injected_inline_script_is_refused_by_the_content_security_policy_and_the_violation_is_reported()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login", new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        // What an HTML injection would do: an inline script (and an inline event handler). Neither may run.
        await page.EvaluateAsync("""
            () => {
                const s = document.createElement('script');
                s.textContent = 'window.__injected = true';
                document.body.appendChild(s);
                const img = document.createElement('img');
                img.setAttribute('onerror', 'window.__injected = true');
                img.src = 'data:,';
                document.body.appendChild(img);
            }
            """);

        // Taken from the fixture's record, so this test itself is not failed for them.
        var reported = new List<string>();
        await Eventually.UntilAsync(() =>
        {
            reported.AddRange(CspViolations.Take(TestContext.Current.Test!.UniqueID));
            return Task.FromResult(reported.Any(r => r.StartsWith("script-src-elem blocked inline", StringComparison.Ordinal))
                && reported.Any(r => r.StartsWith("script-src-attr blocked inline", StringComparison.Ordinal)));
        }, "the blocked inline script and handler reported as CSP violations");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__injected === true"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_api_reference_renders_under_its_own_policy()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/api-reference/");

        // Scalar's sidebar lists the groups it read from /openapi/v1.json (its start script and the fetch both allowed).
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sessions" }).First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_a_clear_message_on_the_sign_in_page()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher), "this is not the password");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("E-mail or password is incorrect");
        await Assertions.Expect(page.GetByLabel("E-mail")).ToHaveValueAsync(Demo.Email(Role.Teacher));
        await BrowserFixture.ScreenshotAsync(page, "sign-in-error");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_signed_out_visitor_asking_for_a_page_returns_to_it_after_signing_in()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/admin/users", BrowserFixture.Arriving);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?ReturnUrl=%2Fadmin%2Fusers$"), new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByLabel("E-mail").FillAsync(Demo.Email(Role.CentreAdmin));
        await page.GetByLabel("Password").FillAsync(Demo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await BrowserFixture.ArriveAsync(page, "**/admin/users");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_pages_and_the_e_mailed_link()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login", BrowserFixture.Arriving);
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.GetByLabel("E-mail").FillAsync("reception@riverside.aetherlearn.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have sent it a link");
        await AxeCheck.CheckAsync(page);

        var mail = await Identity.AccountPages.MailToAsync(browser.Host, "reception@riverside.aetherlearn.test");
        var unfolded = System.Text.RegularExpressions.Regex.Replace(mail, "=\r?\n", "").Replace("=3D", "=");
        var link = System.Text.RegularExpressions.Regex.Match(unfolded, @"http://[^\s""<]+/account/reset-password\?email=[^&\s]+&token=[A-Za-z0-9_\-]+").Value;
        Assert.NotEmpty(link);

        await page.GotoAsync(link, BrowserFixture.Arriving);
        await page.GetByLabel("New password").FillAsync("too short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least 12 characters");
        await AxeCheck.CheckAsync(page);
        await page.GetByLabel("New password").FillAsync("a much longer new password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your password has been changed.");

        await BrowserFixture.SignInAsync(page, "reception@riverside.aetherlearn.test", "a much longer new password");
        await BrowserFixture.ArriveAsync(page, "**/reception");
        await page.Context.CloseAsync();
    }
}
