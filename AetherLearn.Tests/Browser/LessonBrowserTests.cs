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

    // Push to a local push service (plain http) and a quick sender, for the push walk-through.
    protected override Task<AppHost> CreateHostAsync() =>
        AppHost.StartAsync(Provider.Sqlite, null, services: s => s.AddSingleton<TimeProvider>(Clock), settings: new Dictionary<string, string?>
        {
            ["Notifications:Push:AllowHttpEndpoints"] = "true", ["Notifications:Push:AdditionalHosts:0"] = "127.0.0.1", ["Notifications:DeliveryPollMilliseconds"] = "200",
        });
}

public sealed class LessonBrowserTests(LessonBrowserFixture browser) : IClassFixture<LessonBrowserFixture>
{
    [Fact]
    public async Task A_tutor_starts_todays_session_and_marks_attendance()
    {
        var page = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(page, "**/tutor");
        var maths = page.GetByTestId("today-session").Filter(new() { HasText = "Maths club" });
        await maths.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Open Maths club") }).ClickAsync();

        await BrowserFixture.ArriveAsync(page, "**/tutor/sessions/**");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Maths club", Level = 1 })).ToBeVisibleAsync();
        await page.GetByTestId("start-session").ClickAsync();
        await Assertions.Expect(page.GetByTestId("session-status")).ToHaveTextAsync("In progress");

        var first = page.GetByTestId("student-card").First;
        var name = (await first.Locator(".mud-typography-subtitle1").TextContentAsync())!.Trim();
        await first.GetByRole(AriaRole.Button, new() { Name = "Present" }).ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Button, new() { Name = "Present" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.GetByText($"{name}: Present")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "tutor-session");

        // The mark is kept: a fresh load shows it.
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("student-card").First.GetByRole(AriaRole.Button, new() { Name = "Present" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_student_answers_reloads_finds_their_answers_submits_and_sees_the_score()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Student(2));
        await BrowserFixture.ArriveAsync(page, "**/student");
        var mathsCard = page.GetByTestId("next-card").Filter(new() { HasText = "Mathematics" });
        await mathsCard.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Start ") }).ClickAsync();

        await BrowserFixture.ArriveAsync(page, "**/student/exercises/**");
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
        await Assertions.Expect(page.GetByTestId("review-item").Nth(1)).ToContainTextAsync("2. ");
        await Assertions.Expect(page.GetByTestId("review-item").First).ToContainTextAsync("Your answer: 40");
        await BrowserFixture.ScreenshotAsync(page, "student-review");

        // Home again: the marked work is the latest of the recent results (the progress read model), with its review.
        await page.GotoAsync("/student");
        await BrowserFixture.WaitForCircuitAsync(page);
        var review = page.GetByRole(AriaRole.Link, new() { Name = "Review", Exact = true });
        await Assertions.Expect(review).ToHaveCountAsync(1);
        await Assertions.Expect(review).ToHaveAttributeAsync("href", new Regex("^/student/attempts/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("tr", new() { Has = review })).ToContainTextAsync("%");
        await page.Context.CloseAsync();

        // Their parent sees the same result on the child's tab.
        var parent = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(parent, Demo.Email(Role.Parent));
        await BrowserFixture.ArriveAsync(parent, "**/parent");
        await parent.GetByRole(AriaRole.Tab, new() { Name = "Noah Patel" }).ClickAsync();
        await Assertions.Expect(parent.GetByTestId("recent-results").Locator("tbody tr").Filter(new() { HasText = "%" })).ToHaveCountAsync(1);
        await parent.Context.CloseAsync();
    }

    [Fact]
    public async Task A_student_is_asked_before_submitting_gaps_goes_back_answers_more_and_sees_no_answers_after_a_failing_score()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Student(4));
        await BrowserFixture.ArriveAsync(page, "**/student");
        var mathsCard = page.GetByTestId("next-card").Filter(new() { HasText = "Mathematics" });
        await mathsCard.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Start ") }).ClickAsync();
        await BrowserFixture.ArriveAsync(page, "**/student/exercises/**");
        await Assertions.Expect(page.GetByText("Question 1 of 5")).ToBeVisibleAsync();

        // Nothing answered: the player says so rather than sending it; Escape closes the dialog.
        await page.GetByTestId("submit-attempt").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Answer at least one question before submitting.");
        // Escape reaches the dialog through its focus (set by the dialog once shown; under load it can come late).
        await dialog.GetByRole(AriaRole.Button).First.FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        // One answer (wrong): the confirmation names the four gaps; "Keep working", by keyboard, returns to the player.
        await page.GetByLabel("Your answer").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Question 2 of 5")).ToBeVisibleAsync();
        await page.GetByTestId("submit-attempt").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("4 questions are not answered yet.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep working" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Question 2 of 5")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Radio).First.CheckAsync();
        await page.GetByTestId("submit-attempt").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("3 questions are not answered yet.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        // At most one of five right: below the mastery score, so the review has marks but no correct answers.
        await Assertions.Expect(page.GetByTestId("attempt-score")).ToContainTextAsync("You scored");
        await Assertions.Expect(page.GetByTestId("review-item")).ToHaveCountAsync(5);
        await Assertions.Expect(page.GetByTestId("answers-hidden")).ToContainTextAsync("once you score 80% or more");
        await Assertions.Expect(page.GetByTestId("correct-answer")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("review-item").First).ToContainTextAsync("Your answer: 12345");
        await Assertions.Expect(page.GetByTestId("try-again")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tutor_shows_a_student_the_answers_of_an_exercise_from_the_lesson_plan()
    {
        using var tutorApi = await TestData.WithTokenAsync(browser.Host, Demo.Email(Role.Teacher));
        var session = await Academic.TodaysMathsClubAsync(browser.Host, tutorApi);
        using var student = await TestData.WithTokenAsync(browser.Host, Demo.Student(3));
        var exercise = (await student.GetAsync($"/api/v1/content/next?courseId={await Academic.CourseAsync(browser.Host, "maths")}")).Data.GetProperty("exerciseId").GetGuid();
        var attempt = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
        var failed = await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers = await Academic.OneWrongAnswerAsync(browser.Host, exercise) });
        Assert.False(failed.Data.GetProperty("answersShown").GetBoolean());
        // A second go, so the plan has a trend to draw.
        var again = (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Data.GetProperty("id").GetGuid();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await student.PostAsync($"/api/v1/attempts/{again}/submit", new { answers = await Academic.OneWrongAnswerAsync(browser.Host, exercise) })).Status);

        var page = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(page, "**/tutor");
        await page.GotoAsync($"/tutor/sessions/{session}", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lesson plan for Isla Murphy" }).ClickAsync();
        var plan = page.GetByRole(AriaRole.Dialog);
        // The recent score trend at a glance, in words too.
        await Assertions.Expect(plan.GetByTestId("plan-trend").GetByTestId("score-trend-chart")).ToBeVisibleAsync();
        await Assertions.Expect(plan.GetByTestId("plan-trend").GetByTestId("chart-summary")).ToContainTextAsync("Isla's average score was");
        await plan.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Show Isla Murphy the answers to ") }).First.ClickAsync();
        await Assertions.Expect(page.GetByText("The student can now see the answers in their review")).ToBeVisibleAsync();

        var review = await student.GetAsync($"/api/v1/attempts/{attempt}");
        Assert.True(review.Data.GetProperty("answersShown").GetBoolean());
        Assert.All(review.Data.GetProperty("review").EnumerateArray(), r => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, r.GetProperty("correctAnswer").ValueKind));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_supervisor_schedules_a_session_and_enrols_a_student()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Supervisor));
        await BrowserFixture.ArriveAsync(page, "**/supervisor");
        await page.GotoAsync("/supervisor/schedule", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("calendar-session").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();

        await page.GetByTestId("new-session").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Title").FillAsync("Exam practice");
        await dialog.GetByTestId("session-tutor").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Priya Nair" }).ClickAsync();
        var monday = (await page.GetByTestId("week-label").TextContentAsync())!;
        var date = DateTime.ParseExact(monday.Split('(')[0].Replace("Week of", "").Trim(), "d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        // Saturday morning: inside the centre's opening hours (09:00–13:00), so no warning.
        await dialog.GetByLabel("Date").FillAsync(date.AddDays(5).ToString("yyyy-MM-dd"));
        await dialog.GetByLabel("Starts").FillAsync("10:00");
        await dialog.GetByLabel("Ends").FillAsync("11:00");
        await dialog.GetByTestId("save-session").ClickAsync();
        await Assertions.Expect(page.GetByText("Session scheduled")).ToBeVisibleAsync();

        var created = page.GetByTestId("calendar-session").Filter(new() { HasText = "Exam practice" });
        await Assertions.Expect(created).ToContainTextAsync("10:00–11:00");
        await Assertions.Expect(created).ToContainTextAsync("Exam practice (0/8)");
        await created.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Add students").FillAsync("Jack");
        await page.GetByRole(AriaRole.Option, new() { Name = "Jack Wilson" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Enrol 1 student" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove Jack Wilson" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).GetByTestId("editor-status")).ToHaveTextAsync("1 student enrolled");
        await BrowserFixture.ScreenshotAsync(page, "supervisor-schedule");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        await Assertions.Expect(created).ToContainTextAsync("Exam practice (1/8)");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tutor_previews_an_exercise_in_the_content_browser()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(page, "**/tutor");
        await page.GotoAsync("/content", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        // One tree, filtered by what is typed: no four cascading lists.
        await page.GetByLabel("Search the content").FillAsync("Stories warm-up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stories — Warm-up", Exact = true }).First.ClickAsync();
        var preview = page.GetByTestId("exercise-preview");
        await Assertions.Expect(preview).ToContainTextAsync("The Lost Kite");
        await Assertions.Expect(preview).ToContainTextAsync("Answer: Beacon Hill");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_parent_sees_each_childs_homework()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Parent));
        await BrowserFixture.ArriveAsync(page, "**/parent");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Ella Thompson" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("homework-table")).ToContainTextAsync("Tens and ones — Practice");
        await Assertions.Expect(page.GetByTestId("homework-table")).ToContainTextAsync("To do");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Noah Patel" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("no-homework")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tutor_sees_a_raised_hand_in_the_help_queue_and_answers_it()
    {
        using var tutorApi = await TestData.WithTokenAsync(browser.Host, Demo.Email(Role.Teacher));
        var session = await Academic.TodaysMathsClubAsync(browser.Host, tutorApi);
        using var student = await TestData.WithTokenAsync(browser.Host, Demo.Student(3));
        var raised = await student.PostAsync($"/api/v1/sessions/{session}/help-request", new { message = "Is 3/6 the same as 1/2?" });
        Assert.Equal(System.Net.HttpStatusCode.Created, raised.Status);

        var page = await browser.NewPageAsync(1024, 768);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(page, "**/tutor");
        await page.GotoAsync($"/tutor/sessions/{session}", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        var item = page.GetByTestId("help-item").Filter(new() { HasText = "Is 3/6 the same as 1/2?" });
        await Assertions.Expect(item).ToContainTextAsync("Isla Murphy");

        await item.GetByRole(AriaRole.Button, new() { Name = "On my way to Isla Murphy" }).ClickAsync();
        await Assertions.Expect(item).ToContainTextAsync("On the way");
        var queue = (await tutorApi.GetAsync($"/api/v1/sessions/{session}/dashboard")).Data.GetProperty("helpRequests");
        Assert.Equal("ACKNOWLEDGED", queue.EnumerateArray().Single(h => h.GetProperty("id").GetGuid() == raised.Data.GetProperty("id").GetGuid()).GetProperty("status").GetString());

        await item.GetByRole(AriaRole.Button, new() { Name = "Resolved Isla Murphy" }).ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
