using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>The app on a Wednesday-noon clock, so the demo lessons are "today" whenever the tests run.</summary>
public sealed class LessonBrowserFixture : BrowserFixture
{
    public TestClock Clock { get; } = TestClock.WednesdayNoon();

    protected override Task<AppHost> CreateHostAsync() =>
        AppHost.StartAsync(Provider.Sqlite, null, services: s => s.AddSingleton<TimeProvider>(Clock));
}

public sealed class LessonBrowserTests(LessonBrowserFixture browser) : IClassFixture<LessonBrowserFixture>
{
    [Fact]
    public async Task A_tutor_starts_todays_session_and_marks_attendance()
    {
        var page = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher));
        await page.WaitForURLAsync("**/tutor");
        await BrowserFixture.WaitForCircuitAsync(page);
        var maths = page.GetByTestId("today-session").Filter(new() { HasText = "Maths club" });
        await maths.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Open Maths club") }).ClickAsync();

        await page.WaitForURLAsync("**/tutor/sessions/**");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Maths club", Level = 1 })).ToBeVisibleAsync();
        await page.GetByTestId("start-session").ClickAsync();
        await Assertions.Expect(page.GetByTestId("session-status")).ToHaveTextAsync("In progress");

        var first = page.GetByTestId("student-row").First;
        var name = (await first.Locator(".mud-typography-subtitle1").TextContentAsync())!.Trim();
        await first.GetByRole(AriaRole.Button, new() { Name = "Present" }).ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Button, new() { Name = "Present" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.GetByText($"{name}: Present")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "tutor-session");

        // The mark is kept: a fresh load shows it.
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("student-row").First.GetByRole(AriaRole.Button, new() { Name = "Present" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_student_answers_reloads_finds_their_answers_submits_and_sees_the_score()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Student(2));
        await page.WaitForURLAsync("**/student");
        await BrowserFixture.WaitForCircuitAsync(page);
        var mathsCard = page.GetByTestId("next-card").Filter(new() { HasText = "Mathematics" });
        await mathsCard.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Start ") }).ClickAsync();

        await page.WaitForURLAsync("**/student/exercises/**");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByText("Question 1 of 5")).ToBeVisibleAsync();
        await page.GetByLabel("Your answer").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Question 2 of 5")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio).First.CheckAsync();
        await Assertions.Expect(page.GetByTestId("save-state")).ToContainTextAsync("All answers saved at");
        await BrowserFixture.ScreenshotAsync(page, "student-player");

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        // It resumes at the first unanswered question, with the first two marked as answered.
        await Assertions.Expect(page.GetByText("Question 3 of 5")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Question 1, answered" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Question 2, answered" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Question 1, answered" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Your answer")).ToHaveValueAsync("40");

        await page.GetByTestId("submit-attempt").ClickAsync();
        await Assertions.Expect(page.GetByText("3 questions are not answered yet.", new() { Exact = false })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("attempt-score")).ToContainTextAsync("You scored");
        await Assertions.Expect(page.GetByTestId("review-item")).ToHaveCountAsync(5);
        await BrowserFixture.ScreenshotAsync(page, "student-review");
        await page.Context.CloseAsync();
    }
}
