using AetherLearn.Core.Common.Security;

namespace AetherLearn.Tests.Common;

/// <summary>
/// What the matrix needs to know about a demo centre when it builds a request, and who is asking
/// (rows that use a record up give each allowed role its own copy).
/// </summary>
public sealed record MatrixTargets(
    Role Actor, Guid Centre, Guid TargetUser, Guid Tutor, Guid StudentOne, Guid Session, Guid StudentOneEnrolment, Guid EndSession, Guid CancelSession,
    Guid EnrolSession, IReadOnlyDictionary<Role, Guid> RemovableEnrolments, Guid Course, Guid Level, Guid Lesson, Guid Exercise, Guid Attempt, Guid Homework,
    Guid HelpRequest)
{
    private static int _counter;

    /// <summary>An answer to the seeded attempt's exercise (a blank submission is refused).</summary>
    public IReadOnlyDictionary<string, object> Answers { get; init; } = new Dictionary<string, object>();

    /// <summary>A fresh, far-future local date for sessions the matrix creates, so creations never clash.</summary>
    public static string FreshDay() => DateTime.UtcNow.Date.AddDays(400 + Interlocked.Increment(ref _counter)).ToString("yyyy-MM-dd");
}

/// <summary>
/// One endpoint of the contract. <see cref="Path"/> and <see cref="Body"/> are built against the centre
/// the request aims at (the caller's own, or the other one when <see cref="CentreScoped"/>).
/// </summary>
public sealed record AccessRow(
    string Name,
    HttpMethod Method,
    Func<MatrixTargets, string> Path,
    Func<MatrixTargets, object?> Body,
    Func<Role, bool, int> Expected,
    bool CentreScoped);

/// <summary>A browser's keys for push subscriptions the matrix makes.</summary>
file static class MatrixBrowserKeys
{
    public static readonly AetherLearn.Tests.Infrastructure.PushBrowser Browser = new();
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
/// The role × endpoint × centre table. Later issues add rows here, not code: every row is run for each of
/// the nine roles, against the caller's centre and (for centre-scoped rows) against the other centre.
/// </summary>
public static class AccessMatrix
{
    private static readonly object? NoBody = null;

    public static IReadOnlyList<AccessRow> Rows { get; } =
    [
        Row("session", HttpMethod.Get, _ => "/api/auth/session", Policies.Authenticated, ok: 200),
        Row("two-factor status", HttpMethod.Get, _ => "/api/auth/two-factor", Policies.Authenticated, ok: 200),
        Row("two-factor off", HttpMethod.Post, _ => "/api/auth/two-factor/disable", Policies.Authenticated, ok: 200, body: _ => new { code = "000000" }),
        Row("switch centre", HttpMethod.Post, t => "/api/auth/switch-centre", Policies.SuperAdmin, ok: 200, body: t => new { centreId = t.Centre }),
        Row("list users", HttpMethod.Get, _ => "/api/v1/users", Policies.AdminPlus, ok: 200),
        Row("create user", HttpMethod.Post, _ => "/api/v1/users", Policies.AdminPlus, ok: 201,
            body: _ => new { email = $"matrix-{Guid.NewGuid():N}@matrix.test", name = "Matrix Student", role = "STUDENT", password = "matrix password 123" }),
        Scoped("get user", HttpMethod.Get, t => $"/api/v1/users/{t.TargetUser}", ResourceFirst(Policies.AdminPlus, 200)),
        Scoped("update user", HttpMethod.Patch, t => $"/api/v1/users/{t.TargetUser}", ResourceFirst(Policies.AdminPlus, 200), body: _ => new { name = "Matrix Renamed" }),
        Row("list centres", HttpMethod.Get, _ => "/api/v1/centres", Policies.SuperAdmin, ok: 200),
        Scoped("get centre", HttpMethod.Get, t => $"/api/v1/centres/{t.Centre}", PolicyFirst(Policies.AdminPlus, 200, superAdminCrossCentre: true)),
        Scoped("update centre config", HttpMethod.Patch, t => $"/api/v1/centres/{t.Centre}/config", PolicyFirst(Policies.AdminPlus, 200, superAdminCrossCentre: true),
            body: _ => new { features = new Dictionary<string, bool> { ["leaderboards"] = true } }),
        Row("audit log", HttpMethod.Get, _ => "/api/v1/admin/audit-log", Policies.AdminPlus, ok: 200),
        Row("dead letters", HttpMethod.Get, _ => "/api/v1/admin/dead-letters", Policies.AdminPlus, ok: 200),
        Row("notification deliveries", HttpMethod.Get, _ => "/api/v1/admin/notification-deliveries?state=FAILED", Policies.AdminPlus, ok: 200),
        Row("notification templates", HttpMethod.Get, _ => "/api/v1/admin/notification-templates", Policies.AdminPlus, ok: 200),
        Row("preview a notification template", HttpMethod.Post, _ => "/api/v1/admin/notification-templates/checkin.recorded/PUSH/preview", Policies.AdminPlus, ok: 200,
            body: _ => new { title = "Arrived", body = "{{studentName}} is here" }),
        Row("reword a notification template", HttpMethod.Put, _ => "/api/v1/admin/notification-templates/checkin.recorded/PUSH", Policies.AdminPlus, ok: 200,
            body: _ => new { title = "Arrived", body = "{{studentName}} is here" }),
        Row("restore a notification template", HttpMethod.Delete, _ => "/api/v1/admin/notification-templates/checkout.recorded/PUSH", Policies.AdminPlus, ok: 200),
        Row("retry a notification delivery", HttpMethod.Post, _ => $"/api/v1/admin/notification-deliveries/{Guid.NewGuid()}/retry", Policies.AdminPlus, ok: 404),

        // Sessions
        Row("today's sessions", HttpMethod.Get, _ => "/api/v1/sessions/today", Policies.TeacherPlus, ok: 200),
        Row("upcoming sessions", HttpMethod.Get, _ => "/api/v1/sessions/upcoming", Policies.TeacherPlus, ok: 200),
        Row("session calendar", HttpMethod.Get, _ => $"/api/v1/sessions/calendar?from={DateTime.UtcNow:yyyy-MM-dd}T00:00:00Z&to={DateTime.UtcNow.AddDays(7):yyyy-MM-dd}T00:00:00Z", Policies.TeacherPlus, ok: 200),
        Scoped("get session", HttpMethod.Get, t => $"/api/v1/sessions/{t.Session}", ResourceFirst([Policies.TeacherPlus, Policies.Student], 200)),
        Scoped("session dashboard", HttpMethod.Get, t => $"/api/v1/sessions/{t.Session}/dashboard", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false)),
        Scoped("start session", HttpMethod.Post, t => $"/api/v1/sessions/{t.Session}/start", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false)),
        Scoped("end session", HttpMethod.Post, t => $"/api/v1/sessions/{t.EndSession}/end", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false)),
        Row("create session", HttpMethod.Post, _ => "/api/v1/sessions", Policies.SupervisorPlus, ok: 201, body: t =>
        {
            var day = MatrixTargets.FreshDay();
            return new { title = "Matrix lesson", tutorId = t.Tutor, startsAt = $"{day}T10:00:00", endsAt = $"{day}T11:00:00", capacity = 4 };
        }),
        Scoped("update session", HttpMethod.Patch, t => $"/api/v1/sessions/{t.Session}", PolicyFirst(Policies.SupervisorPlus, 200, superAdminCrossCentre: false), body: _ => new { room = "Room 9" }),
        Scoped("cancel session", HttpMethod.Delete, t => $"/api/v1/sessions/{t.CancelSession}", PolicyFirst(Policies.SupervisorPlus, 200, superAdminCrossCentre: false)),
        Scoped("list enrolments", HttpMethod.Get, t => $"/api/v1/sessions/{t.Session}/enrollments", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false)),
        Scoped("enrol student", HttpMethod.Post, t => $"/api/v1/sessions/{t.EnrolSession}/enrollments", PolicyFirst(Policies.SupervisorPlus, 201, superAdminCrossCentre: false),
            body: t => new { studentId = t.TargetUser }),
        Scoped("remove enrolment", HttpMethod.Delete, t => $"/api/v1/sessions/{t.EnrolSession}/enrollments/{t.RemovableEnrolments.GetValueOrDefault(t.Actor, Guid.NewGuid())}",
            PolicyFirst(Policies.SupervisorPlus, 200, superAdminCrossCentre: false)),
        Scoped("mark attendance", HttpMethod.Post, t => $"/api/v1/sessions/{t.Session}/attendance", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false),
            body: t => new { studentId = t.StudentOne, status = "ATTENDING" }),
        Scoped("mark attendance in bulk", HttpMethod.Post, t => $"/api/v1/sessions/{t.Session}/attendance/bulk", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false),
            body: t => new { records = new[] { new { studentId = t.StudentOne, status = "LATE" } } }),
        Scoped("student's lesson plan", HttpMethod.Get, t => $"/api/v1/sessions/{t.Session}/students/{t.StudentOne}/plan", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false)),
        Scoped("add tutor note", HttpMethod.Post, t => $"/api/v1/sessions/{t.Session}/students/{t.StudentOne}/notes", PolicyFirst(Policies.TeacherPlus, 201, superAdminCrossCentre: false),
            body: _ => new { text = "Matrix note" }),
        Scoped("assign content", HttpMethod.Post, t => $"/api/v1/enrollments/{t.StudentOneEnrolment}/assign-content", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false),
            body: t => new { exerciseId = t.Exercise }),

        // Content (a shared catalogue: no other-centre dimension) and sequencing
        Row("list courses", HttpMethod.Get, _ => "/api/v1/content/courses", Policies.TeacherPlus, ok: 200),
        Row("list levels", HttpMethod.Get, t => $"/api/v1/content/courses/{t.Course}/levels", Policies.TeacherPlus, ok: 200),
        Row("list units", HttpMethod.Get, t => $"/api/v1/content/courses/{t.Course}/levels/{t.Level}/units", Policies.TeacherPlus, ok: 200),
        Row("list lesson exercises", HttpMethod.Get, t => $"/api/v1/content/lessons/{t.Lesson}/exercises", Policies.TeacherPlus, ok: 200),
        new("get exercise", HttpMethod.Get, t => $"/api/v1/content/exercises/{t.Exercise}", _ => NoBody,
            (role, _) => Allows(Policies.TeacherPlus, role) || role == Role.Student ? 200 : 403, CentreScoped: false),
        Scoped("next content", HttpMethod.Get, t => $"/api/v1/content/next?courseId={t.Course}&studentId={t.StudentOne}",
            (role, other) => !(Allows(Policies.TeacherPlus, role) || role == Role.Student) ? 403 : other ? 404 : 200),
        Row("import content", HttpMethod.Post, _ => "/api/v1/content/import", Policies.AdminPlus, ok: 201, body: _ => MatrixContent.Package()),

        // Attempts
        Row("start attempt", HttpMethod.Post, t => $"/api/v1/exercises/{t.Exercise}/start", Policies.Student, ok: 201, body: _ => new { }),
        Scoped("autosave attempt", HttpMethod.Patch, t => $"/api/v1/attempts/{t.Attempt}/autosave", PolicyFirst(Policies.Student, 200, superAdminCrossCentre: false),
            body: t => new { answers = t.Answers }),
        Scoped("get attempt", HttpMethod.Get, t => $"/api/v1/attempts/{t.Attempt}", ResourceFirst([Policies.TeacherPlus, Policies.Student, Policies.Parent], 200)),
        Scoped("submit attempt", HttpMethod.Post, t => $"/api/v1/attempts/{t.Attempt}/submit", PolicyFirst(Policies.Student, 200, superAdminCrossCentre: false),
            body: t => new { answers = t.Answers }),
        Scoped("release answers", HttpMethod.Post, t => $"/api/v1/exercises/{t.Exercise}/answer-release", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false),
            body: t => new { studentId = t.StudentOne }),

        // Help requests (student1 of each centre has one open in the main session)
        Scoped("raise hand", HttpMethod.Post, t => $"/api/v1/sessions/{t.Session}/help-request", PolicyFirst(Policies.Student, 201, superAdminCrossCentre: false),
            body: _ => new { message = "Matrix hand" }),
        Scoped("acknowledge help", HttpMethod.Patch, t => $"/api/v1/help-requests/{t.HelpRequest}/acknowledge", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false), body: _ => new { }),
        Scoped("resolve help", HttpMethod.Patch, t => $"/api/v1/help-requests/{t.HelpRequest}/resolve", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false), body: _ => new { }),
        Scoped("cancel help", HttpMethod.Delete, t => $"/api/v1/help-requests/{t.HelpRequest}", PolicyFirst(Policies.Student, 200, superAdminCrossCentre: false)),
        // The session's tutor (the demo teacher), Supervisor+ and its enrolled students (student1) may join the live room.
        Scoped("live-session token", HttpMethod.Get, t => $"/api/v1/sessions/{t.Session}/ws-token",
            (role, other) => other ? 404 : role is Role.Teacher or Role.Student || Allows(Policies.SupervisorPlus, role) ? 200 : 403),

        // Notifications: everyone has their own ("Self"); someone else's, or one that does not exist, is missing.
        Row("list notifications", HttpMethod.Get, _ => "/api/v1/notifications", Policies.Authenticated, ok: 200),
        Row("mark notification read", HttpMethod.Patch, _ => $"/api/v1/notifications/{Guid.NewGuid()}/read", Policies.Authenticated, ok: 404, body: _ => new { }),
        Row("mark all notifications read", HttpMethod.Post, _ => "/api/v1/notifications/read-all", Policies.Authenticated, ok: 200),
        Row("notification preferences", HttpMethod.Get, _ => "/api/v1/notifications/preferences", Policies.Authenticated, ok: 200),
        Row("update notification preferences", HttpMethod.Patch, _ => "/api/v1/notifications/preferences", Policies.Authenticated, ok: 200,
            body: _ => new { categories = new { FINANCE = new { email = "DIGEST" } } }),
        Row("push setup", HttpMethod.Get, _ => "/api/v1/notifications/push-subscriptions", Policies.Authenticated, ok: 200),
        // A super admin belongs to no centre and gets no notifications: 409 there, which the matrix accepts after authorisation.
        Row("add push device", HttpMethod.Post, _ => "/api/v1/notifications/push-subscriptions", Policies.Authenticated, ok: 201,
            body: _ => MatrixBrowserKeys.Browser.Subscription($"https://fcm.googleapis.com/fcm/send/{Guid.NewGuid():N}")),
        Row("remove push device", HttpMethod.Delete, _ => $"/api/v1/notifications/push-subscriptions/{Guid.NewGuid()}", Policies.Authenticated, ok: 404),

        // Gamification: a student reads their own, a parent their child's (student1 is parent1's child), staff any student of their centre.
        Row("gamification badges", HttpMethod.Get, _ => "/api/v1/gamification/badges", Policies.Authenticated, ok: 200),
        Row("xp ledger", HttpMethod.Get, _ => "/api/v1/gamification/xp-ledger", Policies.Student, ok: 200),
        // Nothing broken to repair: 409 for the student, after authorisation.
        Row("repair a streak", HttpMethod.Post, _ => "/api/v1/gamification/streak/repair", Policies.Student, ok: 200, body: _ => new { streakType = "PRACTICE" }),
        // The matrix's students never opt in, so a student is refused the board (Student(opt-in)); the choice is set to "no" here.
        Row("leaderboard", HttpMethod.Get, _ => "/api/v1/gamification/leaderboard?period=WEEK&scope=centre", Policies.TeacherPlus, ok: 200),
        Row("leaderboard opt-in", HttpMethod.Put, _ => "/api/v1/gamification/leaderboard/opt-in", Policies.Student, ok: 200, body: _ => new { optIn = false }),
        Scoped("leaderboard choice", HttpMethod.Get, t => $"/api/v1/gamification/leaderboard/choice?studentId={t.StudentOne}",
            (role, other) => !(Allows(Policies.TeacherPlus, role) || role is Role.Student or Role.Parent) ? 403 : other ? 404 : 200),
        Scoped("leaderboard parent block", HttpMethod.Put, _ => "/api/v1/gamification/leaderboard/parent-block",
            (role, other) => role != Role.Parent ? 403 : other ? 404 : 200, body: t => new { studentId = t.StudentOne, blocked = false }),
        Scoped("gamification profile", HttpMethod.Get, t => $"/api/v1/gamification/profile?studentId={t.StudentOne}",
            (role, other) => role is not (Role.Student or Role.Parent) ? 403 : other ? 404 : 200),
        Scoped("a student's gamification", HttpMethod.Get, t => $"/api/v1/users/{t.StudentOne}/gamification",
            (role, other) => !(Allows(Policies.TeacherPlus, role) || role is Role.Student or Role.Parent) ? 403 : other ? 404 : 200),

        // Homework
        Scoped("list homework", HttpMethod.Get, t => $"/api/v1/homework?studentId={t.StudentOne}",
            (role, other) => !(Allows(Policies.TeacherPlus, role) || role is Role.Student or Role.Parent) ? 403 : other ? 404 : 200),
        Row("assign homework", HttpMethod.Post, _ => "/api/v1/homework", Policies.TeacherPlus, ok: 201,
            body: t => new { studentId = t.StudentOne, exerciseId = t.Exercise, dueDate = DateTime.UtcNow.AddDays(9) }),
        Scoped("update homework", HttpMethod.Patch, t => $"/api/v1/homework/{t.Homework}", PolicyFirst(Policies.TeacherPlus, 200, superAdminCrossCentre: false),
            body: _ => new { notes = "Matrix notes" }),
    ];

    public static bool Allows(string policy, Role role) =>
        policy == Policies.Authenticated || Policies.Roles[policy].Contains(role);

    /// <summary>An endpoint without a centre-owned target: allowed roles succeed, the rest get 403.</summary>
    private static AccessRow Row(string name, HttpMethod method, Func<MatrixTargets, string> path, string policy, int ok, Func<MatrixTargets, object?>? body = null) =>
        new(name, method, path, body ?? (_ => NoBody), (role, _) => Allows(policy, role) ? ok : 403, CentreScoped: false);

    private static AccessRow Scoped(string name, HttpMethod method, Func<MatrixTargets, string> path, Func<Role, bool, int> expected, Func<MatrixTargets, object?>? body = null) =>
        new(name, method, path, body ?? (_ => NoBody), expected, CentreScoped: true);

    /// <summary>The route's policy is checked first (403); another centre's record is then 404, except for a super admin where it is cross-centre.</summary>
    private static Func<Role, bool, int> PolicyFirst(string policy, int ok, bool superAdminCrossCentre) =>
        (role, otherCentre) => !Allows(policy, role) ? 403
            : !otherCentre ? ok
            : role == Role.SuperAdmin && superAdminCrossCentre ? ok : 404;

    /// <summary>Self-or-role endpoints look the record up first: another centre's is 404 for everyone, so its existence never leaks.</summary>
    private static Func<Role, bool, int> ResourceFirst(string policy, int ok) => ResourceFirst([policy], ok);

    private static Func<Role, bool, int> ResourceFirst(string[] policies, int ok) =>
        (role, otherCentre) => otherCentre ? 404 : policies.Any(p => Allows(p, role)) ? ok : 403;
}
