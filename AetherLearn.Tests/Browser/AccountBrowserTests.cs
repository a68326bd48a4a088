using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>A person's own account: changing the password, and setting up two-factor sign-in on a shared PC.</summary>
public sealed class AccountBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string NewPassword = "a brand new lab password";

    /// <summary>A fresh student of its own, so changing the password disturbs no other test's demo account.</summary>
    private async Task<string> NewStudentAsync()
    {
        using var admin = await TestData.SignedInAsync(browser.Host, Demo.Email(Role.CentreAdmin));
        return (await TestData.CreateUserAsync(admin, Role.Student)).Email;
    }

    private async Task<IPage> SignedInAsync(string email, string path)
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, email, TestData.StrongPassword);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync(path, BrowserFixture.Arriving);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await AxeCheck.CheckAsync(page);
        return page;
    }

    private async Task<HttpStatusCode> TokenStatusAsync(string email, string password)
    {
        using var client = browser.Host.Client();
        return (await client.PostAsync("/api/v1/auth/token", new { email, password })).Status;
    }

    // Looked up in the database, not by signing in: a sign-in would lift this address's pause (the policy under test).
    private async Task<bool> PasswordIsAsync(string email, string password)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, password);
    }

    [Fact]
    public async Task A_person_changes_their_password_their_other_sessions_end_and_only_the_new_one_signs_in()
    {
        var email = await NewStudentAsync();
        using var app = await TestData.WithTokenAsync(browser.Host, email, TestData.StrongPassword);
        using var otherBrowser = await TestData.SignedInAsync(browser.Host, email, TestData.StrongPassword);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/api/auth/session")).Status);

        // Reached from the account security page.
        var page = await SignedInAsync(email, "/account/security");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Change your password" }).ClickAsync();
        await page.WaitForURLAsync("**/account/change-password", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByLabel("Current password").FillAsync(TestData.StrongPassword);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("New password again").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync();

        // The bearer token and the other browser taken before are refused; this browser stays signed in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/api/auth/session")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherBrowser.GetAsync("/api/auth/session")).Status);
        await page.GotoAsync("/student", BrowserFixture.Arriving);
        await BrowserFixture.ArriveAsync(page, "**/student");

        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(email, TestData.StrongPassword));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(email, NewPassword));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_with_a_message_changes_nothing_and_cannot_be_guessed_for_ever()
    {
        var email = await NewStudentAsync();
        using var app = await TestData.WithTokenAsync(browser.Host, email, TestData.StrongPassword);
        var page = await SignedInAsync(email, "/account/change-password");

        async Task SubmitAsync(string current, string again = NewPassword)
        {
            await page.GetByLabel("Current password").FillAsync(current);
            await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
            await page.GetByLabel("New password again").FillAsync(again);
            // Each answer is awaited: the last one's message is still on screen while the next post is on its way.
            await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.Contains("/account/change-password", StringComparison.Ordinal));
        }

        await SubmitAsync(TestData.StrongPassword, again: "not the same password at all");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The two new passwords are not the same");
        await SubmitAsync("not my password at all");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your current password is not correct");

        // Nothing changed: the session taken before still works, the password is the old one.
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/api/auth/session")).Status);
        Assert.True(await PasswordIsAsync(email, TestData.StrongPassword));

        // Counted like failed sign-ins: after five from this address, even the right password is answered as wrong.
        for (var i = 0; i < 4; i++)
        {
            await SubmitAsync($"guess number {i} of many");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your current password is not correct");
        }
        await SubmitAsync(TestData.StrongPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your current password is not correct");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/api/auth/session")).Status);
        Assert.True(await PasswordIsAsync(email, TestData.StrongPassword));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_security_page_shows_no_two_factor_key_until_asked_and_the_password_is_typed_again()
    {
        var email = await NewStudentAsync();
        var page = await SignedInAsync(email, "/account/security");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor sign-in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("shared-key")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor sign-in" }).ClickAsync();
        await page.GetByLabel("Your password").FillAsync("not my password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the set-up code" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your current password is not correct")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("shared-key")).ToHaveCountAsync(0);

        await page.GetByLabel("Your password").FillAsync(TestData.StrongPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the set-up code" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" })).ToBeVisibleAsync();
        var key = await page.GetByTestId("shared-key").TextContentAsync();
        await page.GetByLabel("Code from the app").FillAsync(TestData.Totp(key!, DateTime.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
