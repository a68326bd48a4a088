using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Tests.Realtime;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>A live lesson in two browsers at once: the tutor's dashboard and a student's lab PC.</summary>
public sealed class LiveLessonBrowserTests(LessonBrowserFixture browser) : IClassFixture<LessonBrowserFixture>
{
    [Fact]
    public async Task Tutor_and_student_see_each_other_live()
    {
        var lesson = await LiveLesson.CreateAsync(browser.Host, browser.Clock, 5);
        var tutor = await browser.NewPageAsync(1024, 768);
        var student = await browser.NewPageAsync(1366, 768);

        await BrowserFixture.SignInAsync(tutor, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(tutor, "**/tutor");
        await tutor.GotoAsync($"/tutor/sessions/{lesson.SessionId}", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(tutor);
        await Assertions.Expect(tutor.GetByTestId("live-indicator")).ToBeVisibleAsync();
        var card = tutor.GetByTestId("student-card").Filter(new() { HasText = "Maya Chen" });
        await Assertions.Expect(card.GetByTestId("presence")).ToHaveTextAsync("Offline");

        await BrowserFixture.SignInAsync(student, Demo.Student(5));
        await BrowserFixture.ArriveAsync(student, "**/student");
        var panel = student.GetByTestId("live-lesson");
        await Assertions.Expect(panel).ToContainTextAsync("Waiting for your tutor to start the lesson.");
        await Assertions.Expect(card.GetByTestId("presence")).ToHaveTextAsync("Active");

        // The student raises a hand: the tutor's queue shows it within two seconds.
        await panel.GetByLabel("Message for your tutor (optional)").FillAsync("Can you check my working?");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Raise hand" }).ClickAsync();
        await Assertions.Expect(panel.GetByTestId("hand-state")).ToHaveTextAsync("Your hand is up");
        var hand = tutor.GetByTestId("help-item").Filter(new() { HasText = "Can you check my working?" });
        await Assertions.Expect(hand).ToBeVisibleAsync(new() { Timeout = 2000 });
        await Assertions.Expect(card.GetByTestId("help-flag")).ToBeVisibleAsync();

        // "On my way" reaches the student's screen.
        await hand.GetByRole(AriaRole.Button, new() { Name = "On my way to Maya Chen" }).ClickAsync();
        await Assertions.Expect(panel.GetByTestId("hand-state")).ToHaveTextAsync("Your tutor is on the way");

        // The tutor starts the lesson and messages the student.
        await tutor.GetByTestId("start-session").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("live-status")).ToContainTextAsync("The lesson is on.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Message Maya Chen" }).ClickAsync();
        await card.GetByLabel("Message to Maya Chen").FillAsync("Try the challenge next");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(panel.GetByTestId("live-notices")).ToContainTextAsync("Try the challenge next");

        // The tutor sets an exercise from the student's plan: it appears on the student's screen at once.
        await card.GetByRole(AriaRole.Button, new() { Name = "Lesson plan for Maya Chen" }).ClickAsync();
        var dialog = tutor.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Search the content").FillAsync("Tens and ones challenge");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Tens and ones — Challenge", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Do this next" }).ClickAsync();
        var assigned = panel.GetByTestId("assigned-work");
        await Assertions.Expect(assigned).ToContainTextAsync("Tens and ones — Challenge");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        await BrowserFixture.ScreenshotAsync(student, "student-live-lesson");

        // The student opens it and answers: the tutor's card follows.
        await assigned.GetByRole(AriaRole.Link, new() { Name = "Open it" }).ClickAsync();
        await BrowserFixture.ArriveAsync(student, "**/student/exercises/**");
        await Assertions.Expect(student.GetByText(new Regex("^Question 1 of \\d+"))).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("work")).ToContainTextAsync("Working on Tens and ones — Challenge");
        if (await student.GetByRole(AriaRole.Radio).CountAsync() > 0) { await student.GetByRole(AriaRole.Radio).First.CheckAsync(); }
        else { await student.GetByRole(AriaRole.Textbox).Last.FillAsync("42"); }
        await Assertions.Expect(card.GetByTestId("progress")).ToHaveTextAsync(new Regex("^[1-9][0-9]*% · 1 answered$"));
        await BrowserFixture.ScreenshotAsync(tutor, "tutor-live-dashboard");

        await tutor.Context.CloseAsync();
        await student.Context.CloseAsync();
    }
}
