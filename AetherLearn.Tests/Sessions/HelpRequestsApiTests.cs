using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Sessions;

public abstract class HelpRequestsApiTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    [Fact]
    public async Task A_student_raises_a_hand_the_tutor_acknowledges_and_resolves_it()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(1));

        var raised = await student.PostAsync($"/api/v1/sessions/{session}/help-request", new { message = "I'm stuck on question 3" });
        Assert.Equal(HttpStatusCode.Created, raised.Status);
        Assert.Equal("OPEN", raised.Data.GetProperty("status").GetString());
        var id = raised.Data.GetProperty("id").GetGuid();

        var again = await student.PostAsync($"/api/v1/sessions/{session}/help-request", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("Your hand is already up; your tutor will come to you", again.Error);

        var queue = (await tutor.GetAsync($"/api/v1/sessions/{session}/dashboard")).Data.GetProperty("helpRequests");
        var entry = queue.EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == id);
        Assert.Equal("I'm stuck on question 3", entry.GetProperty("message").GetString());
        Assert.Equal("Ella Thompson", entry.GetProperty("studentName").GetString());

        // The session's tutor is told in the app as well (the room shows it live).
        for (var i = 0; i < 50 && !(await tutor.GetAsync("/api/v1/notifications")).Data.EnumerateArray().Any(n => n.GetProperty("type").GetString() == "help.requested"); i++)
        {
            await Task.Delay(100);
        }
        Assert.Contains((await tutor.GetAsync("/api/v1/notifications")).Data.EnumerateArray(),
            n => n.GetProperty("body").GetString() == "Ella Thompson needs help in Maths club: “I'm stuck on question 3”");

        Assert.Equal("ACKNOWLEDGED", (await tutor.PatchAsync($"/api/v1/help-requests/{id}/acknowledge", new { })).Data.GetProperty("status").GetString());
        Assert.Equal("RESOLVED", (await tutor.PatchAsync($"/api/v1/help-requests/{id}/resolve", new { })).Data.GetProperty("status").GetString());
        Assert.DoesNotContain((await tutor.GetAsync($"/api/v1/sessions/{session}/dashboard")).Data.GetProperty("helpRequests").EnumerateArray(),
            e => e.GetProperty("id").GetGuid() == id);

        var cancelResolved = await ApiResponse.ReadAsync(await student.Http.DeleteAsync($"/api/v1/help-requests/{id}"));
        Assert.Equal(HttpStatusCode.Conflict, cancelResolved.Status);
        // With the first one dealt with, the student can raise a hand again.
        Assert.Equal(HttpStatusCode.Created, (await student.PostAsync($"/api/v1/sessions/{session}/help-request", null)).Status);
    }

    [Fact]
    public async Task Only_the_student_who_raised_a_hand_can_take_it_back_and_only_enrolled_students_can_raise_one()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        using var raiser = await TestData.WithTokenAsync(Host, Demo.Student(2));
        using var classmate = await TestData.WithTokenAsync(Host, Demo.Student(3));
        using var notEnrolled = await TestData.WithTokenAsync(Host, Demo.Student(6));

        var id = (await raiser.PostAsync($"/api/v1/sessions/{session}/help-request", new { message = (string?)null })).Data.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await ApiResponse.ReadAsync(await classmate.Http.DeleteAsync($"/api/v1/help-requests/{id}"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await classmate.PatchAsync($"/api/v1/help-requests/{id}/acknowledge", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await notEnrolled.PostAsync($"/api/v1/sessions/{session}/help-request", new { })).Status);
        var tooLong = await classmate.PostAsync($"/api/v1/sessions/{session}/help-request", new { message = new string('x', 501) });
        Assert.Equal("Must be at most 500 characters", tooLong.Details.GetProperty("message").GetString());

        var cancelled = await ApiResponse.ReadAsync(await raiser.Http.DeleteAsync($"/api/v1/help-requests/{id}"));
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("CANCELLED", cancelled.Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_double_click_raises_one_hand()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var session = await Academic.TodaysMathsClubAsync(Host, tutor);
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(4));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => student.PostAsync($"/api/v1/sessions/{session}/help-request", new { message = "help" })));
        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
    }
}

public sealed class HelpRequestsApiTestsOnSqlite(SqliteAcademicApp app) : HelpRequestsApiTests(() => app.Host), IClassFixture<SqliteAcademicApp>;

public sealed class HelpRequestsApiTestsOnPostgres(PostgresAcademicApp app) : HelpRequestsApiTests(() => app.Host), IClassFixture<PostgresAcademicApp>;
