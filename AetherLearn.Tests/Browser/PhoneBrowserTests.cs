using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>
/// Every page a student and a parent can open, on a phone (390×844, and 360 wide, the narrowest we support): nothing may stick out to the right (the page must not
/// scroll sideways, and no visible element may end beyond the screen's edge). On the lesson fixture's Wednesday-noon
/// clock, so the live lesson panel and today's sessions are on the pages too.
/// </summary>
public sealed class PhoneBrowserTests(LessonBrowserFixture browser) : IClassFixture<LessonBrowserFixture>
{
    private const int Height = 844;
    private int _width;

    // Every page is measured before the test fails, so one run names everything that does not fit.
    private readonly List<string> _misfits = [];

    [Theory]
    [InlineData(360)]
    [InlineData(390)]
    public async Task Every_student_page_fits_a_phone(int width)
    {
        _width = width;
        // A student of their own for each width: each run sets homework and marks an attempt.
        var email = Demo.Student(width == 390 ? 6 : 5);
        using var api = await TestData.WithTokenAsync(browser.Host, email);
        var exercise = await LongestOrderingSetAsHomeworkAsync(email);

        var page = await browser.NewPageAsync(width, Height);
        await BrowserFixture.SignInAsync(page, email);
        await BrowserFixture.ArriveAsync(page, "**/student");
        await Assertions.Expect(page.GetByTestId("next-card").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("xp-chip")).ToBeVisibleAsync();
        await FitsAsync(page, "student home");
        await ScreenshotAsync(page, "student-home");

        await OpenAsync(page, "/achievements");
        await FitsAsync(page, "achievements");

        // The player, question by question: the ordering question and the others of its exercise.
        await OpenAsync(page, $"/student/exercises/{exercise}");
        var questions = page.GetByRole(AriaRole.Navigation, new() { Name = "Questions" }).GetByRole(AriaRole.Button);
        await Assertions.Expect(questions.First).ToBeVisibleAsync();
        var count = await questions.CountAsync();
        var ordering = false;
        for (var n = 1; n <= count; n++)
        {
            await questions.Nth(n - 1).ClickAsync();
            await Assertions.Expect(page.GetByText($"Question {n} of {count}")).ToBeVisibleAsync();
            await FitsAsync(page, $"exercise player, question {n}");
            if (await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Move .+ down$") }).CountAsync() > 0)
            {
                ordering = true;
                await ScreenshotAsync(page, "ordering-question");
            }
        }
        Assert.True(ordering, "the exercise has an ordering question");

        // Marked (the player's own attempt, every answer right), its review shows marks and correct answers.
        var review = await SubmitRightAnswersAsync(api, exercise);
        await OpenAsync(page, $"/student/attempts/{review}");
        await Assertions.Expect(page.GetByTestId("review-item").First).ToBeVisibleAsync();
        await FitsAsync(page, "review");

        // Their progress page: their level's stats and the charts' sections.
        await OpenAsync(page, "/student/progress");
        await Assertions.Expect(page.GetByTestId("level-stat").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("mastery-section")).ToBeVisibleAsync();
        await FitsAsync(page, "my progress");
        await ScreenshotAsync(page, "student-progress");

        await CommonPagesFitAsync(page);
        await page.Context.CloseAsync();
        Assert.True(_misfits.Count == 0, string.Join("\n", _misfits));
    }

    [Theory]
    [InlineData(360)]
    [InlineData(390)]
    public async Task Every_parent_page_fits_a_phone(int width)
    {
        _width = width;
        var page = await browser.NewPageAsync(width, Height);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Parent));
        await BrowserFixture.ArriveAsync(page, "**/parent");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab).First).ToBeVisibleAsync();
        await FitsAsync(page, "parent home");
        await ScreenshotAsync(page, "parent-home");
        await page.GetByRole(AriaRole.Tab).Nth(1).ClickAsync();
        await FitsAsync(page, "parent home, second child");

        foreach (var child in new[] { Demo.Student(1), Demo.Student(2) })
        {
            await OpenAsync(page, $"/parent/children/{await Academic.UserIdAsync(browser.Host, child)}/progress");
            await FitsAsync(page, $"progress of {child}");
        }

        await CommonPagesFitAsync(page);
        await page.Context.CloseAsync();
        Assert.True(_misfits.Count == 0, string.Join("\n", _misfits));
    }

    // The screenshots are of the issue's 390×844 phone (artifacts/screenshots/phone-*.png).
    private async Task ScreenshotAsync(IPage page, string name)
    {
        if (_width == 390) { await BrowserFixture.ScreenshotAsync(page, $"phone-{name}"); }
    }

    /// <summary>The pages everyone has: notifications (both tabs), account security and changing the password.</summary>
    private async Task CommonPagesFitAsync(IPage page)
    {
        await OpenAsync(page, "/notifications");
        await FitsAsync(page, "notifications");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preferences" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" })).ToBeVisibleAsync();
        await FitsAsync(page, "notification preferences");

        await OpenAsync(page, "/account/security");
        await FitsAsync(page, "account security");

        // A static account page: no circuit to wait for, its form is what people see.
        await page.GotoAsync("/account/change-password", BrowserFixture.Arriving);
        await Assertions.Expect(page.GetByLabel("Current password")).ToBeVisibleAsync();
        await AxeCheck.CheckAsync(page);
        await FitsAsync(page, "change password");
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path, BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        // Let the page's first data arrive (its loading bar goes), so what is measured is the page people see.
        await Assertions.Expect(page.Locator(".mud-progress-indeterminate")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Notes what sticks out: the page wider than the screen, and each visible element whose right edge is past it
    /// (only the outermost of a nest, and not what a scrolling or clipping box around it keeps inside).
    /// </summary>
    private async Task FitsAsync(IPage page, string what)
    {
        var problems = await page.EvaluateAsync<string[]>("""
            () => {
              const root = document.documentElement, width = root.clientWidth, found = [];
              if (root.scrollWidth > width) { found.push(`the page is ${root.scrollWidth}px wide`); }
              const describe = el => {
                const text = (el.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 40);
                return `<${el.tagName.toLowerCase()}`
                  + (el.id ? ` id="${el.id}"` : '')
                  + (el.dataset.testid ? ` data-testid="${el.dataset.testid}"` : '')
                  + (el.getAttribute('aria-label') ? ` aria-label="${el.getAttribute('aria-label')}"` : '')
                  + (el.className && typeof el.className === 'string' ? ` class="${el.className.trim().slice(0, 80)}"` : '')
                  + `>${text ? ` "${text}"` : ''}`;
              };
              const clipped = el => {
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                  if (getComputedStyle(a).overflowX !== 'visible') { return true; }
                }
                return false;
              };
              for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0 || r.right <= width + 0.5) { continue; }
                const style = getComputedStyle(el);
                if (style.visibility === 'hidden' || clipped(el)) { continue; }
                const parent = el.parentElement.getBoundingClientRect();
                if (el.parentElement !== document.body && parent.right > width + 0.5 && !clipped(el.parentElement)) { continue; }
                found.push(`${describe(el)} ends at ${Math.round(r.right)}px`);
              }
              // The app bar keeps its controls in one row: nothing hangs below it, no label wraps onto a second line or is cut off.
              const bar = document.querySelector('header.mud-appbar');
              if (bar) {
                const bottom = bar.getBoundingClientRect().bottom;
                for (const el of bar.querySelectorAll('*')) {
                  const r = el.getBoundingClientRect();
                  if (r.width > 0 && r.height > 0 && r.bottom > bottom + 0.5) { found.push(`${describe(el)} hangs below the app bar`); }
                }
                for (const el of bar.querySelectorAll('a, button')) {
                  if (el.scrollWidth > el.clientWidth + 1) { found.push(`${describe(el)} is squeezed (${el.clientWidth}px wide for ${el.scrollWidth}px)`); }
                }
                const walker = document.createTreeWalker(bar, NodeFilter.SHOW_TEXT);
                for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                  if (!t.textContent.trim()) { continue; }
                  const range = document.createRange();
                  range.selectNodeContents(t);
                  const lines = new Set([...range.getClientRects()].filter(r => r.width > 1).map(r => Math.round(r.top)));
                  if (lines.size > 1) { found.push(`"${t.textContent.trim()}" in the app bar wraps onto ${lines.size} lines`); }
                }
              }
              return found;
            }
            """);
        if (problems.Length > 0) { _misfits.Add($"{what} ({page.Url}) does not fit a {_width}px phone:\n  {string.Join("\n  ", problems)}"); }
    }

    /// <summary>
    /// The exercise whose ordering question has the most items (the demo's six-word sentence), set as homework for the
    /// student by their tutor so they may open it.
    /// </summary>
    private async Task<Guid> LongestOrderingSetAsHomeworkAsync(string email)
    {
        Guid exercise;
        await using (var db = browser.Host.Db())
        {
            var exercises = await db.Exercises.Where(e => e.CentreId == null).ToListAsync();
            exercise = exercises.OrderByDescending(e => e.Questions.Where(q => q.Type == Core.Content.QuestionType.Ordering).Select(q => q.Options!.Count).DefaultIfEmpty(0).Max()).First().Id;
        }
        using var tutor = await TestData.WithTokenAsync(browser.Host, Academic.Tutor);
        var set = await tutor.PostAsync("/api/v1/homework", new
        {
            studentId = await Academic.UserIdAsync(browser.Host, email), exerciseId = exercise, dueDate = browser.Clock.GetUtcNow().UtcDateTime.AddDays(3),
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, set.Status);
        return exercise;
    }

    /// <summary>The open attempt at the exercise (starting resumes it), submitted with every answer right.</summary>
    private async Task<Guid> SubmitRightAnswersAsync(ApiClient student, Guid exercise)
    {
        await using var db = browser.Host.Db();
        var questions = (await db.Exercises.SingleAsync(e => e.Id == exercise)).Questions;
        Assert.Contains(questions, q => q.Type == Core.Content.QuestionType.Ordering);
        var attempt = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
        var answers = questions.ToDictionary(q => q.Id, q => Academic.RightAnswer(q, attempt));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers })).Status);
        await CelebrationsDoneAsync(attempt);
        return attempt;
    }

    /// <summary>
    /// Waits until the marked attempt's XP, and any badge or level-up it brought, have been turned into notifications: a
    /// celebration that arrives live opens a dialog over whatever page is open, and the next page must be measured, not
    /// clicked through a dialog that came late. (Pages opened afterwards do not replay it.)
    /// </summary>
    private async Task CelebrationsDoneAsync(Guid attempt)
    {
        var id = attempt.ToString();
        await Handled.LatestAsync(browser.Host, EventTypes.ExerciseGraded, p => p.GetProperty("attemptId").GetString() == id, "gamification.exercise");
        await using var db = browser.Host.Db();
        var student = (await db.Attempts.SingleAsync(a => a.Id == attempt)).StudentId.ToString();
        var celebrations = await db.OutboxMessages.Where(m => (m.Type == EventTypes.BadgeEarned || m.Type == EventTypes.LevelUp) && m.Payload.Contains(student))
            .Select(m => new { m.Id, m.Type }).ToListAsync();
        foreach (var celebration in celebrations) { await Handled.EventAsync(browser.Host, celebration.Id, Handled.Router(celebration.Type)); }
    }
}
