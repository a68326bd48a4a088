using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

/// <summary>The learning rows of the matrix: the catalogue, attempts, help requests, notifications, gamification, homework.</summary>
public static partial class AccessMatrix
{
    private static IEnumerable<AccessRow> LearningRows() =>
    [
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
