using System.Net;
using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AetherLearn.Tests.Browser;

/// <summary>The app on a Wednesday-noon clock (the demo day's lessons are later today), for the role homes.</summary>
public sealed class RoleHomeBrowserFixture : BrowserFixture
{
    public TestClock Clock { get; } = TestClock.WednesdayNoon();

    protected override Task<AppHost> CreateHostAsync() => AppHost.StartAsync(Provider.Sqlite, null, services: s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>
/// Each role's home answers "what needs me now?": the centre's day for supervisors, admins and assessors, a tutor's
/// lessons with what each student needs, a student's next lesson and work; the menu highlights one entry at a time.
/// </summary>
public sealed class RoleHomeBrowserTests(RoleHomeBrowserFixture browser) : IClassFixture<RoleHomeBrowserFixture>
{
    private static ILocator Card(IPage page, string title) => page.GetByTestId("today-session").Filter(new() { HasText = title });

    private async Task<IPage> SignInAsync(string email, string home, int width = 1366, int height = 768)
    {
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(page, email);
        await BrowserFixture.ArriveAsync(page, $"**{home}");
        return page;
    }

    /// <summary>The same page on a phone: nothing sticks out sideways; its picture goes with the others of the homes.</summary>
    private static async Task OnAPhoneAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(390, 844);
        // Loaded afresh at that size, as a phone would (the layout's drawer chooses its mode when the page starts).
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{name} fits a phone");
        await BrowserFixture.ScreenshotAsync(page, $"{name}-phone");
    }

    [Fact]
    public async Task The_supervisors_home_shows_the_running_sessions_of_the_day_with_tutor_attendance_and_hands_and_follows_the_register_live()
    {
        using var tutor = await TestData.WithTokenAsync(browser.Host, Academic.Tutor);
        var maths = await Academic.TodaysMathsClubAsync(browser.Host, tutor);
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{maths}/start")).Status);
        var ella = await Academic.UserIdAsync(browser.Host, Demo.Student(1));
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{maths}/attendance", new { studentId = ella, status = "ATTENDING" })).Status);
        using var noah = await TestData.WithTokenAsync(browser.Host, Demo.Student(2));
        Assert.Equal(HttpStatusCode.Created, (await noah.PostAsync($"/api/v1/sessions/{maths}/help-request", new { message = "Stuck on fractions" })).Status);

        var page = await SignInAsync(Academic.Supervisor, "/supervisor");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("The centre today");
        // Northside's two lessons only (Riverside runs lessons of the same names today).
        await Assertions.Expect(page.GetByTestId("today-session")).ToHaveCountAsync(2);
        var club = Card(page, "Maths club");
        await Assertions.Expect(club.GetByTestId("session-status")).ToHaveTextAsync("In progress");
        await Assertions.Expect(club).ToContainTextAsync("with Tom Becker");
        await Assertions.Expect(club).ToContainTextAsync("Room 1");
        await Assertions.Expect(club.GetByTestId("attendance-so-far")).ToHaveTextAsync("1 present · 3 not marked (of 4)");
        await Assertions.Expect(club.GetByTestId("hands")).ToHaveTextAsync("1 hand up");
        await Assertions.Expect(Card(page, "English workshop").GetByTestId("session-status")).ToHaveTextAsync("Scheduled");
        await Assertions.Expect(page.GetByTestId("stat-running").GetByTestId("stat-value")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("stat-registers").GetByTestId("stat-value")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("attention-register")).ToContainTextAsync("Maths club");
        await Assertions.Expect(page.GetByTestId("attention-hands").Filter(new() { HasText = "Maths club" })).ToContainTextAsync("Noah Patel");
        // The lesson opens where it is run.
        await Assertions.Expect(club.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Open Maths club") })).ToHaveAttributeAsync("href", $"/tutor/sessions/{maths}");
        await BrowserFixture.ScreenshotAsync(page, "home-supervisor-day");

        // The tutor marks another student: the home follows without a reload.
        var isla = await Academic.UserIdAsync(browser.Host, Demo.Student(3));
        Assert.Equal(HttpStatusCode.OK, (await tutor.PostAsync($"/api/v1/sessions/{maths}/attendance", new { studentId = isla, status = "LATE" })).Status);
        await Assertions.Expect(club.GetByTestId("attendance-so-far")).ToHaveTextAsync("1 present · 1 late · 2 not marked (of 4)");
        await Assertions.Expect(page.GetByTestId("stat-students-in").GetByTestId("stat-value")).ToHaveTextAsync("2");

        // "Today's sessions" is the home now: /tutor is a tutor's page, and a supervisor who opens it comes home.
        await page.GotoAsync("/tutor", BrowserFixture.Arriving);
        await BrowserFixture.ArriveAsync(page, "**/supervisor");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("The centre today");
        await page.Context.CloseAsync();

        var phone = await SignInAsync(Academic.Supervisor, "/supervisor", 390, 844);
        await Assertions.Expect(Card(phone, "Maths club").GetByTestId("session-status")).ToHaveTextAsync("In progress");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the supervisor's home fits a phone");
        await BrowserFixture.ScreenshotAsync(phone, "home-supervisor-day-phone");
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task The_tutors_home_shows_their_lessons_with_what_each_student_needs()
    {
        using var maya = await TestData.WithTokenAsync(browser.Host, Demo.Student(5));
        using var tutor = await TestData.WithTokenAsync(browser.Host, Academic.Tutor);
        var english = (await tutor.GetAsync("/api/v1/sessions/today")).Data.EnumerateArray()
            .First(s => s.GetProperty("title").GetString() == "English workshop").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await maya.PostAsync($"/api/v1/sessions/{english}/help-request", new { message = "Help with commas" })).Status);

        var page = await SignInAsync(Academic.Tutor, "/tutor");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your lessons today");
        await Assertions.Expect(page.GetByTestId("today-session")).ToHaveCountAsync(2);
        var workshop = Card(page, "English workshop");
        var mayaNeeds = workshop.GetByTestId("student-need").Filter(new() { HasText = "Maya Chen" });
        await Assertions.Expect(mayaNeeds).ToContainTextAsync("Hand up: “Help with commas”");
        await Assertions.Expect(mayaNeeds).ToContainTextAsync("Next:");
        await Assertions.Expect(workshop.GetByTestId("student-need")).ToHaveCountAsync(4);
        await Assertions.Expect(workshop.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Open English workshop") })).ToHaveAttributeAsync("href", $"/tutor/sessions/{english}");
        await BrowserFixture.ScreenshotAsync(page, "home-tutor-day");
        await OnAPhoneAsync(page, "home-tutor-day");

        // Maya puts her hand down: the home follows without a reload.
        var hand = (await tutor.GetAsync($"/api/v1/sessions/{english}/dashboard")).Data.GetProperty("helpRequests").EnumerateArray()
            .Single(h => h.GetProperty("studentName").GetString() == "Maya Chen").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await ApiResponse.ReadAsync(await maya.Http.DeleteAsync($"/api/v1/help-requests/{hand}"))).Status);
        await Assertions.Expect(mayaNeeds).Not.ToContainTextAsync("Hand up");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Overdue_homework_of_todays_students_is_listed_on_the_tutors_home_and_the_centres_day()
    {
        // Due yesterday and not handed in (no API sets a past due date, so it is written as it would stand a day later).
        var maya = await Academic.UserIdAsync(browser.Host, Demo.Student(5));
        var tutorId = await Academic.UserIdAsync(browser.Host, Academic.Tutor);
        await using (var db = browser.Host.Db())
        {
            var centre = (await db.Users.SingleAsync(u => u.Id == maya)).CentreId;
            var exercise = await db.Exercises.Where(e => e.CentreId == null).OrderBy(e => e.Sequence).Select(e => new { e.Id, e.Title }).FirstAsync();
            var now = browser.Clock.GetUtcNow().UtcDateTime;
            db.Homework.Add(new Core.Homework.HomeworkAssignment
            {
                CentreId = centre, StudentId = maya, ExerciseId = exercise.Id, AssignedBy = tutorId, AssignedAt = now.AddDays(-8), DueAt = now.AddDays(-1),
            });
            await db.SaveChangesAsync();
        }

        var tutor = await SignInAsync(Academic.Tutor, "/tutor");
        await Assertions.Expect(tutor.GetByTestId("overdue-item")).ToContainTextAsync("Maya Chen");
        await tutor.Context.CloseAsync();

        var supervisor = await SignInAsync(Academic.Supervisor, "/supervisor");
        await Assertions.Expect(supervisor.GetByTestId("overdue-homework").GetByTestId("overdue-item")).ToContainTextAsync("Maya Chen");
        await Assertions.Expect(supervisor.GetByTestId("empty-state").Filter(new() { HasText = "No homework is overdue" })).ToHaveCountAsync(0);
        await supervisor.Context.CloseAsync();
    }

    [Fact]
    public async Task The_admins_home_is_the_centres_day_with_undelivered_messages_and_people_and_the_assessors_has_no_lesson_to_open()
    {
        var page = await SignInAsync(Demo.Email(Role.CentreAdmin), "/admin");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("The centre today");
        await Assertions.Expect(page.GetByTestId("today-session")).ToHaveCountAsync(2);
        var deliveries = page.GetByTestId("stat-deliveries");
        await Assertions.Expect(deliveries.GetByRole(AriaRole.Link, new() { Name = "Messages not delivered" })).ToHaveAttributeAsync("href", "/admin/notification-deliveries");
        await Assertions.Expect(page.GetByTestId("people-counts").GetByRole(AriaRole.Link, new() { Name = "Student" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("people-counts")).ToContainTextAsync("6");
        await BrowserFixture.ScreenshotAsync(page, "home-admin-day");
        await OnAPhoneAsync(page, "home-admin-day");
        await page.Context.CloseAsync();

        var assessor = await SignInAsync(Demo.Email(Role.Assessor), "/assessor");
        await Assertions.Expect(assessor.GetByTestId("today-session")).ToHaveCountAsync(2);
        await Assertions.Expect(assessor.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Open ") })).ToHaveCountAsync(0);
        await Assertions.Expect(assessor.GetByTestId("stat-deliveries")).ToHaveCountAsync(0);
        await assessor.Context.CloseAsync();

        var finance = await SignInAsync(Demo.Email(Role.Finance), "/finance");
        await Assertions.Expect(finance.GetByTestId("coming-next")).ToContainTextAsync("Invoices and payments are not in AetherLearn yet");
        await Assertions.Expect(finance.GetByTestId("stat-unread").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "/notifications");
        await BrowserFixture.ScreenshotAsync(finance, "home-finance-day");
        await OnAPhoneAsync(finance, "home-finance-day");
        await finance.Context.CloseAsync();
    }

    [Fact]
    public async Task The_students_home_shows_the_next_lesson_and_next_work_first_and_progress_per_level()
    {
        var page = await SignInAsync(Demo.Student(6), "/student");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hi Jack!");
        await Assertions.Expect(page.GetByTestId("next-lesson")).ToContainTextAsync("English workshop");
        await Assertions.Expect(page.GetByTestId("next-lesson")).ToContainTextAsync("Today at 17:15");
        var work = page.GetByTestId("next-card");
        await Assertions.Expect(work).ToHaveCountAsync(2);
        await Assertions.Expect(work.Filter(new() { HasText = "Mathematics" }).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Start ") })).ToBeVisibleAsync();
        // The lesson and the work come before everything else on the page.
        var order = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-testid=next-lesson], [data-testid=next-work], [data-testid=level-progress], [data-testid=recent-results]')].map(e => e.dataset.testid)");
        Assert.Equal(["next-lesson", "next-work", "level-progress", "recent-results"], order);
        var levels = page.GetByTestId("level-progress-item");
        await Assertions.Expect(levels).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Mathematics, level 2: 0% mastered" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "home-student-day");
        await OnAPhoneAsync(page, "home-student-day");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_menu_highlights_one_entry_at_a_time()
    {
        var page = await SignInAsync(Academic.Tutor, "/tutor");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Assertions.Expect(nav.Locator("a.active")).ToHaveCountAsync(1);
        await Assertions.Expect(nav.Locator("a.active")).ToHaveTextAsync("Home");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Today's sessions" })).ToHaveCountAsync(0);
        await nav.GetByRole(AriaRole.Link, new() { Name = "Leaderboard" }).ClickAsync();
        await BrowserFixture.ArriveAsync(page, "**/tutor/leaderboard");
        await Assertions.Expect(nav.Locator("a.active")).ToHaveCountAsync(1);
        await Assertions.Expect(nav.Locator("a.active")).ToHaveTextAsync("Leaderboard");
        await page.Context.CloseAsync();
    }
}

/// <summary>The app on a Sunday, when the demo centres run no lessons.</summary>
public sealed class SundayBrowserFixture : BrowserFixture
{
    public static TestClock SundayNoon()
    {
        var day = TestClock.Today.AddDays(2);
        while (day.DayOfWeek != DayOfWeek.Sunday) { day = day.AddDays(1); }
        return new TestClock(TestClock.LocalInstant(day.AddHours(12), TestClock.London));
    }

    public TestClock Clock { get; } = SundayNoon();

    protected override Task<AppHost> CreateHostAsync() => AppHost.StartAsync(Provider.Sqlite, null, services: s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>A day without lessons: the homes say so kindly and say what to do next.</summary>
public sealed class EmptyDayBrowserTests(SundayBrowserFixture browser) : IClassFixture<SundayBrowserFixture>
{
    [Fact]
    public async Task With_no_sessions_today_the_supervisor_is_pointed_to_the_schedule_and_the_tutor_to_the_content()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, Academic.Supervisor);
        await BrowserFixture.ArriveAsync(page, "**/supervisor");
        await Assertions.Expect(page.GetByTestId("sessions-today").GetByTestId("empty-state")).ToContainTextAsync("No sessions today");
        await Assertions.Expect(page.GetByTestId("sessions-today").GetByRole(AriaRole.Link, new() { Name = "Open the schedule" })).ToHaveAttributeAsync("href", "/supervisor/schedule");
        await Assertions.Expect(page.GetByTestId("stat-running").GetByTestId("stat-value")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("needs-attention")).ToContainTextAsync("Nothing needs you right now");
        await BrowserFixture.ScreenshotAsync(page, "home-supervisor-empty-day");
        await page.Context.CloseAsync();

        var tutor = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(tutor, Academic.Tutor);
        await BrowserFixture.ArriveAsync(tutor, "**/tutor");
        await Assertions.Expect(tutor.GetByTestId("no-sessions-today")).ToContainTextAsync("No lessons for you today");
        await Assertions.Expect(tutor.GetByRole(AriaRole.Link, new() { Name = "Browse the content" })).ToHaveAttributeAsync("href", "/content");
        await tutor.Context.CloseAsync();
    }
}
