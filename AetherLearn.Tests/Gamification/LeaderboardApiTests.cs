using System.Net;
using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Gamification;

/// <summary>Stored leaderboards: who appears (opt-in, a parent's block), the order, the periods, and how fresh they are.</summary>
public abstract class LeaderboardApiTests(Func<AppHost> host, Func<TestClock> clock)
{
    protected AppHost Host => host();

    private static string Parent(int n) => $"parent{n}@{Demo.Northside}.aetherlearn.test";

    /// <summary>Awards XP the way the handlers do (ledger, totals, xp.awarded), at a chosen time.</summary>
    private async Task AwardAsync(int student, int amount, DateTime at) => await AwardAsync(await Academic.UserIdAsync(Host, Demo.Student(student)), amount, at);

    private async Task AwardAsync(Guid id, int amount, DateTime at)
    {
        var centre = await CentreAsync();
        await using var scope = Host.Services.CreateAsyncScope();
        var award = new XpAward(id, amount, XpSource.Exercise, Guid.NewGuid().ToString(), at, new ActivityDelta(Exercises: 1));
        Assert.True(await scope.ServiceProvider.GetRequiredService<XpAwards>().AwardAsync(centre, award, CancellationToken.None));
    }

    private async Task<Guid> CentreAsync()
    {
        await using var db = Host.Db();
        return await db.Centres.Where(c => c.Slug == Demo.Northside).Select(c => c.Id).SingleAsync();
    }

    private static async Task OptInAsync(ApiClient student, bool optIn)
    {
        var response = await student.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/opt-in", new { optIn });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(optIn, response.Data.GetProperty("optIn").GetBoolean());
    }

    private static List<(int Rank, string Name, int Xp)> Rows(JsonElement board) =>
        board.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("rank").GetInt32(), e.GetProperty("name").GetString()!, e.GetProperty("xp").GetInt32())).ToList();

    /// <summary>The rows of these students only (other tests of the class put other students on the same board).</summary>
    private static List<(string Name, int Xp)> Among(JsonElement board, params string[] names)
    {
        var rows = Rows(board);
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Rank));
        return rows.Where(r => names.Contains(r.Name)).Select(r => (r.Name, r.Xp)).ToList();
    }

    /// <summary>Gives a student XP, puts them on the leaderboard, and checks the tutor sees them there.</summary>
    private async Task<ApiClient> OnTheBoardAsync(int student, int xp, string name, ApiClient tutor)
    {
        await AwardAsync(student, xp, Now.AddMinutes(-30));
        var client = await TestData.WithTokenAsync(Host, Demo.Student(student));
        await OptInAsync(client, true);
        Assert.Contains(Rows((await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data), r => r.Name == name);
        return client;
    }

    /// <summary>Waits until no board (of the centre, when given) waits for a recompute.</summary>
    private Task NoBoardStaleAsync(Guid? centre = null, string what = "no board waiting for a recompute") =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = Host.Db();
            return !await db.Leaderboards.AnyAsync(b => (centre == null || b.CentreId == centre) && b.StaleSince != null);
        }, what);

    private DateTime Now => clock().GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Only_students_who_opted_in_appear_ranked_by_xp_in_the_period_with_ties_to_whoever_got_there_first()
    {
        // Isla and Leo both have 30 this week; Leo reached it first. Maya's 50 came 40 days ago; Noah has the most but never opted in.
        await AwardAsync(3, 20, Now.AddHours(-3));
        await AwardAsync(4, 30, Now.AddHours(-2));
        await AwardAsync(3, 10, Now.AddHours(-1));
        await AwardAsync(5, 50, Now.AddDays(-40));
        await AwardAsync(2, 100, Now.AddHours(-1));

        using var isla = await TestData.WithTokenAsync(Host, Demo.Student(3));
        var refused = await isla.GetAsync("/api/v1/gamification/leaderboard");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("turn them on", refused.Body, StringComparison.OrdinalIgnoreCase);

        await OptInAsync(isla, true);
        using (var leo = await TestData.WithTokenAsync(Host, Demo.Student(4))) { await OptInAsync(leo, true); }
        using (var maya = await TestData.WithTokenAsync(Host, Demo.Student(5))) { await OptInAsync(maya, true); }

        // A student sees the others by first name and initial, and themselves in full, with their own place.
        var week = (await isla.GetAsync("/api/v1/gamification/leaderboard?period=WEEK&scope=centre")).Data;
        Assert.Equal([("Leo F.", 30), ("Isla Murphy", 30)], Among(week, "Leo F.", "Isla Murphy", "Maya C.", "Noah P."));
        Assert.Equal(Rows(week).Count, week.GetProperty("rankedCount").GetInt32());
        var you = week.GetProperty("you");
        Assert.Equal((Rows(week).Single(r => r.Name == "Isla Murphy").Rank, true), (you.GetProperty("rank").GetInt32(), you.GetProperty("isYou").GetBoolean()));
        Assert.Equal("WEEK", week.GetProperty("period").GetString());

        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var allTime = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data;
        Assert.Equal([("Maya Chen", 50), ("Leo Fischer", 30), ("Isla Murphy", 30)], Among(allTime, "Maya Chen", "Leo Fischer", "Isla Murphy", "Noah Patel"));
        Assert.Equal(JsonValueKind.Null, allTime.GetProperty("you").ValueKind);
        var month = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=month")).Data;
        Assert.DoesNotContain(Rows(month), r => r.Name == "Maya Chen" || r.Name == "Noah Patel");

        // Opting out takes the student off at once; the other centre's tutor never sees this centre's board.
        using (var maya = await TestData.WithTokenAsync(Host, Demo.Student(5))) { await OptInAsync(maya, false); }
        Assert.DoesNotContain(Rows((await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data), r => r.Name == "Maya Chen");
        using var otherTutor = await TestData.WithTokenAsync(Host, Demo.Email(Role.Teacher, Demo.Riverside));
        Assert.Empty(Rows((await otherTutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data));
    }

    [Fact]
    public async Task A_parent_can_keep_their_child_off_the_leaderboard_and_the_child_then_cannot_see_it()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        using var ella = await OnTheBoardAsync(1, 15, "Ella Thompson", tutor);
        var ellaId = await Academic.UserIdAsync(Host, Demo.Student(1));

        // Ella is Hannah Thompson's child, not Ravi Patel's.
        using var otherParent = await TestData.WithTokenAsync(Host, Parent(2));
        Assert.Equal(HttpStatusCode.NotFound, (await otherParent.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/parent-block", new { studentId = ellaId, blocked = true })).Status);
        using var parent = await TestData.WithTokenAsync(Host, Parent(1));
        var blocked = await parent.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/parent-block", new { studentId = ellaId, blocked = true });
        Assert.Equal(HttpStatusCode.OK, blocked.Status);
        Assert.Equal((true, true, false), (blocked.Data.GetProperty("optIn").GetBoolean(), blocked.Data.GetProperty("blockedByParent").GetBoolean(),
            blocked.Data.GetProperty("onLeaderboard").GetBoolean()));

        Assert.DoesNotContain(Rows((await tutor.GetAsync("/api/v1/gamification/leaderboard")).Data), r => r.Name == "Ella Thompson");
        var refused = await ella.GetAsync("/api/v1/gamification/leaderboard");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        var profile = (await ella.GetAsync("/api/v1/gamification/profile")).Data;
        Assert.True(profile.GetProperty("leaderboardBlockedByParent").GetBoolean());
        Assert.True((await parent.GetAsync($"/api/v1/gamification/leaderboard/choice?studentId={ellaId}")).Data.GetProperty("blockedByParent").GetBoolean());

        // Letting her choose again puts her back, since she had opted in.
        Assert.Equal(HttpStatusCode.OK, (await parent.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/parent-block", new { studentId = ellaId, blocked = false })).Status);
        Assert.Contains(Rows((await ella.GetAsync("/api/v1/gamification/leaderboard")).Data), r => r.Name == "Ella Thompson");
    }

    [Fact]
    public async Task A_student_who_leaves_the_centre_is_off_the_board_at_once_and_the_places_close_up_at_the_next_recompute()
    {
        using var admin = await TestData.WithTokenAsync(Host, Demo.Email(Role.CentreAdmin));
        var email = $"leaver-{Guid.NewGuid():N}@{Demo.Northside}.aetherlearn.test";
        var created = await admin.PostAsync("/api/v1/users", new { email, name = "Lena Leaver", role = "STUDENT", password = TestData.StrongPassword });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var lena = created.Data.GetProperty("id").GetGuid();
        await AwardAsync(lena, 100_000, Now.AddMinutes(-5));
        using (var student = await TestData.WithTokenAsync(Host, email, TestData.StrongPassword)) { await OptInAsync(student, true); }
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var board = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data;
        Assert.Equal((1, "Lena Leaver"), Rows(board).Select(r => (r.Rank, r.Name)).First());
        var ranked = board.GetProperty("rankedCount").GetInt32();

        // Her account is deactivated: the board leaves her out at the next read, before any recompute.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/api/v1/users/{lena}", new { isActive = false })).Status);
        var left = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data;
        Assert.DoesNotContain(Rows(left), r => r.Name == "Lena Leaver");

        // The next recompute ranks the others from 1 again, without her.
        await JobRun.NowAsync(Host, "leaderboard.recompute");
        var closed = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data;
        Assert.Equal(Enumerable.Range(1, Rows(closed).Count), Rows(closed).Select(r => r.Rank));
        Assert.Equal(ranked - 1, closed.GetProperty("rankedCount").GetInt32());
        await using var db = Host.Db();
        Assert.False(await db.LeaderboardPlaces.AnyAsync(p => p.StudentId == lena));
    }

    [Fact]
    public async Task Reads_serve_the_stored_ranking_and_new_xp_reaches_it_soon_after_it_is_awarded_and_hourly()
    {
        using var jack = await TestData.WithTokenAsync(Host, Demo.Student(6));
        await OptInAsync(jack, true);
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var jackId = await Academic.UserIdAsync(Host, Demo.Student(6));
        int JackXp(JsonElement board) => board.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("studentId").GetGuid() == jackId)
            .Select(e => e.GetProperty("xp").GetInt32()).FirstOrDefault();
        // Jack has XP (so he is on the board whatever ran before), and awards settle first, so no recompute is due while the
        // ledger is changed behind the module's back.
        await AwardAsync(6, 5, Now.AddMinutes(-5));
        await Eventually.UntilAsync(async () => JackXp((await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data) > 0, "Jack on the board");
        await NoBoardStaleAsync();
        var before = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data;
        var weekBefore = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=WEEK")).Data;
        Assert.Contains(before.GetProperty("entries").EnumerateArray(), e => e.GetProperty("studentId").GetGuid() == jackId);

        // Written behind the module's back (no xp.awarded): a ledger entry this week and the running total. A read that added up
        // the ledger, or the totals, would show them; the stored boards do not until a recompute.
        await using (var db = Host.Db())
        {
            var progress = await db.StudentProgress.SingleAsync(p => p.StudentId == jackId);
            progress.TotalXp += 1000;
            progress.LastAwardAt = Now;
            db.XpLedger.Add(new XpLedgerEntry
            {
                CentreId = progress.CentreId, StudentId = jackId, Amount = 1000, Source = XpSource.Exercise, SourceId = $"behind-the-back-{Guid.NewGuid():N}", OccurredAt = Now,
            });
            await db.SaveChangesAsync();
        }
        foreach (var (period, stored) in new[] { ("ALL_TIME", before), ("WEEK", weekBefore) })
        {
            var read = (await tutor.GetAsync($"/api/v1/gamification/leaderboard?period={period}")).Data;
            Assert.Equal(stored.GetProperty("computedAt").GetDateTime(), read.GetProperty("computedAt").GetDateTime());
            Assert.Equal(JackXp(stored), JackXp(read));
        }
        await JobRun.NowAsync(Host, "leaderboard.recompute");
        var afterJob = JackXp((await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data);
        Assert.True(afterJob >= 1000, $"the hourly recompute brings in the change (saw {afterJob})");

        // An award (xp.awarded) marks the boards stale; the refresher recomputes them within seconds.
        await AwardAsync(6, 7, Now);
        await Eventually.UntilAsync(async () => JackXp((await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data) == afterJob + 7,
            "the award on the board");
        await Eventually.UntilAsync(async () => JackXp((await tutor.GetAsync("/api/v1/gamification/leaderboard?period=WEEK")).Data) >= 7, "the award on the weekly board");
    }

    [Fact]
    public async Task Opting_out_takes_a_student_off_at_once_even_while_another_node_is_recomputing_the_board()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        using var noah = await OnTheBoardAsync(2, 12, "Noah Patel", tutor);

        // Another node holds every board of the centre (as during a long recompute): no recompute can happen here.
        var centre = await CentreAsync();
        await using (var db = Host.Db())
        {
            await db.Leaderboards.Where(b => b.CentreId == centre).ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedUntil, Now.AddMinutes(5)));
        }
        try
        {
            await OptInAsync(noah, false);
            var board = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=ALL_TIME")).Data;
            Assert.DoesNotContain(Rows(board), r => r.Name == "Noah Patel");
        }
        finally
        {
            await using var db = Host.Db();
            await db.Leaderboards.Where(b => b.CentreId == centre).ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedUntil, (DateTime?)null));
        }
        // The change keeps the boards stale, so the refresher recomputes them once free.
        await NoBoardStaleAsync(centre, "the boards recomputed after the claim is gone");
    }

    [Fact]
    public async Task A_board_whose_week_has_ended_is_recomputed_when_read()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var first = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=WEEK")).Data;
        var start = first.GetProperty("periodStart").GetDateTime().ToUniversalTime();
        Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTimeFromUtc(start, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DayOfWeek);
        await using (var db = Host.Db())
        {
            var board = await db.Leaderboards.SingleAsync(b => b.Period == LeaderboardPeriod.Week && b.CentreId == db.Centres.Single(c => c.Slug == Demo.Northside).Id);
            board.PeriodStart = start.AddDays(-7);
            board.PeriodEnd = start;
            await db.SaveChangesAsync();
        }
        var again = (await tutor.GetAsync("/api/v1/gamification/leaderboard?period=WEEK")).Data;
        Assert.Equal(start, again.GetProperty("periodStart").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Unknown_periods_scopes_and_missing_choices_are_refused_with_the_field_named()
    {
        using var tutor = await TestData.WithTokenAsync(Host, Academic.Tutor);
        var period = await tutor.GetAsync("/api/v1/gamification/leaderboard?period=YEAR");
        Assert.Equal(HttpStatusCode.BadRequest, period.Status);
        Assert.Contains("period", period.Body);
        var scope = await tutor.GetAsync("/api/v1/gamification/leaderboard?scope=class");
        Assert.Equal(HttpStatusCode.BadRequest, scope.Status);
        Assert.Contains("scope", scope.Body);
        using var student = await TestData.WithTokenAsync(Host, Demo.Student(6));
        var choice = await student.SendAsync(HttpMethod.Put, "/api/v1/gamification/leaderboard/opt-in", new { });
        Assert.Equal(HttpStatusCode.BadRequest, choice.Status);
        Assert.Contains("optIn", choice.Body);
    }

    [Fact]
    public async Task The_recompute_is_scheduled_hourly()
    {
        var scheduler = await Host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<Quartz.ICronTrigger>(await scheduler.GetTrigger(new Quartz.TriggerKey("leaderboard.recompute.hourly")));
        Assert.Equal("0 0 * * * ?", trigger.CronExpressionString);
    }
}

public sealed class LeaderboardApiTestsOnSqlite(SqliteAcademicApp app) : LeaderboardApiTests(() => app.Host, () => app.Clock), IClassFixture<SqliteAcademicApp>;

public sealed class LeaderboardApiTestsOnPostgres(PostgresAcademicApp app) : LeaderboardApiTests(() => app.Host, () => app.Clock), IClassFixture<PostgresAcademicApp>;
