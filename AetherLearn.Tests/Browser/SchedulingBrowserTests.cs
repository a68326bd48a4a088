using System.Globalization;
using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>Scheduling and assigning that are quick (issue 13): on the Wednesday-noon clock of the lesson tests.</summary>
public sealed class SchedulingBrowserTests(LessonBrowserFixture browser) : IClassFixture<LessonBrowserFixture>
{
    private static async Task<IPage> ScheduleAsync(LessonBrowserFixture browser, int width = 1366)
    {
        var page = await browser.NewPageAsync(width, 768);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Supervisor));
        await BrowserFixture.ArriveAsync(page, "**/supervisor");
        await page.GotoAsync("/supervisor/schedule", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("calendar-session").First).ToBeVisibleAsync();
        return page;
    }

    private static async Task<DateTime> NextWeekAsync(IPage page)
    {
        var before = await page.GetByTestId("week-label").TextContentAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("week-label")).Not.ToHaveTextAsync(before!);
        var label = (await page.GetByTestId("week-label").TextContentAsync())!;
        return DateTime.ParseExact(label.Split('(')[0].Replace("Week of", "").Trim(), "d MMMM yyyy", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_supervisor_creates_a_session_with_three_students_in_one_dialog_and_cancels_another_with_a_reason()
    {
        var page = await ScheduleAsync(browser);
        var monday = await NextWeekAsync(page);
        var saturday = monday.AddDays(5);

        // An empty hour on the calendar opens the editor on that day and hour.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Schedule a session on {saturday:dddd d MMMM} at 10:00" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("Date")).ToHaveValueAsync(saturday.ToString("yyyy-MM-dd"));
        await Assertions.Expect(dialog.GetByLabel("Starts")).ToHaveValueAsync("10:00");
        await dialog.GetByLabel("Title").FillAsync("Exam practice");
        await dialog.GetByTestId("session-tutor").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Priya Nair" }).ClickAsync();
        foreach (var name in new[] { "Leo Fischer", "Maya Chen", "Jack Wilson" })
        {
            await dialog.GetByLabel("Enrol students").FillAsync(name.Split(' ')[0]);
            await page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
            await Assertions.Expect(dialog.GetByTestId("chosen-students")).ToContainTextAsync(name);
        }
        await Assertions.Expect(dialog.GetByTestId("places")).ToHaveTextAsync("3 of 8 places taken once saved");
        await dialog.GetByTestId("save-session").ClickAsync();
        await Assertions.Expect(page.GetByText("Session scheduled with 3 students")).ToBeVisibleAsync();

        var created = page.GetByTestId("calendar-session").Filter(new() { HasText = "Exam practice" });
        await Assertions.Expect(created).ToContainTextAsync("10:00–11:00");
        await Assertions.Expect(created).ToContainTextAsync("Exam practice (3/8)");
        await created.ClickAsync();
        foreach (var name in new[] { "Leo Fischer", "Maya Chen", "Jack Wilson" })
        {
            await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = $"Remove {name}" })).ToBeVisibleAsync();
        }
        await BrowserFixture.ScreenshotAsync(page, "supervisor-session-editor");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        // Cancelling another session asks first, and will not go on without a reason.
        var maths = page.GetByTestId("calendar-session").Filter(new() { HasText = "Maths club" }).First;
        await maths.ClickAsync();
        await dialog.GetByTestId("cancel-session").ClickAsync();
        var confirmation = dialog.GetByTestId("cancel-confirmation");
        await Assertions.Expect(confirmation).ToContainTextAsync($"Cancel Maths club on {monday:ddd d MMM} 16:00–17:00?");
        await Assertions.Expect(dialog.GetByTestId("confirm-cancel")).ToBeDisabledAsync();
        await dialog.GetByLabel("Reason for cancelling").FillAsync("Room flooded");
        await dialog.GetByTestId("confirm-cancel").ClickAsync();
        await Assertions.Expect(page.GetByText("Maths club cancelled")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("calendar-session").Filter(new() { HasText = "Cancelled: Room flooded" })).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "supervisor-schedule-cancelled");

        await using var db = browser.Host.Db();
        var cancelled = await db.TutoringSessions.Where(s => s.CancelReason == "Room flooded").ToListAsync();
        Assert.Equal("Maths club", Assert.Single(cancelled).Title);
        Assert.Equal(Core.Sessions.SessionStatus.Cancelled, cancelled[0].Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_session_at_22_00_warns_that_the_centre_is_closed_before_it_is_saved()
    {
        var page = await ScheduleAsync(browser);
        var monday = await NextWeekAsync(page);
        var wednesday = monday.AddDays(2);
        await page.GetByTestId("day-head").Nth(2).ClickAsync();
        await page.GetByTestId("new-session").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("Date")).ToHaveValueAsync(wednesday.ToString("yyyy-MM-dd"));
        await dialog.GetByLabel("Title").FillAsync("Late revision");
        await dialog.GetByTestId("session-tutor").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Priya Nair" }).ClickAsync();
        await dialog.GetByLabel("Starts").FillAsync("22:00");
        await dialog.GetByLabel("Ends").FillAsync("23:00");
        await dialog.GetByTestId("save-session").ClickAsync();

        var warning = dialog.GetByTestId("hours-warning");
        await Assertions.Expect(warning).ToContainTextAsync("The centre is open 15:00–19:30 on Wednesdays; this session runs 22:00–23:00.");
        // Nothing is saved until the supervisor chooses.
        await using (var db = browser.Host.Db()) { Assert.False(await db.TutoringSessions.AnyAsync(s => s.Title == "Late revision")); }
        await warning.GetByRole(AriaRole.Button, new() { Name = "Change the time" }).ClickAsync();
        await Assertions.Expect(warning).ToHaveCountAsync(0);
        await dialog.GetByTestId("save-session").ClickAsync();
        await warning.GetByRole(AriaRole.Button, new() { Name = "Save anyway" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Session scheduled")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("calendar-session").Filter(new() { HasText = "Late revision" })).ToContainTextAsync("22:00–23:00");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_session_dragged_to_another_hour_moves_there_after_a_confirmation()
    {
        var page = await ScheduleAsync(browser);
        var monday = await NextWeekAsync(page);
        var thursday = monday.AddDays(3);
        var english = page.Locator($"[data-day='{thursday:yyyy-MM-dd}']").GetByTestId("calendar-session").Filter(new() { HasText = "English workshop" });
        await Assertions.Expect(english).ToContainTextAsync("17:15–");
        // The browser's own drag events, as a pointer drag raises them (dragstart on the session, dragover and drop on the hour).
        var slot = page.GetByRole(AriaRole.Button, new() { Name = $"Schedule a session on {thursday:dddd d MMMM} at 18:00" });
        var transfer = await page.EvaluateHandleAsync("() => new DataTransfer()");
        await english.DispatchEventAsync("dragstart", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await Assertions.Expect(page.GetByTestId("calendar")).ToHaveClassAsync(new Regex("al-cal--dragging"));
        await slot.DispatchEventAsync("dragover", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await slot.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });

        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync($"Move English workshop to {thursday:dddd d MMMM} 18:15?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move it" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("schedule-notice")).ToContainTextAsync("English workshop moved to");
        await Assertions.Expect(english).ToContainTextAsync("18:15–");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_week_is_a_list_day_by_day()
    {
        var page = await browser.NewPageAsync(390, 844);
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Supervisor));
        await BrowserFixture.ArriveAsync(page, "**/supervisor");
        await page.GotoAsync("/supervisor/schedule", BrowserFixture.Arriving);
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("day-session").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("calendar")).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the schedule scrolls sideways on a phone");
        await BrowserFixture.ScreenshotAsync(page, "supervisor-schedule-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tutor_sets_one_exercise_for_the_whole_group_in_one_action()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Demo.Email(Role.Teacher));
        await BrowserFixture.ArriveAsync(page, "**/tutor");
        var maths = page.GetByTestId("today-session").Filter(new() { HasText = "Maths club" });
        await maths.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Open Maths club") }).ClickAsync();
        await BrowserFixture.ArriveAsync(page, "**/tutor/sessions/**");
        var sessionId = Guid.Parse(page.Url.Split('/').Last());

        await page.GetByTestId("set-work").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Search the content").FillAsync("Tens and ones challenge");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Tens and ones — Challenge", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("picker-chosen")).ToContainTextAsync("Mathematics › Level 1 — Numbers to 100 ›");
        await BrowserFixture.ScreenshotAsync(page, "tutor-set-work");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Set for all 4" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("work-set")).ToContainTextAsync("Tens and ones — Challenge set as the next exercise for 4 students.");

        await using var db = browser.Host.Db();
        var exercise = await db.Exercises.Where(e => e.Title == "Tens and ones — Challenge" && e.CentreId == null).Select(e => e.Id).SingleAsync();
        var group = await db.Enrolments.Where(e => e.SessionId == sessionId && e.RemovedAt == null).Select(e => e.StudentId).OrderBy(id => id).ToListAsync();
        var given = await db.ContentOverrides.Where(o => o.ExerciseId == exercise && o.ClearedAt == null).Select(o => o.StudentId).OrderBy(id => id).ToListAsync();
        Assert.Equal(4, group.Count);
        Assert.Equal(group, given);
        await page.Context.CloseAsync();
    }
}
