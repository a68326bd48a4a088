using AetherLearn.Core.Common.Security;

namespace AetherLearn.Core.Notifications;

/// <summary>
/// The page a notification leads to, for each template and each reader's role: the bell's and the notifications page's
/// "Open", the push notification's click and the e-mail's link all use it. Only pages that exist and that the reader may
/// open are named; where the right page is not built yet (a parent's view of attendance, a tutor's view of handed-in
/// homework) it is the nearest page that shows the matter, and otherwise the reader's own home.
/// </summary>
public static class NotificationLinks
{
    /// <summary>Each role's home (the same pages the menu calls home): where a notification with nothing more specific leads.</summary>
    public static string HomeOf(Role role) => RoleHomes.Of(role);

    /// <summary>
    /// Where <paramref name="templateKey"/>'s notification leads <paramref name="role"/>; <paramref name="studentId"/> is the
    /// student it is about (a parent's child, or the student themself) and <paramref name="values"/> the event's values
    /// (its payload under the catalogue's names, with what the router looked up).
    /// </summary>
    public static string For(string templateKey, Role role, Guid? studentId, IReadOnlyDictionary<string, object?> values)
    {
        Guid? Id(string key) => values.GetValueOrDefault(key) switch
        {
            Guid g => g,
            string s when Guid.TryParse(s, out var g) => g,
            _ => null,
        };
        // A parent's home opens on the child's tab: homework, results and the link to their badges are there.
        string Child() => studentId is { } child ? $"/parent?child={child}" : "/parent";
        return (templateKey, role) switch
        {
            // The marked work's review (answers, marks, feedback); the parent's child tab lists the result.
            ("exercise.graded", Role.Student) when Id("attemptId") is { } attempt => $"/student/attempts/{attempt}",
            // Homework opens the exercise to do (the homework list's own "Start" goes there too).
            ("homework.assigned" or "homework.overdue", Role.Student) when Id("exerciseId") is { } exercise => $"/student/exercises/{exercise}",
            // XP levels, badges and streaks are on the achievements page; a parent sees the child's.
            ("badge.earned" or "level.up" or "streak.broken" or "streak.milestone", Role.Student) => "/achievements",
            ("badge.earned" or "level.up" or "streak.milestone", Role.Parent) when studentId is { } child => $"/parent/children/{child}/progress",
            // A raised hand opens the lesson it was raised in.
            ("help.requested", _) when Id("sessionId") is { } session && role is Role.Teacher or Role.Assessor or Role.Supervisor or Role.CentreAdmin or Role.SuperAdmin
                => $"/tutor/sessions/{session}",
            // Everything else about a child (results, attendance, lessons, check-in, homework, course levels) opens the child's tab.
            (_, Role.Parent) => Child(),
            _ => HomeOf(role),
        };
    }
}
