using System.Collections.Concurrent;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

public abstract class AccessMatrixTests(Func<AppHost> host)
{
    private static readonly ConcurrentDictionary<string, string> Tokens = new();

    protected AppHost Host => host();

    public static TheoryData<string, Role> Cases()
    {
        var data = new TheoryData<string, Role>();
        foreach (var row in AccessMatrix.Rows)
        {
            foreach (var role in RoleRanks.All) { data.Add(row.Name, role); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_what_the_contract_allows_in_its_centre_and_nothing_in_another(string rowName, Role role)
    {
        var row = AccessMatrix.Rows.Single(r => r.Name == rowName);
        using var client = Host.Client();
        client.UseBearer(await TokenAsync(role));
        var own = await TargetsAsync(Demo.Northside, role);

        var ownResponse = await client.SendAsync(row.Method, row.Path(own), row.Body(own));
        AssertOutcome(row.Expected(role, false), ownResponse, $"{row.Name} as {role} in own centre");

        if (!row.CentreScoped) { return; }
        var other = await TargetsAsync(Demo.Riverside, role);
        var otherResponse = await client.SendAsync(row.Method, row.Path(other), row.Body(other));
        AssertOutcome(row.Expected(role, true), otherResponse, $"{row.Name} as {role} against the other centre");
    }

    /// <summary>
    /// An allowed call succeeds, or meets a state rule (409: already enrolled, already submitted) that comes
    /// after authorisation; refusals must be exactly 403 or 404, in the envelope.
    /// </summary>
    private static void AssertOutcome(int expected, ApiResponse response, string what)
    {
        var status = (int)response.Status;
        var ok = expected < 300 ? status is >= 200 and < 300 or 409 : status == expected;
        Assert.True(ok, $"{what}: expected {(expected < 300 ? $"{expected} (or 409)" : expected.ToString())}, got {response}");
        if (status >= 400) { Assert.False(response.Success, what); }
    }

    private async Task<string> TokenAsync(Role role) =>
        Tokens.TryGetValue($"{Host.Database}:{role}", out var token) ? token
            : Tokens[$"{Host.Database}:{role}"] = await Host.Client().AuthenticateWithTokenAsync(Demo.Email(role));

    private static readonly ConcurrentDictionary<string, MatrixTargets> Centres = new();

    private async Task<MatrixTargets> TargetsAsync(string centre, Role actor)
    {
        var key = $"{Host.Database}:{centre}";
        if (!Centres.TryGetValue(key, out var targets))
        {
            targets = Centres[key] = await LoadAsync(centre);
        }
        return targets with { Actor = actor };
    }

    private async Task<MatrixTargets> LoadAsync(string centre)
    {
        await using var db = Host.Db();
        var centreId = db.Centres.Single(c => c.Slug == centre).Id;
        Guid User(string email) { var n = email.ToUpperInvariant(); return db.Users.Single(u => u.NormalizedEmail == n).Id; }
        // student6 is left alone by the other suites, so renaming or enrolling it in the matrix disturbs nothing.
        var student6 = User(Demo.Student(6, centre));
        var student1 = User(Demo.Student(1, centre));
        var tutor = User(Demo.Email(Role.Assessor, centre));
        var now = DateTime.UtcNow;
        var maths = db.TutoringSessions.Where(s => s.CentreId == centreId && s.Title == "Maths club" && s.StartsAt > now).OrderBy(s => s.StartsAt).Take(5).ToList();
        var english = db.TutoringSessions.Where(s => s.CentreId == centreId && s.Title == "English workshop" && s.StartsAt > now).OrderBy(s => s.StartsAt).First();
        var enrolSession = maths[3];
        var enrolments = db.Enrolments.Where(e => e.SessionId == enrolSession.Id).ToList();
        Guid EnrolmentOf(int n) { var id = User(Demo.Student(n, centre)); return enrolments.Single(e => e.StudentId == id).Id; }
        var homework = db.Homework.Single(h => h.StudentId == student1);
        var course = db.Exercises.Where(e => e.Id == homework.ExerciseId).Select(e => e.CourseId).Single();
        var lesson = db.Exercises.Where(e => e.Id == homework.ExerciseId).Select(e => e.LessonId).Single();
        var level = db.CourseLevels.Single(l => l.CourseId == course && l.Number == 1).Id;
        var attempt = new Core.Attempts.Attempt
        {
            CentreId = centreId, StudentId = student1, ExerciseId = homework.ExerciseId, CourseId = course, Status = Core.Attempts.AttemptStatus.InProgress,
            StartedAt = now, LastSavedAt = now, MaxScore = 5,
        };
        // One question answered, so the submit row is not refused as blank.
        var question = db.Exercises.Single(e => e.Id == homework.ExerciseId).Questions.First(q => q.Type != Core.Content.QuestionType.Ordering);
        var answers = new Dictionary<string, object> { [question.Id] = Academic.WrongAnswer(question, attempt.Id) };
        attempt.Answers[question.Id] = System.Text.Json.JsonSerializer.SerializeToElement(answers[question.Id]);
        db.Attempts.Add(attempt);
        var help = new Core.Sessions.HelpRequest
        {
            CentreId = centreId, SessionId = maths[0].Id, StudentId = student1, Status = Core.Sessions.HelpRequestStatus.Open, CreatedAt = now,
        };
        db.HelpRequests.Add(help);
        await db.SaveChangesAsync();
        return new MatrixTargets(Role.Student, centreId, student6, tutor, student1, maths[0].Id,
            db.Enrolments.Single(e => e.SessionId == maths[0].Id && e.StudentId == student1).Id, english.Id, maths[2].Id, enrolSession.Id,
            new Dictionary<Role, Guid> { [Role.SuperAdmin] = EnrolmentOf(1), [Role.CentreAdmin] = EnrolmentOf(2), [Role.Supervisor] = EnrolmentOf(3) },
            course, level, lesson, homework.ExerciseId, attempt.Id, homework.Id, help.Id) { Answers = answers };
    }
}

public sealed class AccessMatrixTestsOnSqlite(SqliteApp app) : AccessMatrixTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class AccessMatrixTestsOnPostgres(PostgresApp app) : AccessMatrixTests(() => app.Host), IClassFixture<PostgresApp>;
