using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

/// <summary>
/// The records of one demo centre the matrix builds requests from, seen by one caller (<see cref="Actor"/>).
/// <see cref="Home"/> is the caller's own centre: a request aimed at the other centre can still use the caller's
/// session or path and put only the other centre's student or tutor in the body.
/// </summary>
public sealed record MatrixTargets(
    Role Actor, Guid ActorId, Guid Centre, Guid TargetUser, Guid Tutor, Guid StudentOne, Guid Session, Guid StudentOneEnrolment, Guid EndSession,
    Guid CancelSession, Guid EnrolSession, IReadOnlyDictionary<Role, Guid> EnrolInto, IReadOnlyDictionary<Role, Guid> RemovableEnrolments, Guid Course, Guid Level, Guid Lesson, Guid Exercise,
    Guid Attempt, Guid AutosaveAttempt, Guid Homework, Guid HelpRequest, IReadOnlyDictionary<Role, Guid> AcknowledgeHelp,
    IReadOnlyDictionary<Role, Guid> ResolveHelp, Guid CancelHelp, Guid Notification, Guid PushDevice, IReadOnlyDictionary<Role, Guid> DeadLetters,
    IReadOnlyDictionary<Role, Guid> FailedDeliveries, IReadOnlySet<Guid> Ids, IReadOnlySet<Guid> UserIds, IReadOnlySet<Guid> SessionIds)
{
    private static int _counter;

    /// <summary>The caller's own centre (this one, when the request is aimed at the caller's centre).</summary>
    public MatrixTargets Home { get; init; } = null!;

    /// <summary>An answer to the seeded attempt's exercise (a blank submission is refused).</summary>
    public IReadOnlyDictionary<string, object> Answers { get; init; } = new Dictionary<string, object>();

    /// <summary>A fresh, far-future local date for sessions the matrix creates, so creations never clash.</summary>
    public static string FreshDay() => DateTime.UtcNow.Date.AddDays(400 + Interlocked.Increment(ref _counter)).ToString("yyyy-MM-dd");
}

/// <summary>What happens when a row is aimed at the other centre's records.</summary>
public abstract record OtherCentre
{
    /// <summary>
    /// The request is sent again with the other centre's record (its id in the path, or its student or tutor in the body):
    /// 404 "<paramref name="Resource"/> not found" (ADR 0008). Roles the route's rank refuses get 403 before any lookup,
    /// unless <paramref name="LookupFirst"/> (self-or-role endpoints look the record up first, so it is 404 for everyone).
    /// <paramref name="CrossCentre"/> roles are allowed there by design (the super admin acts in every centre).
    /// </summary>
    public sealed record Hidden(string Resource, bool LookupFirst = false, params Role[] CrossCentre) : OtherCentre;

    /// <summary>
    /// The endpoint names no record (a list, a create, the caller's own settings): the other centre is covered by the
    /// answer itself, which must hold no id of the other centre (checked on every allowed cell) and what <paramref name="Why"/> says.
    /// </summary>
    public sealed record NotInAnswer(string Why) : OtherCentre;

    /// <summary>
    /// The other centre's record is named in the body: refused as a field that names nothing in the caller's centre (400 with
    /// <paramref name="Field"/> in the details), the very answer a made-up id gets, so its existence does not leak.
    /// </summary>
    public sealed record Unknown(string Field) : OtherCentre;
}

/// <summary>An allowed cell's answer, with the caller's centre and the other one, for a row's check.</summary>
public sealed record MatrixAnswer(ApiResponse Response, MatrixTargets Target, MatrixTargets Other, Role Actor)
{
    public JsonElement Data => Response.Data;

    public IEnumerable<JsonElement> Items => Data.ValueKind == JsonValueKind.Array ? Data.EnumerateArray() : Data.GetProperty("items").EnumerateArray();

    public static Guid Id(JsonElement e, string name = "id") => e.GetProperty(name).GetGuid();
}

/// <summary>
/// One endpoint × one way of calling it. <see cref="Endpoint"/> is "METHOD route template" exactly as the app maps it
/// (constraints left out); <see cref="Allowed"/> are the roles that may call it in their own centre, written out here
/// from the contract's auth column (doc6) and ARCHITECTURE.md §4's ranks — never read from the production policies, so
/// widening a policy fails this table. Refused roles must get exactly 403 in the envelope.
/// </summary>
public sealed record AccessRow(string Endpoint, Func<MatrixTargets, string> Path)
{
    /// <summary>Tells two rows of one endpoint apart.</summary>
    public string Label { get; init; } = "";
    public string Name => Label.Length == 0 ? Endpoint : $"{Endpoint} [{Label}]";
    public HttpMethod Method => new(Endpoint[..Endpoint.IndexOf(' ')]);
    public string Route => Endpoint[(Endpoint.IndexOf(' ') + 1)..];

    public Func<MatrixTargets, object?> Body { get; init; } = _ => null;
    public required IReadOnlySet<Role> Allowed { get; init; }
    /// <summary>The status of an allowed call.</summary>
    public int Ok { get; init; } = 200;
    /// <summary>Allowed roles whose call meets a rule after authorisation (a super admin has no notifications: 409).</summary>
    public IReadOnlyDictionary<Role, int> OkFor { get; init; } = new Dictionary<Role, int>();
    /// <summary>Asserts an allowed cell's body: the right object, in the caller's centre.</summary>
    public required Action<MatrixAnswer> Check { get; init; }
    public required OtherCentre Other { get; init; }
    /// <summary>Roles whose answer spans every centre by design (the super admin's lists).</summary>
    public IReadOnlySet<Role> SeesEveryCentre { get; init; } = new HashSet<Role>();
    /// <summary>A streaming answer (SSE): only the status and headers are read.</summary>
    public bool Stream { get; init; }
    /// <summary>The call changes the caller's own sign-in (switching centre): it gets a token of its own.</summary>
    public bool OwnToken { get; init; }
    /// <summary>
    /// An HTML form post of the browser-only /account endpoints, made as a browser does: signed in with the cookie, with the
    /// antiforgery token of the page holding the form (this path). A refused role is sent to the access-denied page.
    /// </summary>
    public string? Form { get; init; }
    /// <summary>A second row of an endpoint whose own-centre cells are the first row's: only the other-centre call is made.</summary>
    public bool OtherCentreOnly { get; init; }

    public int OkStatus(Role role) => OkFor.TryGetValue(role, out var status) ? status : Ok;
}

/// <summary>A browser's keys for push subscriptions the matrix makes.</summary>
file static class MatrixBrowserKeys
{
    public static readonly PushBrowser Browser = new();
}

/// <summary>A minimal valid content package with a key of its own each time.</summary>
public static class MatrixContent
{
    public static object Package() => new
    {
        courses = new[]
        {
            new
            {
                key = $"m{Guid.NewGuid():N}"[..20], title = "Matrix course", subject = "OTHER",
                levels = new[] { new { number = 1, title = "L1", units = new[] { new { title = "U1", lessons = new[] { new { title = "S1", exercises = new[]
                {
                    new { title = "E1", difficulty = "EASY", estimatedMinutes = 5, questions = new[] { new { id = "q1", type = "NUMERIC", prompt = "1 + 1?", answer = 2 } } },
                } } } } } } },
            },
        },
    };
}

/// <summary>
/// The role × endpoint × centre table. A new endpoint adds a row here (the endpoint-list test names any endpoint of the
/// app without one): its allowed roles, what an allowed answer holds, and what the other centre's record gives.
/// </summary>
public static class AccessMatrix
{
    // The contract's role notation (doc6) over the ranks of ARCHITECTURE.md §4, spelled out here on purpose.
    public static readonly IReadOnlySet<Role> Everyone = Enum.GetValues<Role>().ToHashSet();
    public static readonly IReadOnlySet<Role> SuperAdminOnly = Set(Role.SuperAdmin);
    public static readonly IReadOnlySet<Role> AdminPlus = Set(Role.CentreAdmin, Role.SuperAdmin);
    public static readonly IReadOnlySet<Role> SupervisorPlus = Set(Role.Supervisor, Role.CentreAdmin, Role.SuperAdmin);
    public static readonly IReadOnlySet<Role> TeacherPlus = Set(Role.Teacher, Role.Assessor, Role.Supervisor, Role.CentreAdmin, Role.SuperAdmin);
    public static readonly IReadOnlySet<Role> StudentOnly = Set(Role.Student);
    public static readonly IReadOnlySet<Role> ParentOnly = Set(Role.Parent);

    public static IReadOnlySet<Role> Set(params Role[] roles) => roles.ToHashSet();

    public static IReadOnlySet<Role> Plus(this IReadOnlySet<Role> roles, params Role[] more) => roles.Concat(more).ToHashSet();

    /// <summary>Endpoints anyone may call without signing in (sign-in, recovery, sign-out); the auth tests cover them.</summary>
    public static IReadOnlyList<string> Public { get; } =
    [
        "POST /api/auth/signin", "POST /api/auth/signout", "POST /api/v1/auth/token", "POST /api/v1/auth/forgot-password",
        "POST /api/v1/auth/reset-password", "POST /account/logout",
    ];

    private static OtherCentre Hidden(string resource, bool lookupFirst = false, params Role[] crossCentre) => new OtherCentre.Hidden(resource, lookupFirst, crossCentre);

    private static OtherCentre NotInAnswer(string why) => new OtherCentre.NotInAnswer(why);

    private static OtherCentre Unknown(string field) => new OtherCentre.Unknown(field);

    private static void Is(JsonElement e, Guid expected, string property = "id") => Assert.Equal(expected, e.GetProperty(property).GetGuid());

    private static void NotFound(MatrixAnswer a, string resource) => Assert.Equal($"{resource} not found", a.Response.Error);

    /// <summary>A list of the caller's centre: not empty (so the leak check saw something) and every item one of the centre's.</summary>
    private static void AllOf(MatrixAnswer a, Func<MatrixTargets, IReadOnlySet<Guid>> centreIds, string property = "id")
    {
        var items = a.Items.ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains(i.GetProperty(property).GetGuid(), centreIds(a.Target)));
    }

    public static IReadOnlyList<AccessRow> Rows { get; } =
    [
        // Authentication
        new("GET /api/auth/session", _ => "/api/auth/session")
        {
            Allowed = Everyone, Other = NotInAnswer("the caller's own session, in their centre"),
            Check = a => { Is(a.Data.GetProperty("user"), a.Target.ActorId); Is(a.Data.GetProperty("user"), a.Target.Centre, "centreId"); },
        },
        new("GET /api/auth/two-factor", _ => "/api/auth/two-factor")
        {
            Allowed = Everyone, Other = NotInAnswer("the caller's own set-up"),
            Check = a => Assert.False(a.Data.GetProperty("enabled").GetBoolean()),
        },
        new("POST /api/auth/two-factor/setup", _ => "/api/auth/two-factor/setup")
        {
            // The right password (a wrong one would be counted against the demo accounts' sign-in from this address).
            Allowed = Everyone, Body = _ => new { password = Demo.Password }, Other = NotInAnswer("the caller's own set-up"),
            Check = a => Assert.StartsWith("otpauth://totp/", a.Data.GetProperty("authenticatorUri").GetString()),
        },
        new("POST /api/auth/two-factor/enable", _ => "/api/auth/two-factor/enable")
        {
            Allowed = Everyone, Ok = 400, Body = _ => new { code = "000000" }, Other = NotInAnswer("the caller's own set-up"),
            // A wrong code, refused after authorisation: nothing is turned on.
            Check = a => Assert.True(a.Response.Details.TryGetProperty("code", out _), a.Response.ToString()),
        },
        new("POST /api/auth/two-factor/disable", _ => "/api/auth/two-factor/disable")
        {
            Allowed = Everyone, Body = _ => new { code = "000000" }, Other = NotInAnswer("the caller's own set-up"),
            Check = a => Assert.Equal("Two-factor authentication is off", a.Data.GetProperty("message").GetString()),
        },
        new("POST /api/auth/switch-centre", _ => "/api/auth/switch-centre")
        {
            Allowed = SuperAdminOnly, OwnToken = true, Body = t => new { centreId = t.Centre }, Other = Hidden("Centre", false, Role.SuperAdmin),
            Check = a => Is(a.Data.GetProperty("session").GetProperty("user"), a.Target.Centre, "centreId"),
        },
        new("GET /account/refresh", _ => "/account/refresh?returnUrl=%2Fnotifications")
        {
            Allowed = Everyone, Ok = 302, Other = NotInAnswer("the caller's own sign-in"),
            Check = a => Assert.Equal("/notifications", a.Response.Headers.Location?.OriginalString),
        },
        new("POST /account/switch-centre", _ => "/account/switch-centre")
        {
            Allowed = SuperAdminOnly, OwnToken = true, Form = "/super-admin", Ok = 302, Body = t => new Dictionary<string, string> { ["centreId"] = t.Centre.ToString(), ["returnUrl"] = "/admin" },
            Other = Hidden("Centre", false, Role.SuperAdmin),
            Check = a => Assert.Equal("/admin", a.Response.Headers.Location?.OriginalString),
        },

        // Users
        new("GET /api/v1/users", _ => "/api/v1/users")
        {
            Allowed = AdminPlus, Other = NotInAnswer("the caller's centre's people only"),
            Check = a => { Assert.Contains(a.Items, u => MatrixAnswer.Id(u) == a.Target.TargetUser); Assert.Contains(a.Items, u => MatrixAnswer.Id(u) == a.Target.StudentOne); },
        },
        new("POST /api/v1/users", _ => "/api/v1/users")
        {
            Allowed = AdminPlus, Ok = 201, Other = NotInAnswer("created in the caller's centre"),
            Body = _ => new { email = $"matrix-{Guid.NewGuid():N}@matrix.test", name = "Matrix Student", role = "STUDENT", password = "matrix password 123" },
            Check = a => { Is(a.Data, a.Target.Centre, "centreId"); Assert.Equal("STUDENT", a.Data.GetProperty("role").GetString()); },
        },
        new("GET /api/v1/users/{id}", t => $"/api/v1/users/{t.TargetUser}")
        {
            Allowed = AdminPlus, Other = Hidden("User", lookupFirst: true),
            Check = a => { Is(a.Data, a.Target.TargetUser); Is(a.Data, a.Target.Centre, "centreId"); },
        },
        new("PATCH /api/v1/users/{id}", t => $"/api/v1/users/{t.TargetUser}")
        {
            Allowed = AdminPlus, Body = _ => new { name = "Matrix Renamed" }, Other = Hidden("User", lookupFirst: true),
            Check = a => { Is(a.Data, a.Target.TargetUser); Is(a.Data, a.Target.Centre, "centreId"); Assert.Equal("Matrix Renamed", a.Data.GetProperty("name").GetString()); },
        },

        // Centres
        new("GET /api/v1/centres", _ => "/api/v1/centres")
        {
            Allowed = SuperAdminOnly, SeesEveryCentre = SuperAdminOnly, Other = NotInAnswer("the super admin's list of every centre has both"),
            Check = a => Assert.Superset(new HashSet<Guid> { a.Target.Centre, a.Other.Centre }, a.Items.Select(c => MatrixAnswer.Id(c)).ToHashSet()),
        },
        new("GET /api/v1/centres/{id}", t => $"/api/v1/centres/{t.Centre}")
        {
            Allowed = AdminPlus, Other = Hidden("Centre", false, Role.SuperAdmin), Check = a => Is(a.Data, a.Target.Centre),
        },
        new("PATCH /api/v1/centres/{id}/config", t => $"/api/v1/centres/{t.Centre}/config")
        {
            Allowed = AdminPlus, Other = Hidden("Centre", false, Role.SuperAdmin),
            Body = _ => new { features = new Dictionary<string, bool> { ["leaderboards"] = true } },
            Check = a => { Is(a.Data, a.Target.Centre); Assert.True(a.Data.GetProperty("config").GetProperty("features").GetProperty("leaderboards").GetBoolean()); },
        },

        // Administration
        new("GET /api/v1/admin/audit-log", _ => "/api/v1/admin/audit-log?limit=200")
        {
            Allowed = AdminPlus, SeesEveryCentre = SuperAdminOnly, Other = NotInAnswer("a centre admin reads their centre's entries only"),
            Check = a =>
            {
                Assert.NotEmpty(a.Items);
                if (a.Actor != Role.SuperAdmin) { Assert.All(a.Items, e => Assert.NotEqual(a.Other.Centre.ToString(), e.GetProperty("centreId").ToString())); }
            },
        },
        new("GET /api/v1/admin/dead-letters", _ => "/api/v1/admin/dead-letters")
        {
            Allowed = AdminPlus, SeesEveryCentre = SuperAdminOnly, Other = NotInAnswer("a centre admin sees their centre's dead letters only"),
            Check = a =>
            {
                var ids = a.Items.Select(d => MatrixAnswer.Id(d, "deliveryId")).ToHashSet();
                Assert.Contains(a.Target.DeadLetters[Role.Receptionist], ids);
                Assert.Equal(a.Actor == Role.SuperAdmin, ids.Contains(a.Other.DeadLetters[Role.Receptionist]));
            },
        },
        new("POST /api/v1/admin/dead-letters/{id}/retry", t => $"/api/v1/admin/dead-letters/{t.DeadLetters.GetValueOrDefault(t.Actor, Guid.NewGuid())}/retry")
        {
            Allowed = AdminPlus, Other = Hidden("Dead letter", false, Role.SuperAdmin), Check = a => Assert.True(a.Response.Success),
        },
        new("GET /api/v1/admin/notification-deliveries", _ => "/api/v1/admin/notification-deliveries?state=FAILED")
        {
            Allowed = AdminPlus, Other = NotInAnswer("the caller's centre's deliveries only"),
            Check = a =>
            {
                var ids = a.Items.Select(d => MatrixAnswer.Id(d)).ToHashSet();
                Assert.Contains(a.Target.FailedDeliveries[Role.Receptionist], ids);
                Assert.DoesNotContain(a.Other.FailedDeliveries[Role.Receptionist], ids);
            },
        },
        new("POST /api/v1/admin/notification-deliveries/{id}/retry", t => $"/api/v1/admin/notification-deliveries/{t.FailedDeliveries.GetValueOrDefault(t.Actor, Guid.NewGuid())}/retry")
        {
            Allowed = AdminPlus, Other = Hidden("Delivery"), Check = a => Assert.True(a.Response.Success),
        },
        new("GET /api/v1/admin/notification-templates", _ => "/api/v1/admin/notification-templates")
        {
            Allowed = AdminPlus, Other = NotInAnswer("the caller's centre's wording (no other centre's ids)"),
            Check = a => Assert.Contains(a.Items, t => t.GetProperty("key").GetString() == "checkin.recorded"),
        },
        new("POST /api/v1/admin/notification-templates/{key}/{channel}/preview", _ => "/api/v1/admin/notification-templates/checkin.recorded/PUSH/preview")
        {
            Allowed = AdminPlus, Body = _ => new { title = "Arrived", body = "{{studentName}} is here" }, Other = NotInAnswer("sample values only"),
            Check = a => Assert.Equal("Arrived", a.Data.GetProperty("title").GetString()),
        },
        new("PUT /api/v1/admin/notification-templates/{key}/{channel}", _ => "/api/v1/admin/notification-templates/checkin.recorded/PUSH")
        {
            Allowed = AdminPlus, Body = _ => new { title = "Arrived", body = "{{studentName}} is here" }, Other = NotInAnswer("the caller's centre's wording"),
            Check = a => Assert.True(a.Response.Success),
        },
        new("DELETE /api/v1/admin/notification-templates/{key}/{channel}", _ => "/api/v1/admin/notification-templates/checkout.recorded/PUSH")
        {
            Allowed = AdminPlus, Other = NotInAnswer("the caller's centre's wording"), Check = a => Assert.True(a.Response.Success),
        },

        // Sessions
        new("GET /api/v1/sessions/today", _ => "/api/v1/sessions/today")
        {
            Allowed = TeacherPlus, Other = NotInAnswer("the caller's centre's sessions only"), Check = a => Assert.All(a.Items, s => Assert.Contains(MatrixAnswer.Id(s, "tutorId"), a.Target.UserIds)),
        },
        new("GET /api/v1/sessions/upcoming", _ => "/api/v1/sessions/upcoming")
        {
            // A tutor sees their own lessons: the demo assessor has none unless an earlier row gave it one (row order varies).
            Allowed = TeacherPlus, Other = NotInAnswer("the caller's centre's sessions only"),
            Check = a => { if (a.Actor != Role.Assessor || a.Items.Any()) { AllOf(a, t => t.UserIds, "tutorId"); } },
        },
        new("GET /api/v1/sessions/calendar", _ => $"/api/v1/sessions/calendar?from={DateTime.UtcNow:yyyy-MM-dd}T00:00:00Z&to={DateTime.UtcNow.AddDays(7):yyyy-MM-dd}T00:00:00Z")
        {
            Allowed = TeacherPlus, Other = NotInAnswer("the caller's centre's sessions only"), Check = a => AllOf(a, t => t.UserIds, "tutorId"),
        },
        new("GET /api/v1/sessions/{id}", t => $"/api/v1/sessions/{t.Session}")
        {
            // Student(enrolled): student1 is enrolled in the session.
            Allowed = TeacherPlus.Plus(Role.Student), Other = Hidden("Session", lookupFirst: true), Check = a => Is(a.Data.GetProperty("session"), a.Target.Session),
        },
        new("GET /api/v1/sessions/{id}/dashboard", t => $"/api/v1/sessions/{t.Session}/dashboard")
        {
            Allowed = TeacherPlus, Other = Hidden("Session"), Check = a => Is(a.Data.GetProperty("detail").GetProperty("session"), a.Target.Session),
        },
        new("POST /api/v1/sessions/{id}/start", t => $"/api/v1/sessions/{t.Session}/start")
        {
            Allowed = TeacherPlus, Other = Hidden("Session"),
            Check = a => { Is(a.Data.GetProperty("session"), a.Target.Session); Assert.Equal("IN_PROGRESS", a.Data.GetProperty("session").GetProperty("status").GetString()); },
        },
        new("POST /api/v1/sessions/{id}/end", t => $"/api/v1/sessions/{t.EndSession}/end")
        {
            Allowed = TeacherPlus, Other = Hidden("Session"),
            Check = a => { Is(a.Data.GetProperty("session"), a.Target.EndSession); Assert.Equal("COMPLETED", a.Data.GetProperty("session").GetProperty("status").GetString()); },
        },
        new("POST /api/v1/sessions", _ => "/api/v1/sessions")
        {
            // With another centre's tutor: that tutor is not found in the caller's centre.
            Allowed = SupervisorPlus, Ok = 201, Other = Unknown("tutorId"),
            Body = t =>
            {
                var day = MatrixTargets.FreshDay();
                return new { title = "Matrix lesson", tutorId = t.Tutor, startsAt = $"{day}T10:00:00", endsAt = $"{day}T11:00:00", capacity = 4 };
            },
            Check = a => Is(Assert.Single(a.Items), a.Target.Tutor, "tutorId"),
        },
        new("PATCH /api/v1/sessions/{id}", t => $"/api/v1/sessions/{t.Session}")
        {
            Allowed = SupervisorPlus, Body = _ => new { room = "Room 9" }, Other = Hidden("Session"),
            Check = a => { Is(a.Data, a.Target.Session); Assert.Equal("Room 9", a.Data.GetProperty("room").GetString()); },
        },
        new("DELETE /api/v1/sessions/{id}", t => $"/api/v1/sessions/{t.CancelSession}")
        {
            Allowed = SupervisorPlus, Other = Hidden("Session"),
            Check = a => { Is(a.Data, a.Target.CancelSession); Assert.Equal("CANCELLED", a.Data.GetProperty("status").GetString()); },
        },
        new("GET /api/v1/sessions/{id}/enrollments", t => $"/api/v1/sessions/{t.Session}/enrollments")
        {
            Allowed = TeacherPlus, Other = Hidden("Session"), Check = a => Assert.Contains(a.Items, e => MatrixAnswer.Id(e, "studentId") == a.Target.StudentOne),
        },
        new("POST /api/v1/sessions/{id}/enrollments", t => $"/api/v1/sessions/{t.EnrolInto.GetValueOrDefault(t.Actor, t.EnrolSession)}/enrollments")
        {
            Allowed = SupervisorPlus, Ok = 201, Body = t => new { studentId = t.TargetUser }, Other = Hidden("Session"),
            Check = a => Is(a.Data, a.Target.TargetUser, "studentId"),
        },
        new("POST /api/v1/sessions/{id}/enrollments", t => $"/api/v1/sessions/{t.Home.EnrolSession}/enrollments")
        {
            Label = "another centre's student", OtherCentreOnly = true, Allowed = SupervisorPlus, Ok = 201, Body = t => new { studentId = t.TargetUser }, Other = Unknown("studentId"),
            Check = a => Is(a.Data, a.Target.TargetUser, "studentId"),
        },
        new("DELETE /api/v1/sessions/{sessionId}/enrollments/{enrollmentId}",
            t => $"/api/v1/sessions/{t.EnrolSession}/enrollments/{t.RemovableEnrolments.GetValueOrDefault(t.Actor, Guid.NewGuid())}")
        {
            Allowed = SupervisorPlus, Other = Hidden("Enrolment"), Check = a => Assert.True(a.Response.Success),
        },
        new("POST /api/v1/sessions/{id}/attendance", t => $"/api/v1/sessions/{t.Session}/attendance")
        {
            Allowed = TeacherPlus, Body = t => new { studentId = t.StudentOne, status = "ATTENDING" }, Other = Hidden("Session"),
            Check = a => { Is(a.Data, a.Target.StudentOne, "studentId"); Assert.Equal("ATTENDING", a.Data.GetProperty("attendance").GetString()); },
        },
        new("POST /api/v1/sessions/{id}/attendance", t => $"/api/v1/sessions/{t.Home.Session}/attendance")
        {
            Label = "another centre's student", OtherCentreOnly = true, Allowed = TeacherPlus, Body = t => new { studentId = t.StudentOne, status = "ATTENDING" }, Other = Unknown("studentId"),
            Check = a => Is(a.Data, a.Target.StudentOne, "studentId"),
        },
        new("POST /api/v1/sessions/{id}/attendance/bulk", t => $"/api/v1/sessions/{t.Session}/attendance/bulk")
        {
            Allowed = TeacherPlus, Body = t => new { records = new[] { new { studentId = t.StudentOne, status = "LATE" } } }, Other = Hidden("Session"),
            Check = a => Assert.Contains(a.Items, e => MatrixAnswer.Id(e, "studentId") == a.Target.StudentOne && e.GetProperty("attendance").GetString() == "LATE"),
        },
        new("GET /api/v1/sessions/{sessionId}/students/{studentId}/plan", t => $"/api/v1/sessions/{t.Session}/students/{t.StudentOne}/plan")
        {
            Allowed = TeacherPlus, Other = Hidden("Session"), Check = a => { Is(a.Data, a.Target.Session, "sessionId"); Is(a.Data, a.Target.StudentOne, "studentId"); },
        },
        new("POST /api/v1/sessions/{sessionId}/students/{studentId}/notes", t => $"/api/v1/sessions/{t.Session}/students/{t.StudentOne}/notes")
        {
            Allowed = TeacherPlus, Ok = 201, Body = _ => new { text = "Matrix note" }, Other = Hidden("Session"),
            Check = a => { Is(a.Data, a.Target.Session, "sessionId"); Is(a.Data, a.Target.ActorId, "authorId"); },
        },
        new("POST /api/v1/enrollments/{id}/assign-content", t => $"/api/v1/enrollments/{t.StudentOneEnrolment}/assign-content")
        {
            Allowed = TeacherPlus, Body = t => new { exerciseId = t.Exercise }, Other = Hidden("Enrolment"), Check = a => Assert.True(a.Response.Success),
        },

        // Content: one shared catalogue (no centre's ids in it); a student reads an exercise to do it.
        new("GET /api/v1/content/courses", _ => "/api/v1/content/courses")
        {
            Allowed = TeacherPlus, Other = NotInAnswer("the shared catalogue and the caller's centre's own courses"),
            Check = a => Assert.Contains(a.Items, c => MatrixAnswer.Id(c) == a.Target.Course),
        },
        new("GET /api/v1/content/courses/{courseId}/levels", t => $"/api/v1/content/courses/{t.Course}/levels")
        {
            Allowed = TeacherPlus, Other = NotInAnswer("a shared course"), Check = a => Assert.Contains(a.Items, l => MatrixAnswer.Id(l) == a.Target.Level),
        },
        new("GET /api/v1/content/courses/{courseId}/levels/{levelId}/units", t => $"/api/v1/content/courses/{t.Course}/levels/{t.Level}/units")
        {
            Allowed = TeacherPlus, Other = NotInAnswer("a shared course"), Check = a => Assert.NotEmpty(a.Items),
        },
        new("GET /api/v1/content/lessons/{lessonId}/exercises", t => $"/api/v1/content/lessons/{t.Lesson}/exercises")
        {
            Allowed = TeacherPlus, Other = NotInAnswer("a shared lesson"), Check = a => Assert.Contains(a.Items, e => MatrixAnswer.Id(e) == a.Target.Exercise),
        },
        new("GET /api/v1/content/exercises/{id}", t => $"/api/v1/content/exercises/{t.Exercise}")
        {
            Allowed = TeacherPlus.Plus(Role.Student), Other = NotInAnswer("a shared exercise"), Check = a => Is(a.Data, a.Target.Exercise),
        },
        new("GET /api/v1/content/next", t => $"/api/v1/content/next?courseId={t.Course}&studentId={t.StudentOne}")
        {
            Allowed = TeacherPlus.Plus(Role.Student), Other = Hidden("Student"), Check = a => Assert.NotEqual(Guid.Empty, MatrixAnswer.Id(a.Data, "exerciseId")),
        },
        new("POST /api/v1/content/import", _ => "/api/v1/content/import")
        {
            Allowed = AdminPlus, Ok = 201, Body = _ => MatrixContent.Package(), Other = NotInAnswer("imported into the caller's centre"),
            Check = a => Assert.Equal(1, a.Data.GetProperty("courses").GetInt32()),
        },

        // Attempts
        new("POST /api/v1/exercises/{id}/start", t => $"/api/v1/exercises/{t.Exercise}/start")
        {
            Allowed = StudentOnly, Ok = 201, Body = _ => new { }, Other = NotInAnswer("the caller's own attempt"),
            Check = a => { Is(a.Data, a.Target.ActorId, "studentId"); Is(a.Data, a.Target.Exercise, "exerciseId"); },
        },
        new("PATCH /api/v1/attempts/{id}/autosave", t => $"/api/v1/attempts/{t.AutosaveAttempt}/autosave")
        {
            Allowed = StudentOnly, Body = _ => new { answers = new Dictionary<string, object>() }, Other = Hidden("Attempt"),
            Check = a => { Is(a.Data, a.Target.AutosaveAttempt, "attemptId"); Assert.True(a.Data.GetProperty("applied").GetBoolean()); },
        },
        new("GET /api/v1/attempts/{id}", t => $"/api/v1/attempts/{t.Attempt}")
        {
            // Student(own), Teacher+, Parent(own child): the attempt is student1's, parent1's child.
            Allowed = TeacherPlus.Plus(Role.Student, Role.Parent), Other = Hidden("Attempt", lookupFirst: true),
            Check = a => { Is(a.Data, a.Target.Attempt); Is(a.Data, a.Target.StudentOne, "studentId"); },
        },
        new("POST /api/v1/attempts/{id}/submit", t => $"/api/v1/attempts/{t.Attempt}/submit")
        {
            Allowed = StudentOnly, Body = t => new { answers = t.Answers }, Other = Hidden("Attempt"), Check = a => Is(a.Data, a.Target.Attempt),
        },
        new("POST /api/v1/exercises/{id}/answer-release", t => $"/api/v1/exercises/{t.Exercise}/answer-release")
        {
            // Teacher+ shows a student of the centre the answers; another centre's student is not found. A repeat answers the
            // first release, whoever made it (the super admin's account belongs to no centre's users).
            Allowed = TeacherPlus, Body = t => new { studentId = t.StudentOne }, Other = Hidden("Student"),
            Check = a => { Is(a.Data, a.Target.StudentOne, "studentId"); Is(a.Data, a.Target.Exercise, "exerciseId"); Assert.NotEqual(Guid.Empty, MatrixAnswer.Id(a.Data, "releasedBy")); },
        },

        // Help requests: each centre's student1 has one open in a later Maths club, and each Teacher+ role one of its own to acknowledge and resolve
        new("POST /api/v1/sessions/{id}/help-request", t => $"/api/v1/sessions/{t.Session}/help-request")
        {
            Allowed = StudentOnly, Ok = 201, Body = _ => new { message = "Matrix hand" }, Other = Hidden("Session"),
            Check = a => { Is(a.Data, a.Target.Session, "sessionId"); Is(a.Data, a.Target.ActorId, "studentId"); },
        },
        new("PATCH /api/v1/help-requests/{id}/acknowledge", t => $"/api/v1/help-requests/{t.AcknowledgeHelp.GetValueOrDefault(t.Actor, t.HelpRequest)}/acknowledge")
        {
            Allowed = TeacherPlus, Body = _ => new { }, Other = Hidden("Help request"),
            Check = a => { Is(a.Data, a.Target.AcknowledgeHelp[a.Actor]); Assert.Equal("ACKNOWLEDGED", a.Data.GetProperty("status").GetString()); },
        },
        new("PATCH /api/v1/help-requests/{id}/resolve", t => $"/api/v1/help-requests/{t.ResolveHelp.GetValueOrDefault(t.Actor, t.HelpRequest)}/resolve")
        {
            Allowed = TeacherPlus, Body = _ => new { }, Other = Hidden("Help request"),
            Check = a => { Is(a.Data, a.Target.ResolveHelp[a.Actor]); Assert.Equal("RESOLVED", a.Data.GetProperty("status").GetString()); },
        },
        new("DELETE /api/v1/help-requests/{id}", t => $"/api/v1/help-requests/{t.CancelHelp}")
        {
            Allowed = StudentOnly, Other = Hidden("Help request"), Check = a => Is(a.Data, a.Target.CancelHelp),
        },
        new("GET /api/v1/sessions/{id}/ws-token", t => $"/api/v1/sessions/{t.Session}/ws-token")
        {
            // The session's tutor (the demo teacher), Supervisor+ and its enrolled students (student1) may join the live room.
            Allowed = SupervisorPlus.Plus(Role.Teacher, Role.Student), Other = Hidden("Session", lookupFirst: true),
            Check = a => Assert.StartsWith($"/ws/session/{a.Target.Session}?token=", a.Data.GetProperty("path").GetString()),
        },

        // Notifications: everyone has their own; another centre's (another person's) is missing.
        new("GET /api/v1/notifications", _ => "/api/v1/notifications")
        {
            Allowed = Everyone, Other = NotInAnswer("the caller's own notifications"), Check = a => Assert.True(a.Response.Success),
        },
        new("PATCH /api/v1/notifications/{id}/read", _ => $"/api/v1/notifications/{Guid.NewGuid()}/read")
        {
            Allowed = Everyone, Ok = 404, Body = _ => new { }, Other = Hidden("Notification", lookupFirst: true), Check = a => NotFound(a, "Notification"),
        },
        new("POST /api/v1/notifications/read-all", _ => "/api/v1/notifications/read-all")
        {
            Allowed = Everyone, Other = NotInAnswer("the caller's own notifications"), Check = a => Assert.True(a.Response.Success),
        },
        new("GET /api/v1/notifications/preferences", _ => "/api/v1/notifications/preferences")
        {
            Allowed = Everyone, Other = NotInAnswer("the caller's own preferences"), Check = a => Assert.True(a.Data.TryGetProperty("categories", out _), a.Response.ToString()),
        },
        new("PATCH /api/v1/notifications/preferences", _ => "/api/v1/notifications/preferences")
        {
            Allowed = Everyone, Body = _ => new { categories = new { FINANCE = new { email = "DIGEST" } } }, Other = NotInAnswer("the caller's own preferences"),
            Check = a => Assert.Equal("DIGEST", a.Data.GetProperty("categories").GetProperty("FINANCE").GetProperty("email").GetString()),
        },
        new("GET /api/v1/notifications/stream", _ => "/api/v1/notifications/stream")
        {
            Allowed = Everyone, Stream = true, Other = NotInAnswer("the caller's own stream (another user's never arrive: NotificationsApiTests)"),
            Check = a => Assert.Equal("text/event-stream", a.Response.ContentType),
        },
        new("GET /api/v1/notifications/push-subscriptions", _ => "/api/v1/notifications/push-subscriptions")
        {
            Allowed = Everyone, Other = NotInAnswer("the caller's own devices"), Check = a => Assert.False(string.IsNullOrEmpty(a.Data.GetProperty("publicKey").GetString())),
        },
        new("POST /api/v1/notifications/push-subscriptions", _ => "/api/v1/notifications/push-subscriptions")
        {
            Allowed = Everyone, Ok = 201, Other = NotInAnswer("the caller's own device"),
            Body = _ => MatrixBrowserKeys.Browser.Subscription($"https://fcm.googleapis.com/fcm/send/{Guid.NewGuid():N}"),
            Check = a => Assert.StartsWith("https://fcm.googleapis.com/fcm/send/", a.Data.GetProperty("endpoint").GetString()),
        },
        new("DELETE /api/v1/notifications/push-subscriptions/{id}", _ => $"/api/v1/notifications/push-subscriptions/{Guid.NewGuid()}")
        {
            Allowed = Everyone, Ok = 404, Other = Hidden("Push device", lookupFirst: true), Check = a => NotFound(a, "Push device"),
        },

        // Gamification: a student reads their own, a parent their child's (student1 is parent1's child), staff any student of their centre.
        new("GET /api/v1/gamification/badges", _ => "/api/v1/gamification/badges")
        {
            Allowed = Everyone, Other = NotInAnswer("the badge catalogue"), Check = a => Assert.Equal(13, a.Items.Count()),
        },
        new("GET /api/v1/gamification/xp-ledger", _ => "/api/v1/gamification/xp-ledger")
        {
            Allowed = StudentOnly, Other = NotInAnswer("the caller's own ledger"), Check = a => Assert.All(a.Items, e => Assert.True(e.GetProperty("amount").GetInt32() != 0)),
        },
        new("POST /api/v1/gamification/streak/repair", _ => "/api/v1/gamification/streak/repair")
        {
            // Nothing broken to repair: 409 for the student, after authorisation.
            Allowed = StudentOnly, Ok = 409, Body = _ => new { streakType = "PRACTICE" }, Other = NotInAnswer("the caller's own streak"),
            Check = a => Assert.Equal("This streak is not broken: there is nothing to repair", a.Response.Error),
        },
        new("GET /api/v1/gamification/leaderboard", _ => "/api/v1/gamification/leaderboard?period=WEEK&scope=centre")
        {
            // Student(opt-in): the matrix's students never opt in, so a student is refused.
            Allowed = TeacherPlus, Other = NotInAnswer("the caller's centre's board"), Check = a => Assert.Equal("WEEK", a.Data.GetProperty("period").GetString()),
        },
        new("PUT /api/v1/gamification/leaderboard/opt-in", _ => "/api/v1/gamification/leaderboard/opt-in")
        {
            Allowed = StudentOnly, Body = _ => new { optIn = false }, Other = NotInAnswer("the caller's own choice"),
            Check = a => { Is(a.Data, a.Target.ActorId, "studentId"); Assert.False(a.Data.GetProperty("optIn").GetBoolean()); },
        },
        new("GET /api/v1/gamification/leaderboard/choice", t => $"/api/v1/gamification/leaderboard/choice?studentId={t.StudentOne}")
        {
            Allowed = TeacherPlus.Plus(Role.Student, Role.Parent), Other = Hidden("Student"), Check = a => Is(a.Data, a.Target.StudentOne, "studentId"),
        },
        new("PUT /api/v1/gamification/leaderboard/parent-block", _ => "/api/v1/gamification/leaderboard/parent-block")
        {
            Allowed = ParentOnly, Body = t => new { studentId = t.StudentOne, blocked = false }, Other = Hidden("Student"), Check = a => Is(a.Data, a.Target.StudentOne, "studentId"),
        },
        new("GET /api/v1/gamification/profile", t => $"/api/v1/gamification/profile?studentId={t.StudentOne}")
        {
            Allowed = Set(Role.Student, Role.Parent), Other = Hidden("Student"), Check = a => Is(a.Data, a.Target.StudentOne, "studentId"),
        },
        new("GET /api/v1/users/{id}/gamification", t => $"/api/v1/users/{t.StudentOne}/gamification")
        {
            Allowed = TeacherPlus.Plus(Role.Student, Role.Parent), Other = Hidden("Student"), Check = a => Is(a.Data, a.Target.StudentOne, "studentId"),
        },

        // Homework
        new("GET /api/v1/homework", t => $"/api/v1/homework?studentId={t.StudentOne}")
        {
            Allowed = TeacherPlus.Plus(Role.Student, Role.Parent), Other = Hidden("Student"),
            Check = a => { Assert.NotEmpty(a.Items); Assert.All(a.Items, h => Is(h, a.Target.StudentOne, "studentId")); },
        },
        new("POST /api/v1/homework", _ => "/api/v1/homework")
        {
            // For another centre's student: no such student in the caller's centre.
            Allowed = TeacherPlus, Ok = 201, Other = Unknown("studentId"),
            Body = t => new { studentId = t.StudentOne, exerciseId = t.Exercise, dueDate = DateTime.UtcNow.AddDays(9) },
            Check = a => { Is(a.Data, a.Target.StudentOne, "studentId"); Is(a.Data, a.Target.Exercise, "exerciseId"); },
        },
        new("PATCH /api/v1/homework/{id}", t => $"/api/v1/homework/{t.Homework}")
        {
            Allowed = TeacherPlus, Body = _ => new { notes = "Matrix notes" }, Other = Hidden("Homework"),
            Check = a => { Is(a.Data, a.Target.Homework); Assert.Equal("Matrix notes", a.Data.GetProperty("notes").GetString()); },
        },
    ];
}
