using System.Net;
using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>
/// Progress in pictures: the parent home shows each child's week (lessons and attendance, homework, results) and their charts;
/// a student's "My progress" page shows theirs. On the lesson fixture's Wednesday-noon clock, so the week has lessons.
/// </summary>
public sealed class ProgressBrowserTests(LessonBrowserFixture browser) : IClassFixture<LessonBrowserFixture>
{
    /// <summary>Two marked exercises in Mathematics: one with one answer wrong and the rest blank, one with every answer right.</summary>
    private async Task TwoMarkedExercisesAsync(string email)
    {
        using var student = await TestData.WithTokenAsync(browser.Host, email);
        var exercise = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(browser.Host, "maths")}")).Data.GetProperty("exerciseId").GetGuid();
        foreach (var allRight in new[] { false, true })
        {
            var attempt = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
            object answers;
            if (allRight)
            {
                await using var db = browser.Host.Db();
                answers = (await db.Exercises.SingleAsync(e => e.Id == exercise)).Questions.ToDictionary(q => q.Id, q => Academic.RightAnswer(q, attempt));
            }
            else { answers = await Academic.OneWrongAnswerAsync(browser.Host, exercise); }
            Assert.Equal(HttpStatusCode.OK, (await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers })).Status);
        }
    }

    /// <summary>The page does not scroll sideways; when it does, the message names the outermost elements that stick out.</summary>
    private static async Task NoSidewaysScrollAsync(IPage page)
    {
        var found = await page.EvaluateAsync<string[]>("""
            () => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) { return []; }
              return [...document.body.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > width + 0.5
                  && el.parentElement.getBoundingClientRect().right <= width + 0.5)
                .map(el => `<${el.tagName.toLowerCase()} class="${(el.getAttribute('class') || '').slice(0, 80)}"> ends at ${Math.round(el.getBoundingClientRect().right)}px`);
            }
            """);
        Assert.True(found.Length == 0, $"{page.Url} scrolls sideways at {page.ViewportSize!.Width}px: {string.Join("; ", found)}");
    }

    [Fact]
    public async Task A_parent_sees_each_childs_week_with_attendance_homework_results_and_progress_charts()
    {
        using var tutor = await TestData.WithTokenAsync(browser.Host, Demo.Email(Role.Teacher));
        var maths = await Academic.TodaysMathsClubAsync(browser.Host, tutor);
        var ella = await Academic.UserIdAsync(browser.Host, Demo.Student(1));
        var noah = await Academic.UserIdAsync(browser.Host, Demo.Student(2));
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{maths}/attendance", new { studentId = ella, status = "LATE" })).Status);
        await TwoMarkedExercisesAsync(Demo.Student(1));

        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Parent));
        await BrowserFixture.ArriveAsync(page, "**/parent");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Ella Thompson", Selected = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("page-subtitle")).ToContainTextAsync("Each child's week");

        // Her week: today's Maths club marked late, the rest of the week to come; her homework; the two marked exercises.
        var lessons = page.GetByTestId("week-lesson");
        await Assertions.Expect(lessons.Filter(new() { HasText = "Late" })).ToHaveCountAsync(1);
        await Assertions.Expect(lessons.Filter(new() { HasText = "Late" })).ToContainTextAsync("Maths club");
        await Assertions.Expect(page.GetByTestId("stat-lessons").GetByTestId("stat-value")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));
        await Assertions.Expect(page.GetByTestId("stat-lessons")).ToContainTextAsync("1 late");
        await Assertions.Expect(page.GetByTestId("homework-table")).ToContainTextAsync("Tens and ones — Practice");
        await Assertions.Expect(page.GetByTestId("stat-homework")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("recent-results").Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("stat-score").GetByTestId("stat-value")).ToHaveTextAsync("100%");

        // Her charts: scores this week in words, drawn, and in a table; mastery of her level's units.
        var trend = page.GetByTestId("score-trend-chart");
        await Assertions.Expect(trend).ToBeVisibleAsync();
        await Assertions.Expect(trend.Locator(".al-chart__plot svg").First).ToBeVisibleAsync();
        await Assertions.Expect(trend.GetByTestId("chart-summary")).ToContainTextAsync(new Regex(@"^Ella's average score was \d+% over 2 exercises in the week of"));
        await trend.GetByTestId("chart-table-toggle").ClickAsync();
        await Assertions.Expect(trend.GetByTestId("chart-table")).ToBeVisibleAsync();
        var mastery = page.GetByTestId("unit-mastery-chart");
        await Assertions.Expect(mastery.First).ToBeVisibleAsync();
        await Assertions.Expect(mastery.First.GetByTestId("chart-summary")).ToContainTextAsync("Mathematics, level 1: 1 of 12 exercises mastered");
        // The drawing is hidden from screen readers (its table speaks for it), so nothing in it may take the keyboard's focus.
        Assert.Equal(0, await page.EvaluateAsync<int>("""
            () => document.querySelectorAll('.al-chart__plot :is(a, button, input, select, textarea, [tabindex]:not([tabindex="-1"]))').length
            """));
        await BrowserFixture.ScreenshotAsync(page, "parent-home-charts");

        // Noah has no marked work yet: his tab says what will appear, and a notification's link opens his tab.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Noah Patel" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("score-trend-empty")).ToContainTextAsync("Noah's scores will show here after a few exercises");
        await page.GotoAsync($"/parent?child={noah}", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Noah Patel", Selected = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        // On the narrowest phone the week and the charts fit the screen.
        var phone = await browser.NewPageAsync(360, 844);
        await BrowserFixture.SignInAsync(phone, Demo.Email(Role.Parent));
        await BrowserFixture.ArriveAsync(phone, "**/parent");
        await Assertions.Expect(phone.GetByTestId("score-trend-chart")).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByTestId("unit-mastery-chart").First).ToBeVisibleAsync();
        await NoSidewaysScrollAsync(phone);
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task A_student_opens_my_progress_from_the_menu_and_sees_the_charts_level_and_encouragement()
    {
        var email = Demo.Student(3);
        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.SignInAsync(page, email);
        await BrowserFixture.ArriveAsync(page, "**/student");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "My progress" }).ClickAsync();
        await BrowserFixture.ArriveAsync(page, "**/student/progress");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My progress", Level = 1 })).ToBeVisibleAsync();
        // Nothing done yet: the charts say what to do.
        await Assertions.Expect(page.GetByTestId("score-trend-empty")).ToContainTextAsync("Finish a few exercises to see your progress here");
        await Assertions.Expect(page.GetByTestId("unit-mastery-empty")).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        await TwoMarkedExercisesAsync(email);
        page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.SignInAsync(page, email);
        await BrowserFixture.ArriveAsync(page, "**/student");
        await page.GotoAsync("/student/progress", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        var trend = page.GetByTestId("score-trend-chart");
        await Assertions.Expect(trend.Locator(".al-chart__plot svg").First).ToBeVisibleAsync();
        await Assertions.Expect(trend.GetByTestId("chart-summary")).ToContainTextAsync("Your average score was");
        await Assertions.Expect(page.GetByTestId("unit-mastery-chart").Filter(new() { HasText = "Mathematics" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("level-stat").Filter(new() { HasText = "Mathematics · level 1" }).GetByTestId("stat-value")).ToHaveTextAsync("1 of 12");
        await Assertions.Expect(page.GetByTestId("progress-cheer")).ToContainTextAsync("You have mastered 1 exercise so far");
        await BrowserFixture.ScreenshotAsync(page, "student-progress");
        await page.Context.CloseAsync();

        var phone = await browser.NewPageAsync(360, 844);
        await BrowserFixture.SignInAsync(phone, email);
        await BrowserFixture.ArriveAsync(phone, "**/student");
        await phone.GotoAsync("/student/progress", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(phone);
        await Assertions.Expect(phone.GetByTestId("score-trend-chart")).ToBeVisibleAsync();
        await NoSidewaysScrollAsync(phone);
        await phone.Context.CloseAsync();
    }
}
