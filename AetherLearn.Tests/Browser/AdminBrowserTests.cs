using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

public sealed class AdminBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignedInAsync(string email, string path)
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, email);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync(path, BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        return page;
    }

    [Fact]
    public async Task An_admin_adds_a_user_finds_them_and_deactivates_them()
    {
        var page = await SignedInAsync(Demo.Email(Role.CentreAdmin), "/admin/users");
        var email = $"maya.browser.{Guid.NewGuid():N}@northside.aetherlearn.test"[..48];

        await page.GetByTestId("add-user").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("user-form-error")).ToHaveTextAsync("Please correct the highlighted fields.");
        await Assertions.Expect(dialog.GetByText("Name is required")).ToBeVisibleAsync();

        await dialog.GetByLabel("Full name").FillAsync("Maya Browser");
        await dialog.GetByLabel("E-mail").FillAsync(email);
        await dialog.GetByTestId("user-role-field").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Tutor" }).ClickAsync();
        await dialog.GetByLabel("Initial password").FillAsync("a long enough password");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Added Maya Browser")).ToBeVisibleAsync();

        await page.GetByLabel("Search by name or e-mail").FillAsync("Maya Browser");
        // Wait for the search to apply (one data row) before acting on the row, which the reload re-renders.
        await Assertions.Expect(page.GetByTestId("users-table").Locator("tbody tr")).ToHaveCountAsync(1);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "admin-users");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Maya Browser" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByText("Account is active").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved Maya Browser")).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByText("Deactivated")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_changes_centre_settings_and_sees_mistakes_explained()
    {
        var page = await SignedInAsync(Demo.Email(Role.CentreAdmin, Demo.Riverside), "/admin/centre");

        var colour = page.GetByLabel("Primary colour (#RRGGBB)");
        await colour.FillAsync("teal");
        await page.GetByTestId("save-settings").ClickAsync();
        await Assertions.Expect(page.GetByTestId("settings-error")).ToHaveTextAsync("Please correct the highlighted settings.");
        await Assertions.Expect(page.GetByText("Colour must be written #RRGGBB")).ToBeVisibleAsync();

        await colour.FillAsync("#00695C");
        await page.GetByLabel("Display name").FillAsync("Riverside Tutoring");
        // When students see the correct answers, and how many attempts an exercise allows.
        await page.GetByLabel("Show students the correct answers").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Only when a tutor shows them" }).ClickAsync();
        await page.GetByLabel("Attempts per exercise (0 = unlimited)").FillAsync("3");
        // The computer lab's network, for the higher failed-sign-in budget.
        await page.GetByLabel("The centre's own networks (one per line)").FillAsync("203.0.113.0/24");
        await page.GetByTestId("save-settings").ClickAsync();
        await Assertions.Expect(page.GetByText("Settings saved")).ToBeVisibleAsync();
        await using (var db = browser.Host.Db())
        {
            var config = db.Centres.Single(c => c.Slug == Demo.Riverside).Config;
            Assert.Equal((Core.Centres.AnswerReveal.TutorRelease, 3), (config.AnswerReveal, config.MaxAttemptsPerExercise));
            Assert.Equal(["203.0.113.0/24"], config.SignInNetworks);
        }
        await BrowserFixture.ScreenshotAsync(page, "admin-centre-settings");

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByLabel("Display name")).ToHaveValueAsync("Riverside Tutoring");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_audit_log_and_failed_background_tasks_pages_speak_plainly()
    {
        // A change to a user account, as the audit interceptor writes it (the class name is what the API keeps).
        await using (var db = browser.Host.Db())
        {
            var northside = db.Centres.Single(c => c.Slug == Demo.Northside).Id;
            db.AuditEntries.Add(new Core.Audit.AuditEntry
            {
                CentreId = northside, Action = Core.Audit.AuditAction.Update, EntityType = "AppUser", EntityId = Guid.NewGuid().ToString(),
                UserEmail = Demo.Email(Role.CentreAdmin), Changes = """{"DisplayName":{"before":"A","after":"B"}}""", Timestamp = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var page = await SignedInAsync(Demo.Email(Role.CentreAdmin), "/admin/audit");
        var table = page.GetByTestId("audit-table");
        // The admin's own sign-in reads as one, and a user record as a user account: no enum or class names.
        await Assertions.Expect(table.GetByText("Signed in", new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByText("Sign-in", new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByText("User account", new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByText("Changed", new() { Exact = true }).First).ToBeVisibleAsync();
        foreach (var raw in new[] { "SignIn", "AppUser", "Session", "Update" })
        {
            await Assertions.Expect(table.GetByText(raw, new() { Exact = true })).ToHaveCountAsync(0);
        }
        await Assertions.Expect(page.GetByText("AppUser")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "admin-audit-log");
        // The record filter offers the words and still filters by the stored type.
        await page.GetByTestId("audit-record-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "User account", Exact = true }).ClickAsync();
        await Assertions.Expect(table.GetByText("Sign-in", new() { Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(table.GetByText("User account", new() { Exact = true }).First).ToBeVisibleAsync();

        await page.GotoAsync("/admin/dead-letters", BrowserFixture.Arriving);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Background tasks that failed");
        await Assertions.Expect(page.GetByTestId("failed-tasks-explained")).ToContainTextAsync("Fix the cause");
        await Assertions.Expect(page.GetByTestId("no-dead-letters")).ToBeVisibleAsync();
        await AxeCheck.CheckAsync(page);
        await Assertions.Expect(page.GetByText("gave up")).ToHaveCountAsync(0);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Failed background tasks" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Centre_settings_offer_no_switch_for_a_feature_that_is_not_built_and_the_menu_promises_nothing()
    {
        var page = await SignedInAsync(Demo.Email(Role.CentreAdmin), "/admin/centre");
        await Assertions.Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Leaderboards" }).Or(page.GetByLabel("Leaderboards", new() { Exact = true }))).ToHaveCountAsync(1);
        foreach (var unbuilt in new[] { "Video sessions", "Online payments", "Paper work scanning (QR)" })
        {
            await Assertions.Expect(page.GetByLabel(unbuilt, new() { Exact = true })).ToHaveCountAsync(0);
        }
        await Assertions.Expect(page.GetByText("coming soon", new() { Exact = false })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_sets_up_two_factor_sign_in_with_an_authenticator_code()
    {
        var page = await SignedInAsync(Demo.Email(Role.Assessor, Demo.Riverside), "/account/security");
        // The key is shown only when asked for, with the password typed again (AccountBrowserTests).
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor sign-in" }).ClickAsync();
        await page.GetByLabel("Your password").FillAsync(Demo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the set-up code" }).ClickAsync();
        var key = await page.GetByTestId("shared-key").TextContentAsync();
        await BrowserFixture.ScreenshotAsync(page, "account-security");

        await page.GetByLabel("Code from the app").FillAsync(TestData.Totp(key!, DateTime.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Staff_of_a_centre_that_requires_two_factor_cannot_navigate_around_the_set_up()
    {
        await SetRiversideTwoFactorAsync(true);
        try
        {
            var page = await browser.NewPageAsync();
            await BrowserFixture.SignInAsync(page, Demo.Email(Role.Supervisor, Demo.Riverside));
            await BrowserFixture.ArriveAsync(page, "**/account/security?required=1");
            await Assertions.Expect(page.GetByTestId("two-factor-required")).ToBeVisibleAsync();

            // Every other page refuses them with a way back to the set-up, whether reached in the app or by address.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Home" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Set up two-factor sign-in first")).ToBeVisibleAsync();
            await page.GotoAsync("/supervisor", BrowserFixture.Arriving);
            await Assertions.Expect(page.GetByText("Set up two-factor sign-in first")).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }
        finally { await SetRiversideTwoFactorAsync(false); }
    }

    private async Task SetRiversideTwoFactorAsync(bool required)
    {
        await using var db = browser.Host.Db();
        var centre = db.Centres.Single(c => c.Slug == Demo.Riverside);
        centre.Config = centre.Config with { RequireTwoFactorForStaff = required };
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_super_admin_switches_to_another_centre()
    {
        var page = await SignedInAsync(Demo.SuperAdmin, "/super-admin");
        // The page is already at /super-admin, so wait for the switch request itself, not for a URL that matches before it.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Switch to Riverside" }).ClickAsync(),
            r => r.Url.Contains("/account/switch-centre", StringComparison.Ordinal));
        Assert.Equal(302, response.Status);

        await Assertions.Expect(page.GetByTestId("centre-name")).ToContainTextAsync("Riverside");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByText("Current centre")).ToBeVisibleAsync();
        await page.GotoAsync("/admin/users", BrowserFixture.Arriving);
        await Assertions.Expect(page.GetByText("student1@riverside.aetherlearn.test")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tutor_on_a_tablet_gets_the_layout_and_pages_of_other_roles_are_refused()
    {
        var page = await browser.NewPageAsync(768, 1024);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(page, "**/tutor");
        await BrowserFixture.ScreenshotAsync(page, "tutor-tablet");

        await page.GotoAsync("/admin/users", BrowserFixture.Arriving);
        await Assertions.Expect(page.GetByText("This page is not for your role")).ToBeVisibleAsync();
        await AxeCheck.CheckAsync(page);
        await page.GotoAsync("/no-such-page", BrowserFixture.Arriving);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await AxeCheck.CheckAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_sends_a_delivery_that_gave_up_again_and_it_goes_out()
    {
        // A message that gave up earlier (the parent's mailbox was full), as the sender leaves it after its last attempt.
        Guid deliveryId;
        await using (var db = browser.Host.Db())
        {
            var parent = db.Users.Single(u => u.Email == $"parent1@{Demo.Northside}.aetherlearn.test");
            var notification = new AetherLearn.Core.Notifications.Notification
            {
                CentreId = parent.CentreId, UserId = parent.Id, Category = AetherLearn.Core.Notifications.NotificationCategory.Attendance,
                TemplateKey = "attendance.absent", Title = "Absence recorded", Body = "Ella Thompson was absent from Maths club", SourceEventId = Guid.NewGuid(),
                CreatedAt = DateTime.UtcNow,
            };
            var delivery = new AetherLearn.Core.Notifications.NotificationDelivery
            {
                CentreId = parent.CentreId, NotificationId = notification.Id, UserId = parent.Id, Channel = AetherLearn.Core.Notifications.NotificationChannel.Email,
                State = AetherLearn.Core.Notifications.DeliveryState.Failed, Attempts = 6, LastError = "452 Mailbox full", CreatedAt = DateTime.UtcNow,
                NextAttemptAt = DateTime.UtcNow, Subject = "Ella Thompson - Absence notification", TextBody = "Dear Hannah Thompson, Ella was absent.",
            };
            db.Notifications.Add(notification);
            db.NotificationDeliveries.Add(delivery);
            await db.SaveChangesAsync();
            deliveryId = delivery.Id;
        }

        var page = await SignedInAsync(Demo.Email(Role.CentreAdmin), "/admin/notification-deliveries");
        var rows = page.GetByTestId("deliveries");
        await Assertions.Expect(rows).ToContainTextAsync("452 Mailbox full");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send again: Ella Thompson - Absence notification to Hannah Thompson" }).ClickAsync();
        await Assertions.Expect(page.GetByText("“Ella Thompson - Absence notification” will be sent to Hannah Thompson again")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("no-deliveries")).ToBeVisibleAsync();

        await Eventually.UntilAsync(async () =>
        {
            await using var db = browser.Host.Db();
            return db.NotificationDeliveries.Single(d => d.Id == deliveryId).State == AetherLearn.Core.Notifications.DeliveryState.Sent;
        }, "the delivery sent again to go out");
        await page.GetByTestId("delivery-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sent", Exact = true }).ClickAsync();
        await Assertions.Expect(rows).ToContainTextAsync("Ella Thompson - Absence notification");
        await page.Context.CloseAsync();
    }
}
