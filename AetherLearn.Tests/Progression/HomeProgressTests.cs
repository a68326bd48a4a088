using System.Net;
using System.Security.Claims;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Progression;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Progression;

/// <summary>
/// The progress read model behind the student's and the parent's home pages (<see cref="IProgressOverview"/>): what is next
/// in each course, whether it is begun, and the latest marked work; and whose progress a caller may read.
/// </summary>
public abstract class HomeProgressTests(Func<AppHost> host)
{
    protected AppHost Host => host();

    /// <summary>Reads as <paramref name="email"/> would inside their Blazor circuit: a scope whose current user is them.</summary>
    private async Task<T> AsAsync<T>(string email, Func<IProgressOverview, IExerciseCatalog, Task<T>> read)
    {
        var normalized = email.ToUpperInvariant();
        Core.Users.AppUser user;
        await using (var db = Host.Db()) { user = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == normalized); }
        await using var scope = Host.Services.CreateAsyncScope();
        Claim[] claims = [new(ClaimTypes.NameIdentifier, user.Id.ToString()), new(ClaimTypes.Role, user.Role.ToString()), new(AetherClaims.Centre, user.CentreId.ToString())];
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(new ClaimsIdentity(claims, "test", ClaimTypes.Name, ClaimTypes.Role)));
        return await read(scope.ServiceProvider.GetRequiredService<IProgressOverview>(), scope.ServiceProvider.GetRequiredService<IExerciseCatalog>());
    }

    private static async Task<(Guid Attempt, int Score)> SubmitOneWrongAsync(AppHost host, ApiClient student, Guid exerciseId)
    {
        var started = await student.PostAsync($"/api/v1/exercises/{exerciseId}/start", new { });
        Assert.Equal(HttpStatusCode.Created, started.Status);
        var attempt = started.Data.GetProperty("id").GetGuid();
        var submitted = await student.PostAsync($"/api/v1/attempts/{attempt}/submit", new { answers = await Academic.OneWrongAnswerAsync(host, exerciseId) });
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        return (attempt, submitted.Data.GetProperty("scorePercent").GetInt32());
    }

    [Fact]
    public async Task A_student_home_lists_each_course_next_whether_it_is_begun_and_the_latest_marked_work_newest_first()
    {
        var email = Demo.Student(2);
        using var student = await TestData.WithTokenAsync(Host, email);
        var maths = await Academic.CourseAsync(Host, "maths");
        var next = (await student.GetAsync($"/api/v1/content/next?courseId={maths}")).Data;
        var exercise = next.GetProperty("exerciseId").GetGuid();
        var title = next.GetProperty("exerciseTitle").GetString();
        var me = await Academic.UserIdAsync(Host, email);

        var (nextUp, courses, nothingYet) = await AsAsync(email, async (progress, catalog) =>
            (await progress.NextUpAsync(me), await catalog.AllCoursesAsync(), await progress.RecentResultsAsync(me, 8)));
        Assert.Equal(courses.Select(c => c.Value), nextUp.Select(c => c.CourseTitle));
        Assert.All(nextUp, c => Assert.False(c.InProgress));
        Assert.Equal(exercise, nextUp.Single(c => c.CourseId == maths).Next.ExerciseId);
        Assert.Empty(nothingYet);

        // Two marked goes below the mastery score (so the exercise stays next), then a third left open.
        var first = await SubmitOneWrongAsync(Host, student, exercise);
        var second = await SubmitOneWrongAsync(Host, student, exercise);
        Assert.Equal(HttpStatusCode.Created, (await student.PostAsync($"/api/v1/exercises/{exercise}/start", new { })).Status);

        var (after, results, latest) = await AsAsync(email, async (progress, _) =>
            (await progress.NextUpAsync(me), await progress.RecentResultsAsync(me, 8), await progress.RecentResultsAsync(me, 1)));
        var mathsNext = after.Single(c => c.CourseId == maths);
        Assert.Equal(exercise, mathsNext.Next.ExerciseId);
        Assert.True(mathsNext.InProgress);
        Assert.All(after.Where(c => c.CourseId != maths), c => Assert.False(c.InProgress));
        Assert.Equal([second.Attempt, first.Attempt], results.Select(r => r.AttemptId));
        Assert.All(results, r => Assert.Equal(title, r.ExerciseTitle));
        Assert.Equal([second.Score, first.Score], results.Select(r => r.ScorePercent));
        Assert.All(results, r => Assert.True(r.SubmittedAt > DateTime.UtcNow.AddHours(-1) && r.SubmittedAt.Kind == DateTimeKind.Utc));
        Assert.Equal([second.Attempt], latest.Select(r => r.AttemptId));

        // The parent of the student reads the same results; the tutor too.
        Assert.Equal(results, await AsAsync(Demo.Email(Role.Parent), (progress, _) => progress.RecentResultsAsync(me, 8)));
        Assert.Equal(results, await AsAsync(Demo.Email(Role.Teacher), (progress, _) => progress.RecentResultsAsync(me, 8)));
    }

    [Fact]
    public async Task Only_the_student_their_parents_and_their_centres_staff_read_their_progress()
    {
        var ella = await Academic.UserIdAsync(Host, Demo.Student(1));
        var isla = await Academic.UserIdAsync(Host, Demo.Student(3));
        // parent1 is Ella's parent, not Isla's; a student reads only their own; another centre's tutor sees no such student.
        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync(Demo.Email(Role.Parent), (progress, _) => progress.RecentResultsAsync(isla, 8)));
        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync(Demo.Student(3), (progress, _) => progress.RecentResultsAsync(ella, 8)));
        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync(Demo.Email(Role.Teacher, Demo.Riverside), (progress, _) => progress.RecentResultsAsync(ella, 8)));
        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync(Demo.Student(3), (progress, _) => progress.NextUpAsync(ella)));
        // What is next is the student's and their tutors' (as GET /content/next's sequencing decides): a parent is refused it.
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync(Demo.Email(Role.Parent), (progress, _) => progress.NextUpAsync(ella)));
        Assert.NotEmpty(await AsAsync(Demo.Email(Role.Teacher), (progress, _) => progress.NextUpAsync(ella)));
        Assert.Empty(await AsAsync(Demo.Email(Role.Parent), (progress, _) => progress.RecentResultsAsync(ella, 8)));
    }
}

public sealed class HomeProgressTestsOnSqlite(SqliteApp app) : HomeProgressTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class HomeProgressTestsOnPostgres(PostgresApp app) : HomeProgressTests(() => app.Host), IClassFixture<PostgresApp>;
