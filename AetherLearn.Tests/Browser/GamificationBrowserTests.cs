using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Gamification.Rules;
using Microsoft.Extensions.DependencyInjection;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>The progress pages on the lesson fixture's Wednesday-noon clock (the demo lessons are "today"), in an app of their own.</summary>
public sealed class GamificationBrowserTests(LessonBrowserFixture browser) : IClassFixture<LessonBrowserFixture>
{
    [Fact]
    public async Task A_student_submits_an_exercise_sees_their_xp_rise_and_a_badge_celebration_then_joins_the_leaderboard()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Student(5));
        await BrowserFixture.ArriveAsync(page, "**/student");
        var xp = page.GetByTestId("xp-chip");
        await Assertions.Expect(xp).ToHaveTextAsync("Level 1 · 0 XP");

        var mathsCard = page.GetByTestId("next-card").Filter(new() { HasText = "Mathematics" });
        await mathsCard.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Start ") }).ClickAsync();
        await BrowserFixture.ArriveAsync(page, "**/student/exercises/**");
        // One question answered, wrongly (nothing answered cannot be submitted): 0%, half an easy exercise's XP.
        await page.GetByLabel("Your answer").FillAsync("12345");
        await page.GetByTestId("submit-attempt").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("attempt-score")).ToContainTextAsync("You scored");
        var scoreContrast = await BrowserFixture.ContrastAsync(page.GetByTestId("attempt-score"));
        Assert.True(scoreContrast >= 4.5, $"the score is readable (contrast {scoreContrast:0.0}:1)");

        // Marked work pays through the outbox: the chip rises and the first badge is celebrated, without a reload.
        await Assertions.Expect(xp).ToHaveTextAsync("Level 1 · 5 XP");
        await Assertions.Expect(page.GetByTestId("xp-announcement")).ToHaveTextAsync("You earned 5 XP");
        var celebration = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "New badge!" });
        await Assertions.Expect(celebration).ToBeVisibleAsync();
        await Assertions.Expect(celebration.GetByTestId("celebration-title")).ToHaveTextAsync("First steps");
        await Assertions.Expect(celebration).ToContainTextAsync("Finish your first exercise: done!");
        await BrowserFixture.ScreenshotAsync(page, "student-badge-celebration");
        await celebration.GetByRole(AriaRole.Button, new() { Name = "Brilliant!" }).ClickAsync();
        await Assertions.Expect(celebration).ToBeHiddenAsync();

        await xp.ClickAsync();
        await BrowserFixture.ArriveAsync(page, "**/achievements");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My achievements", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("total-xp")).ToHaveTextAsync("5 XP");
        await Assertions.Expect(page.GetByTestId("badge-earned")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("badge-earned")).ToContainTextAsync("First steps");
        await Assertions.Expect(page.GetByTestId("badge-to-earn").Filter(new() { HasText = "Week warrior" })).ToContainTextAsync("Keep a streak going for 7 days");
        var practice = page.GetByRole(AriaRole.Group, new() { Name = "Practice streak" });
        await Assertions.Expect(practice).ToContainTextAsync("Practice: 1 day");

        // Off by default; turning it on shows the board with the student on it.
        var leaderboard = page.GetByTestId("leaderboard");
        await Assertions.Expect(leaderboard).ToContainTextAsync("Leaderboards are off for you");
        await leaderboard.GetByLabel("Show me on the leaderboard").CheckAsync();
        // The confirmation is legible (white on MudBlazor's default green was 2.2:1).
        var saved = page.Locator(".mud-snackbar").Filter(new() { HasText = "You are on the leaderboard" });
        await Assertions.Expect(saved).ToBeVisibleAsync();
        var savedContrast = await BrowserFixture.ContrastAsync(saved.Locator(".mud-snackbar-content-message"));
        Assert.True(savedContrast >= 4.5, $"the confirmation is readable (contrast {savedContrast:0.0}:1)");
        await Assertions.Expect(leaderboard.GetByTestId("leaderboard-row").Filter(new() { HasText = "Maya Chen (you)" })).ToContainTextAsync("5");
        await leaderboard.GetByRole(AriaRole.Button, new() { Name = "All time" }).ClickAsync();
        await Assertions.Expect(leaderboard.GetByRole(AriaRole.Button, new() { Name = "All time" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(leaderboard.GetByTestId("leaderboard-row").First).ToContainTextAsync("Maya Chen (you)");
        await BrowserFixture.ScreenshotAsync(page, "student-achievements");
        await page.Context.CloseAsync();

        // Her parent sees the same progress read-only, and can keep her off leaderboards; the tutor's board then leaves her out.
        var parentPage = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(parentPage, $"parent3@{Demo.Northside}.aetherlearn.test");
        await BrowserFixture.ArriveAsync(parentPage, "**/parent");
        await parentPage.GetByRole(AriaRole.Tab, new() { Name = "Maya Chen" }).ClickAsync();
        await parentPage.GetByRole(AriaRole.Link, new() { Name = "Maya Chen's XP, badges and streaks" }).ClickAsync();
        await BrowserFixture.ArriveAsync(parentPage, "**/progress");
        await Assertions.Expect(parentPage.GetByRole(AriaRole.Heading, new() { Name = "Maya Chen's progress", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(parentPage.GetByTestId("total-xp")).ToHaveTextAsync("5 XP");
        await Assertions.Expect(parentPage.GetByRole(AriaRole.Button, new() { Name = "Repair" })).ToHaveCountAsync(0);
        var choice = parentPage.GetByTestId("leaderboard-choice");
        await Assertions.Expect(choice).ToContainTextAsync("Maya has chosen to appear");
        await choice.GetByLabel("Let Maya choose to appear on leaderboards").UncheckAsync();
        await Assertions.Expect(parentPage.GetByText("Maya is kept off leaderboards")).ToBeVisibleAsync();
        await parentPage.Context.CloseAsync();

        var tutorPage = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(tutorPage, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(tutorPage, "**/tutor");
        await tutorPage.GotoAsync("/tutor/leaderboard", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(tutorPage);
        await Assertions.Expect(tutorPage.GetByTestId("leaderboard-empty")).ToBeVisibleAsync();
        await tutorPage.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tutor_sees_each_students_xp_on_the_session_cards_and_it_rises_when_they_are_marked_present()
    {
        var page = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(page, "**/tutor");
        var english = page.GetByTestId("today-session").Filter(new() { HasText = "English workshop" });
        await english.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Open English workshop") }).ClickAsync();
        await BrowserFixture.ArriveAsync(page, "**/tutor/sessions/**");
        var jack = page.GetByTestId("student-card").Filter(new() { HasText = "Jack Wilson" });
        await Assertions.Expect(jack.GetByTestId("card-xp")).ToHaveTextAsync("No XP yet");

        await page.GetByTestId("start-session").ClickAsync();
        await jack.GetByRole(AriaRole.Button, new() { Name = "Present" }).ClickAsync();
        // Attendance pays 10 XP through the outbox; the card follows without a reload.
        await Assertions.Expect(jack.GetByTestId("card-xp")).ToHaveTextAsync("10 XP · Beginner (level 1)");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_student_sees_their_xp_corrected_when_the_tutor_corrects_the_register()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Student(1));
        await BrowserFixture.ArriveAsync(page, "**/student");
        var xp = page.GetByTestId("xp-chip");
        await Assertions.Expect(xp).ToHaveTextAsync("Level 1 · 0 XP");

        using var tutor = await TestData.WithTokenAsync(browser.Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(browser.Host, tutor);
        var ella = await Academic.UserIdAsync(browser.Host, Demo.Student(1));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = ella, status = "ATTENDING" })).Status);
        await Assertions.Expect(xp).ToHaveTextAsync("Level 1 · 10 XP");
        await Assertions.Expect(page.GetByTestId("xp-announcement")).ToHaveTextAsync("You earned 10 XP");

        // Marked present by mistake: the lesson's XP goes back, and the student is told it was a correction, not an award.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{session}/attendance", new { studentId = ella, status = "ABSENT" })).Status);
        await Assertions.Expect(xp).ToHaveTextAsync("Level 1 · 0 XP");
        await Assertions.Expect(page.GetByTestId("xp-announcement")).ToHaveTextAsync("Your XP was corrected (-10 XP)");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_student_reaching_a_new_level_sees_it_celebrated_with_its_title()
    {
        var page = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(page, Demo.Student(4));
        await BrowserFixture.ArriveAsync(page, "**/student");
        await Assertions.Expect(page.GetByTestId("xp-chip")).ToHaveTextAsync("Level 1 · 0 XP");

        // Moving up a course level pays 100 XP (the handlers' award), which is level 2.
        var leo = await Academic.UserIdAsync(browser.Host, Demo.Student(4));
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await using var db = browser.Host.Db();
            var centre = db.Centres.Single(c => c.Slug == Demo.Northside).Id;
            var award = new XpAward(leo, XpRules.LevelAdvancement, XpSource.LevelAdvancement, $"{Guid.NewGuid()}:2", DateTime.UtcNow, new ActivityDelta(LevelsMastered: 1));
            Assert.True(await scope.ServiceProvider.GetRequiredService<XpAwards>().AwardAsync(centre, award, CancellationToken.None));
        }

        // Moving up a course level also earns the "Level up" badge: both are celebrated, one dialog at a time.
        await Assertions.Expect(page.GetByTestId("xp-chip")).ToHaveTextAsync("Level 2 · 100 XP");
        var dialogs = page.GetByRole(AriaRole.Dialog);
        var celebrated = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            await Assertions.Expect(dialogs).ToHaveCountAsync(1);
            var title = await dialogs.GetByTestId("celebration-title").InnerTextAsync();
            celebrated.Add(title);
            if (title == "Level 2: Explorer") { await Assertions.Expect(dialogs).ToContainTextAsync("Level up!"); }
            await dialogs.GetByRole(AriaRole.Button, new() { Name = "Brilliant!" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("celebration-title").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(title)}$") })).ToHaveCountAsync(0);
        }
        Assert.Equal(["Level 2: Explorer", "Level up"], celebrated.Order());
        await Assertions.Expect(dialogs).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_student_repairs_a_broken_streak_from_the_achievements_page()
    {
        // A 4-day practice streak broken yesterday (London), as the daily check leaves it.
        var isla = await Academic.UserIdAsync(browser.Host, Demo.Student(3));
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(browser.Clock.GetUtcNow().UtcDateTime, london));
        await using (var db = browser.Host.Db())
        {
            var centre = db.Centres.Single(c => c.Slug == Demo.Northside).Id;
            db.StudentStreaks.Add(new StudentStreak
            {
                CentreId = centre, StudentId = isla, Type = StreakType.Practice, Current = 0, Best = 4, AliveThrough = today.AddDays(-2), BrokenOn = today.AddDays(-1), LostCount = 4,
            });
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(page, Demo.Student(3));
        await BrowserFixture.ArriveAsync(page, "**/student");
        await page.GotoAsync("/achievements", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        var practice = page.GetByRole(AriaRole.Group, new() { Name = "Practice streak" });
        await Assertions.Expect(practice).ToContainTextAsync("Practice: 0 days");
        await Assertions.Expect(practice).ToContainTextAsync("Broken after 4 days. It can be repaired until");
        await practice.GetByRole(AriaRole.Button, new() { Name = "Repair the practice streak" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Your practice streak is back")).ToBeVisibleAsync();
        await Assertions.Expect(practice).ToContainTextAsync("Practice: 4 days");
        await Assertions.Expect(practice.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
