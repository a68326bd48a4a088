using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>A notification reaches a parent's open page and a browser EventSource without a reload.</summary>
public sealed class NotificationBrowserTests(LessonBrowserFixture browser) : IClassFixture<LessonBrowserFixture>
{
    [Fact]
    public async Task A_parent_sees_the_bell_rise_when_the_tutor_marks_their_child_absent()
    {
        var parent = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.SignInAsync(parent, Demo.Email(Role.Parent));
        await BrowserFixture.ArriveAsync(parent, "**/parent");
        var count = parent.GetByTestId("bell-count");
        await Assertions.Expect(count).ToHaveTextAsync("0");
        // The browser's own EventSource on the stream, with the page's cookie.
        await parent.EvaluateAsync("""
            () => { window.received = []; const source = new EventSource('/api/v1/notifications/stream');
                    source.addEventListener('notification', e => window.received.push(JSON.parse(e.data))); }
            """);

        var tutor = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(tutor, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(tutor, "**/tutor");
        using var tutorApi = await TestData.WithTokenAsync(browser.Host, Demo.Email(Role.Teacher));
        await tutor.GotoAsync($"/tutor/sessions/{await Academic.TodaysMathsClubAsync(browser.Host, tutorApi)}", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(tutor);
        var noah = tutor.GetByTestId("student-card").Filter(new() { HasText = "Noah Patel" });
        await noah.GetByRole(AriaRole.Button, new() { Name = "Absent" }).ClickAsync();

        await Assertions.Expect(count).ToHaveTextAsync("1");
        await Assertions.Expect(parent.GetByTestId("bell-button")).ToHaveAttributeAsync("aria-label", "Notifications, 1 unread");
        await parent.WaitForFunctionAsync("() => window.received.some(n => n.body.startsWith('Noah Patel was absent'))");
        await BrowserFixture.ScreenshotAsync(parent, "parent-bell");

        // The bell leads to the list, where reading it brings the count back to zero.
        await parent.GetByTestId("bell-button").ClickAsync();
        await BrowserFixture.ArriveAsync(parent, "**/notifications");
        var item = parent.GetByTestId("notification").Filter(new() { HasText = "Noah Patel was absent" });
        await item.GetByRole(AriaRole.Button, new() { Name = "Mark as read: Absence recorded" }).ClickAsync();
        await Assertions.Expect(count).ToHaveTextAsync("0");
        await BrowserFixture.ScreenshotAsync(parent, "parent-notifications");
        await tutor.Context.CloseAsync();
        await parent.Context.CloseAsync();
    }

    [Fact]
    public async Task A_notification_opens_what_it_is_about_a_late_arrival_the_childs_tab_and_marked_work_its_review()
    {
        // Maya's tutor marks her late: her parent (who has two children) opens the notification and lands on Maya's tab.
        using var tutorApi = await TestData.WithTokenAsync(browser.Host, Demo.Email(Role.Teacher));
        var english = (await tutorApi.GetAsync("/api/v1/sessions/today")).Data.EnumerateArray()
            .First(s => s.GetProperty("title").GetString() == "English workshop").GetProperty("id").GetGuid();
        var maya = await Academic.UserIdAsync(browser.Host, Demo.Student(5));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tutorApi.PostAsync($"/api/v1/sessions/{english}/attendance", new { studentId = maya, status = "LATE" })).Status);
        var parent = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.SignInAsync(parent, $"parent3@{Demo.Northside}.aetherlearn.test");
        await BrowserFixture.ArriveAsync(parent, "**/parent");
        await parent.GotoAsync("/notifications", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(parent);
        var late = parent.GetByTestId("notification").Filter(new() { HasText = "Maya Chen arrived late" });
        await late.GetByRole(AriaRole.Button, new() { Name = "Open: Late arrival" }).ClickAsync();
        await parent.WaitForURLAsync($"**/parent?child={maya}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(parent.GetByRole(AriaRole.Tab, new() { Name = "Maya Chen", Selected = true })).ToBeVisibleAsync();
        await parent.Context.CloseAsync();

        // A student's marked exercise opens its review.
        using var studentApi = await TestData.WithTokenAsync(browser.Host, Demo.Student(4));
        var exercise = (await studentApi.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(browser.Host, "maths")}")).Data.GetProperty("exerciseId").GetGuid();
        var attempt = (await studentApi.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await studentApi.PostAsync($"/api/v1/attempts/{attempt}/submit",
            new { answers = await Academic.OneWrongAnswerAsync(browser.Host, exercise) })).Status);
        var student = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.SignInAsync(student, Demo.Student(4));
        await BrowserFixture.ArriveAsync(student, "**/student");
        await student.GotoAsync("/notifications", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(student);
        await student.GetByTestId("notification").Filter(new() { HasText = "was marked" }).First
            .GetByRole(AriaRole.Button, new() { Name = "Open: Work marked" }).ClickAsync();
        await student.WaitForURLAsync($"**/student/attempts/{attempt}", new() { WaitUntil = WaitUntilState.Commit });

        // One stored before notifications carried their page opens the reader's home.
        await using (var db = browser.Host.Db())
        {
            var leo = db.Users.Single(u => u.Email == Demo.Student(4));
            db.Notifications.Add(new AetherLearn.Core.Notifications.Notification
            {
                CentreId = leo.CentreId, UserId = leo.Id, Category = AetherLearn.Core.Notifications.NotificationCategory.Academic, TemplateKey = "exercise.graded",
                Title = "Old news", Body = "Marked before links", SourceEventId = Guid.NewGuid(), CreatedAt = DateTime.UtcNow, Link = null,
            });
            await db.SaveChangesAsync();
        }
        await student.GotoAsync("/notifications", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(student);
        await student.GetByRole(AriaRole.Button, new() { Name = "Open: Old news" }).ClickAsync();
        await student.WaitForURLAsync("**/student", new() { WaitUntil = WaitUntilState.Commit });
        await student.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_sees_the_e_mails_sent_for_their_centre_and_the_pickup_folder()
    {
        using var tutorApi = await TestData.WithTokenAsync(browser.Host, Demo.Email(Role.Teacher));
        var session = await Academic.TodaysMathsClubAsync(browser.Host, tutorApi);
        var isla = await Academic.UserIdAsync(browser.Host, Demo.Student(3));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tutorApi.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = isla, status = "ABSENT" })).Status);

        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.SuperAdmin);
        await BrowserFixture.ArriveAsync(page, "**/super-admin");
        await page.GotoAsync("/admin/notification-deliveries", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("no-deliveries")).ToBeVisibleAsync();
        await page.GetByTestId("delivery-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sent", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("deliveries")).ToContainTextAsync("Isla Murphy - Absence notification");
        await Assertions.Expect(page.GetByTestId("deliveries")).ToContainTextAsync("Ravi Patel");
        await Assertions.Expect(page.GetByTestId("pickup-mail")).ToContainTextAsync("parent2@northside.aetherlearn.test");
        // The super admin is told what the folder means and what to do, without the server's folder path on screen.
        await Assertions.Expect(page.GetByTestId("pickup-explained")).ToContainTextAsync("nobody receives them");
        await Assertions.Expect(page.GetByTestId("pickup-explained")).ToContainTextAsync("Email:Provider");
        await Assertions.Expect(page.GetByText(browser.Host.MailFolder)).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "admin-notification-deliveries");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_parent_chooses_a_daily_digest_and_quiet_hours_and_finds_them_kept()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"parent3@{Demo.Northside}.aetherlearn.test");
        await BrowserFixture.ArriveAsync(page, "**/parent");
        await page.GotoAsync("/notifications", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preferences" }).ClickAsync();
        await page.GetByLabel("Attendance and check-in by e-mail").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Daily digest" }).ClickAsync();
        await page.GetByLabel("From").FillAsync("21:00");
        await page.GetByLabel("Until").FillAsync("07:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Preferences saved")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preferences" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("prefs-Attendance")).ToContainTextAsync("Daily digest");
        await Assertions.Expect(page.GetByLabel("From")).ToHaveValueAsync("21:00");
        await BrowserFixture.ScreenshotAsync(page, "notification-preferences");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_parent_turns_push_on_for_their_browser_and_a_late_arrival_reaches_it()
    {
        await using var pushService = await LocalPushService.StartAsync();
        using var device = new PushBrowser();
        var subscription = JsonSerializer.Serialize(device.Subscription(pushService.EndpointFor("ravi-tablet")));
        var page = await browser.NewPageAsync(1024, 768);
        await page.Context.GrantPermissionsAsync(["notifications"]);
        // This machine cannot reach a browser maker's push service, so the browser's PushManager answers with a subscription
        // at the local one; the service worker, the page and everything on the server are the real ones.
        await page.AddInitScriptAsync($$"""
            (() => {
              const sub = {{subscription}};
              let current = null;
              PushManager.prototype.subscribe = async function (options) {
                window.pushKey = Array.from(new Uint8Array(options.applicationServerKey));
                current = { endpoint: sub.endpoint, options: {}, toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
                            unsubscribe: async () => { current = null; return true; } };
                return current;
              };
              PushManager.prototype.getSubscription = async function () { return current; };
            })();
            """);
        await BrowserFixture.SignInAsync(page, $"parent2@{Demo.Northside}.aetherlearn.test");
        await BrowserFixture.ArriveAsync(page, "**/parent");
        await page.GotoAsync("/notifications", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preferences" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on push on this device" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("push-state")).ToContainTextAsync("Push is on for this device (Chrome on Linux)");
        Assert.True(await page.EvaluateAsync<bool>("async () => !!(await navigator.serviceWorker.getRegistration('/'))"), "the service worker is registered");
        using var parentApi = await TestData.WithTokenAsync(browser.Host, $"parent2@{Demo.Northside}.aetherlearn.test");
        var serverKey = (await parentApi.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("publicKey").GetString()!;
        Assert.Equal(System.Buffers.Text.Base64Url.DecodeFromChars(serverKey).Select(b => (int)b), await page.EvaluateAsync<int[]>("() => window.pushKey"));
        await BrowserFixture.ScreenshotAsync(page, "push-on");

        using var tutorApi = await TestData.WithTokenAsync(browser.Host, Demo.Email(Role.Teacher));
        var session = await Academic.TodaysMathsClubAsync(browser.Host, tutorApi);
        var isla = await Academic.UserIdAsync(browser.Host, Demo.Student(3));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tutorApi.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = isla, status = "LATE" })).Status);
        var message = JsonDocument.Parse(device.Decrypt((await pushService.NextAsync()).Body)).RootElement;
        Assert.Equal("Late arrival", message.GetProperty("title").GetString());
        Assert.Equal("Isla Murphy arrived late today", message.GetProperty("body").GetString());
        // Tapping it opens Isla's tab of the parent home.
        Assert.Equal($"/parent?child={isla}", message.GetProperty("url").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off on this device" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Turn on push on this device" })).ToBeVisibleAsync();
        Assert.Equal(0, (await parentApi.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").GetArrayLength());

        // On a shared computer, signing out turns push off for the browser too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on push on this device" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("push-state")).ToContainTextAsync("Push is on for this device");
        Assert.Equal(1, (await parentApi.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").GetArrayLength());
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/account/login**", new() { WaitUntil = WaitUntilState.Commit });
        Assert.Equal(0, (await parentApi.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").GetArrayLength());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_browser_someone_else_left_signed_up_for_push_turning_it_on_starts_a_fresh_subscription_and_leaves_theirs_alone()
    {
        using var keys = new PushBrowser();
        var left = $"https://updates.push.services.mozilla.com/wpush/v2/lab-pc-{Guid.NewGuid():N}";
        var fresh = $"https://updates.push.services.mozilla.com/wpush/v2/lab-pc-{Guid.NewGuid():N}";
        // Siobhan turned push on at the lab PC and walked away without signing out: the browser still holds her subscription.
        using var siobhan = await TestData.WithTokenAsync(browser.Host, $"parent3@{Demo.Northside}.aetherlearn.test");
        Assert.Equal(System.Net.HttpStatusCode.Created, (await siobhan.PostAsync("/api/v1/notifications/push-subscriptions", keys.Subscription(left))).Status);
        var subscriptions = JsonSerializer.Serialize(new[] { keys.Subscription(left), keys.Subscription(fresh) });
        var page = await browser.NewPageAsync(1024, 768);
        await page.Context.GrantPermissionsAsync(["notifications"]);
        // The browser's PushManager, answering locally: it starts with Siobhan's subscription; a new one gets a new endpoint.
        await page.AddInitScriptAsync($$"""
            (() => {
              const subs = {{subscriptions}};
              let next = 1;
              const make = sub => ({ endpoint: sub.endpoint, options: {}, toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
                                     unsubscribe: async () => { current = null; return true; } });
              let current = make(subs[0]);
              PushManager.prototype.subscribe = async function () { current = make(subs[Math.min(next++, subs.length - 1)]); return current; };
              PushManager.prototype.getSubscription = async function () { return current; };
            })();
            """);

        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Parent));
        await BrowserFixture.ArriveAsync(page, "**/parent");
        await page.GotoAsync("/notifications", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preferences" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on push on this device" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("push-state")).ToContainTextAsync("Push is on for this device");

        using var hannah = await TestData.WithTokenAsync(browser.Host, Demo.Email(Role.Parent));
        var hers = Assert.Single((await hannah.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray());
        Assert.Equal(fresh, hers.GetProperty("endpoint").GetString());
        // Siobhan's device is untouched: the push service ends the dropped subscription, and it is forgotten at her next send.
        var siobhans = (await siobhan.GetAsync("/api/v1/notifications/push-subscriptions")).Data.GetProperty("devices").EnumerateArray().ToList();
        Assert.Contains(siobhans, d => d.GetProperty("endpoint").GetString() == left);

        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off on this device" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Turn on push on this device" })).ToBeVisibleAsync();
        foreach (var device in siobhans)
        {
            await siobhan.SendAsync(HttpMethod.Delete, $"/api/v1/notifications/push-subscriptions/{device.GetProperty("id").GetGuid()}", null);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_rewords_a_push_message_sees_a_typo_refused_previews_saves_and_restores_it()
    {
        var page = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.CentreAdmin));
        await BrowserFixture.ArriveAsync(page, "**/admin**");
        await page.GotoAsync("/admin/notification-templates", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("template-key").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Checked in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Push" }).ClickAsync();
        var body = page.GetByLabel("Body");
        await Assertions.Expect(body).ToHaveValueAsync("{{studentName}} arrived at {{time}}");

        await body.FillAsync("{{studentNme}} is at the centre");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.GetByText("{{studentNme}} is not a value this notification has")).ToBeVisibleAsync();

        await body.FillAsync("{{studentName}} is at the centre since {{time}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("template-preview")).ToContainTextAsync("Ella Thompson is at the centre since 16:05");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("template-origin")).ToHaveTextAsync("This centre's wording");
        await BrowserFixture.ScreenshotAsync(page, "admin-notification-wording");

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("template-key").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Checked in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Push" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Body")).ToHaveValueAsync("{{studentName}} is at the centre since {{time}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Back to the standard wording" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("template-origin")).ToHaveTextAsync("Standard wording");
        await Assertions.Expect(page.GetByLabel("Body")).ToHaveValueAsync("{{studentName}} arrived at {{time}}");
        await page.Context.CloseAsync();
    }
}
