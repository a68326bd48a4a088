using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

/// <summary>
/// The role × endpoint × centre table. A new endpoint adds a row here (the endpoint-list test names any endpoint of the
/// app without one): its allowed roles, what an allowed answer holds, and what the other centre's record gives.
/// </summary>
public static partial class AccessMatrix
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
        new("POST /api/v1/sessions/{id}/enrollments/bulk", t => $"/api/v1/sessions/{t.Session}/enrollments/bulk")
        {
            // A student already in the session: answered with their enrolment, nothing changed (the single row enrols the matrix's own).
            Allowed = SupervisorPlus, Body = t => new { studentIds = new[] { t.StudentOne } }, Other = Hidden("Session"),
            Check = a => Is(Assert.Single(a.Items), a.Target.StudentOne, "studentId"),
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
        new("POST /api/v1/sessions/{id}/set-work", t => $"/api/v1/sessions/{t.Session}/set-work")
        {
            Allowed = TeacherPlus, Body = t => new { exerciseId = t.Exercise, kind = "NEXT", studentIds = new[] { t.StudentOne } }, Other = Hidden("Session"),
            Check = a => { Is(a.Data, a.Target.Session, "sessionId"); Assert.Equal(a.Target.StudentOne, Assert.Single(a.Data.GetProperty("studentIds").EnumerateArray()).GetGuid()); },
        },
        new("POST /api/v1/enrollments/{id}/assign-content", t => $"/api/v1/enrollments/{t.StudentOneEnrolment}/assign-content")
        {
            Allowed = TeacherPlus, Body = t => new { exerciseId = t.Exercise }, Other = Hidden("Enrolment"), Check = a => Assert.True(a.Response.Success),
        },
        .. LearningRows(),
    ];
}
