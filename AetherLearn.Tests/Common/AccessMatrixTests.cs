using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Common;

public abstract partial class AccessMatrixTests(Func<AppHost> host)
{
    private static readonly ConcurrentDictionary<string, string> Tokens = new();

    protected AppHost Host => host();

    public static TheoryData<string, Role> Cases()
    {
        var data = new TheoryData<string, Role>();
        foreach (var row in AccessMatrix.Rows)
        {
            foreach (var role in Enum.GetValues<Role>()) { data.Add(row.Name, role); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_what_the_contract_allows_in_its_centre_and_nothing_in_another(string rowName, Role role)
    {
        var row = AccessMatrix.Rows.Single(r => r.Name == rowName);
        using var client = Host.Client();
        if (row.Form is not null) { await client.SignInAsync(Demo.Email(role)); }
        else { client.UseBearer(row.OwnToken ? await Host.Client().AuthenticateWithTokenAsync(Demo.Email(role)) : await TokenAsync(role)); }
        var own = await TargetsAsync(Demo.Northside, role);
        var other = await TargetsAsync(Demo.Riverside, role) with { Home = own };
        var allowed = row.Allowed.Contains(role);

        if (!row.OtherCentreOnly)
        {
            var answer = await SendAsync(client, row, own);
            if (allowed) { AssertAllowed(row, new MatrixAnswer(answer, own, other, role), $"{row.Name} as {role} in own centre"); }
            else { AssertRefused(row, answer, $"{row.Name} as {role} in own centre"); }
        }

        var what = $"{row.Name} as {role} aimed at the other centre";
        if (row.Other is OtherCentre.Unknown unknown)
        {
            var named = await SendAsync(client, row, other);
            if (!allowed) { AssertRefused(row, named, what); return; }
            AssertStatus(400, named, what);
            Assert.True(named.Details.TryGetProperty(unknown.Field, out _), $"{what}: expected {unknown.Field} named in the details, got {named}");
            // The same answer as for an id that names nothing at all: the other centre's record does not show through.
            var madeUp = await SendAsync(client, row, other with { TargetUser = Guid.NewGuid(), StudentOne = Guid.NewGuid(), Tutor = Guid.NewGuid() });
            Assert.Equal(madeUp.Body, named.Body);
            return;
        }
        if (row.Other is not OtherCentre.Hidden hidden) { return; }
        var response = await SendAsync(client, row, other);
        if (hidden.CrossCentre.Contains(role))
        {
            AssertAllowed(row, new MatrixAnswer(response, other, own, role), what, crossCentre: true);
        }
        else if (allowed || hidden.LookupFirst)
        {
            AssertStatus(404, response, what);
            // The resource's own not-found, not the unknown-route 404: the route exists and looked the record up.
            Assert.True(response.Error == $"{hidden.Resource} not found", $"{what}: expected \"{hidden.Resource} not found\", got {response}");
        }
        else
        {
            AssertRefused(row, response, what);
        }
    }

    /// <summary>403 in the envelope; a browser's form post is sent to the access-denied page instead.</summary>
    private static void AssertRefused(AccessRow row, ApiResponse response, string what)
    {
        if (row.Form is null) { AssertStatus(403, response, what); return; }
        var to = response.Headers.Location is { } l ? l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString : "";
        Assert.True(response.Status == HttpStatusCode.Redirect && to.StartsWith("/account/access-denied"),
            $"{what}: expected a redirect to the access-denied page, got {(int)response.Status} {response.Headers.Location}");
    }

    /// <summary>Every /api and /account endpoint the running app maps has a row (or is one of the public ones), and every row an endpoint.</summary>
    [Fact]
    public void Every_endpoint_of_the_app_has_a_row_in_the_matrix()
    {
        var mapped = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/") || raw.StartsWith("/account/")))
            // The account pages (sign-in, security…) are Blazor pages, not endpoints of the API or the account form posts.
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => (Key: $"{m} {Normalise(e.RoutePattern.RawText!)}", Endpoint: e)))
            .ToList();
        var rows = AccessMatrix.Rows.Select(r => Key(r.Endpoint)).ToHashSet();
        var publicOnes = AccessMatrix.Public.Select(Key).ToHashSet();

        var missing = mapped.Select(m => m.Key).Where(k => !rows.Contains(k) && !publicOnes.Contains(k)).Distinct().Order().ToList();
        Assert.True(missing.Count == 0,
            $"These endpoints have no row in AccessMatrix.Rows (add one: allowed roles, the answer's check, the other centre): {string.Join(", ", missing)}");
        var stale = rows.Concat(publicOnes).Where(k => !mapped.Any(m => m.Key == k)).Order().ToList();
        Assert.True(stale.Count == 0, $"These matrix rows name no endpoint of the app: {string.Join(", ", stale)}");
        // The public list is only what really needs no sign-in.
        foreach (var (key, endpoint) in mapped.Where(m => publicOnes.Contains(m.Key)))
        {
            Assert.True(endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is null, $"{key} is listed as public but requires sign-in");
        }
        foreach (var (key, endpoint) in mapped.Where(m => rows.Contains(m.Key)))
        {
            Assert.True(endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null, $"{key} has a row but no sign-in is required");
        }
    }

    private static string Key(string endpoint)
    {
        var space = endpoint.IndexOf(' ');
        return $"{endpoint[..space]} {Normalise(endpoint[(space + 1)..])}";
    }

    /// <summary>"/api/v1/users/{id:guid}/" and "/api/v1/users/{id}" are one route.</summary>
    private static string Normalise(string route) => ConstraintPattern().Replace(route, "}").TrimEnd('/');

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex ConstraintPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static async Task<ApiResponse> SendAsync(ApiClient client, AccessRow row, MatrixTargets targets)
    {
        var path = row.Path(targets);
        var body = row.Body(targets);
        if (row.Stream)
        {
            // An event stream never ends: the status and headers are the answer.
            using var request = new HttpRequestMessage(row.Method, path);
            using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                return new ApiResponse(response.StatusCode, "", default, response.Headers, "text/event-stream");
            }
            return await ApiResponse.ReadAsync(response);
        }
        if (row.Form is not null)
        {
            // The page that holds the form gives the antiforgery token (a refused role's page has none: authorisation answers first).
            using var form = await client.Http.GetAsync(row.Form);
            var page = await form.Content.ReadAsStringAsync();
            var token = AntiforgeryField().Match(page) is { Success: true } m ? m.Groups[1].Value : "";
            var fields = new Dictionary<string, string>((IDictionary<string, string>)body!) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
            using var request = new HttpRequestMessage(row.Method, path) { Content = new FormUrlEncodedContent(fields) };
            using var response = await client.Http.SendAsync(request);
            return await ApiResponse.ReadAsync(response);
        }
        return await client.SendAsync(row.Method, path, body);
    }

    private static void AssertAllowed(AccessRow row, MatrixAnswer answer, string what, bool crossCentre = false)
    {
        AssertStatus(row.OkStatus(answer.Actor), answer.Response, what);
        try
        {
            if (row.OkStatus(answer.Actor) == row.Ok) { row.Check(answer); }
            // Nothing of the other centre in an answer about the caller's own, whatever the endpoint.
            if (!crossCentre && !row.SeesEveryCentre.Contains(answer.Actor))
            {
                var leaked = answer.Other.Ids.Where(id => answer.Response.Body.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)).ToList();
                Assert.True(leaked.Count == 0, $"the answer holds the other centre's {string.Join(", ", leaked)} (around the first: {Around(answer.Response.Body, leaked.FirstOrDefault())})");
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException || e.Message.Length > 0)
        {
            throw new Xunit.Sdk.XunitException($"{what}: {e.Message}\nanswer: {Truncate(answer.Response.ToString())}", e);
        }
    }

    private static string Around(string body, Guid id)
    {
        var at = body.IndexOf(id.ToString(), StringComparison.OrdinalIgnoreCase);
        return at < 0 ? "" : body[Math.Max(0, at - 600)..Math.Min(body.Length, at + 200)];
    }

    private static string Truncate(string text) => text.Length > 1500 ? text[..1500] + "…" : text;

    private static void AssertStatus(int expected, ApiResponse response, string what)
    {
        Assert.True((int)response.Status == expected, $"{what}: expected {expected}, got {Truncate(response.ToString())}");
        if (expected >= 400 && response.ContentType != "text/html") { Assert.False(response.Success, what); Assert.False(string.IsNullOrEmpty(response.Error), $"{what}: no envelope error"); }
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
        var result = targets with { Actor = actor, ActorId = ActorIds[$"{Host.Database}:{Demo.Email(actor, centre).ToUpperInvariant()}"] };
        return result with { Home = result };
    }

    private static readonly ConcurrentDictionary<string, Guid> ActorIds = new();

    private async Task<MatrixTargets> LoadAsync(string centre)
    {
        await using var db = Host.Db();
        var centreId = db.Centres.Single(c => c.Slug == centre).Id;
        Guid User(string email) { var n = email.ToUpperInvariant(); return db.Users.Single(u => u.NormalizedEmail == n).Id; }
        foreach (var role in Enum.GetValues<Role>()) { ActorIds[$"{Host.Database}:{Demo.Email(role, centre).ToUpperInvariant()}"] = User(Demo.Email(role, centre)); }
        // student6 is left alone by the other suites, so renaming or enrolling it in the matrix disturbs nothing.
        var student6 = User(Demo.Student(6, centre));
        var student1 = User(Demo.Student(1, centre));
        var parent1 = User(Demo.Email(Role.Parent, centre));
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
            CentreId = centreId, SessionId = maths[4].Id, StudentId = student1, Status = Core.Sessions.HelpRequestStatus.Open, CreatedAt = now,
        };
        db.HelpRequests.Add(help);
        // Each Teacher+ role acknowledges and resolves a request of its own (one open request per student and session).
        var student2 = User(Demo.Student(2, centre));
        var student3 = User(Demo.Student(3, centre));
        var acknowledge = new Dictionary<Role, Guid>();
        var resolve = new Dictionary<Role, Guid>();
        // (Later English workshops: the matrix starts, ends and cancels Maths clubs and the first English workshop.)
        var helpSessions = db.TutoringSessions.Where(s => s.CentreId == centreId && s.Title == "English workshop" && s.StartsAt > now).OrderBy(s => s.StartsAt).Skip(1).Take(5).ToList();
        foreach (var (role, i) in AccessMatrix.TeacherPlus.Order().Select((r, i) => (r, i)))
        {
            foreach (var (student, into) in new[] { (student2, acknowledge), (student3, resolve) })
            {
                var request = new Core.Sessions.HelpRequest
                {
                    CentreId = centreId, SessionId = helpSessions[i].Id, StudentId = student, Status = Core.Sessions.HelpRequestStatus.Open, CreatedAt = now,
                };
                db.HelpRequests.Add(request);
                into[role] = request.Id;
            }
        }
        var cancel = new Core.Sessions.HelpRequest
        {
            CentreId = centreId, SessionId = maths[1].Id, StudentId = student1, Status = Core.Sessions.HelpRequestStatus.Open, CreatedAt = now,
        };
        db.HelpRequests.Add(cancel);
        // The autosave row saves into an attempt of its own (another exercise: one open attempt per exercise).
        var otherExercise = db.Exercises.Where(e => e.CourseId == course && e.Id != homework.ExerciseId).OrderBy(e => e.Id).Select(e => e.Id).First();
        var autosave = new Core.Attempts.Attempt
        {
            CentreId = centreId, StudentId = student1, ExerciseId = otherExercise, CourseId = course, Status = Core.Attempts.AttemptStatus.InProgress,
            StartedAt = now, LastSavedAt = now, MaxScore = 5,
        };
        db.Attempts.Add(autosave);
        var notification = new Core.Notifications.Notification
        {
            CentreId = centreId, UserId = parent1, Category = Core.Notifications.NotificationCategory.Attendance,
            TemplateKey = "attendance.absent", Title = "Matrix", Body = "Matrix", SourceEventId = Guid.NewGuid(), CreatedAt = now,
        };
        db.Notifications.Add(notification);
        var device = new Core.Notifications.PushDevice
        {
            CentreId = centreId, UserId = parent1, Endpoint = $"https://fcm.googleapis.com/fcm/send/matrix-{Guid.NewGuid():N}", P256dh = "matrix", Auth = "matrix", CreatedAt = now,
        };
        db.PushDevices.Add(device);
        // One dead letter and one failed e-mail per admin who retries them, and one left alone for the lists (the receptionist's).
        var deadLetters = new Dictionary<Role, Guid>();
        var deliveries = new Dictionary<Role, Guid>();
        foreach (var role in new[] { Role.CentreAdmin, Role.SuperAdmin, Role.Receptionist })
        {
            var message = new Core.Common.Events.OutboxMessage { Type = "matrix.probe", Payload = "{}", CentreId = centreId, OccurredAt = now };
            var letter = new Core.Common.Events.OutboxDelivery
            {
                MessageId = message.Id, Handler = "matrix", Status = Core.Common.Events.DeliveryStatus.DeadLettered, Attempts = 8, LastError = "matrix", UpdatedAt = now,
            };
            db.OutboxMessages.Add(message);
            db.OutboxDeliveries.Add(letter);
            deadLetters[role] = letter.Id;
            var delivery = new Core.Notifications.NotificationDelivery
            {
                CentreId = centreId, NotificationId = notification.Id, UserId = parent1, Channel = Core.Notifications.NotificationChannel.Email,
                State = Core.Notifications.DeliveryState.Failed, Attempts = 6, LastError = "matrix", CreatedAt = now, NextAttemptAt = now,
                Subject = "Matrix", TextBody = "Matrix",
            };
            db.NotificationDeliveries.Add(delivery);
            deliveries[role] = delivery.Id;
        }
        await db.SaveChangesAsync();

        // Every id the centre owns: none of them may appear in an answer to the other centre's people.
        var users = db.Users.Where(u => u.CentreId == centreId && u.NormalizedEmail != Demo.SuperAdmin.ToUpperInvariant()).Select(u => u.Id).ToHashSet();
        var sessions = db.TutoringSessions.Where(s => s.CentreId == centreId).Select(s => s.Id).ToHashSet();
        var ids = new HashSet<Guid>(users) { centreId, attempt.Id, autosave.Id, help.Id, cancel.Id, notification.Id, device.Id };
        ids.UnionWith(acknowledge.Values);
        ids.UnionWith(resolve.Values);
        ids.UnionWith(sessions);
        ids.UnionWith(db.Enrolments.Where(e => sessions.Contains(e.SessionId)).Select(e => e.Id));
        ids.UnionWith(db.Homework.Where(h => users.Contains(h.StudentId)).Select(h => h.Id));
        ids.UnionWith(deadLetters.Values);
        ids.UnionWith(deliveries.Values);

        return new MatrixTargets(Role.Student, Guid.Empty, centreId, student6, tutor, student1, maths[0].Id,
            db.Enrolments.Single(e => e.SessionId == maths[0].Id && e.StudentId == student1).Id, english.Id, maths[2].Id, enrolSession.Id,
            // student6 (TargetUser) is enrolled by each Supervisor+ role into a Maths club of its own.
            new Dictionary<Role, Guid> { [Role.SuperAdmin] = maths[3].Id, [Role.CentreAdmin] = maths[4].Id, [Role.Supervisor] = maths[1].Id },
            new Dictionary<Role, Guid> { [Role.SuperAdmin] = EnrolmentOf(1), [Role.CentreAdmin] = EnrolmentOf(2), [Role.Supervisor] = EnrolmentOf(3) },
            course, level, lesson, homework.ExerciseId, attempt.Id, autosave.Id, homework.Id, help.Id, acknowledge, resolve, cancel.Id, notification.Id, device.Id, deadLetters, deliveries,
            ids, users, sessions) { Answers = answers };
    }
}

public sealed class AccessMatrixTestsOnSqlite(SqliteApp app) : AccessMatrixTests(() => app.Host), IClassFixture<SqliteApp>;

public sealed class AccessMatrixTestsOnPostgres(PostgresApp app) : AccessMatrixTests(() => app.Host), IClassFixture<PostgresApp>;
