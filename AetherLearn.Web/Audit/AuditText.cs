using System.Text.RegularExpressions;
using AetherLearn.Core.Audit;

namespace AetherLearn.Web.Audit;

/// <summary>
/// The audit log as centre staff read it: actions and record types in words, not the enum and class names the API
/// keeps (the API's <c>action</c> and <c>entityType</c> values are the contract and stay as they are).
/// </summary>
public static partial class AuditText
{
    public static string Action(AuditAction action) => action switch
    {
        AuditAction.Create => "Created",
        AuditAction.Update => "Changed",
        AuditAction.Delete => "Deleted",
        AuditAction.SignIn => "Signed in",
        AuditAction.SignInFailed => "Sign-in failed",
        AuditAction.SignOut => "Signed out",
        AuditAction.LockedOut => "Locked out",
        _ => Words(action.ToString()),
    };

    /// <summary>The stored record type (a class name, or "Session" for sign-ins and sign-outs) → what staff call it.</summary>
    public static IReadOnlyDictionary<string, string> Records { get; } = new Dictionary<string, string>
    {
        ["AppUser"] = "User account",
        ["StudentProfile"] = "Student details",
        ["ParentChildLink"] = "Parent–child link",
        ["Centre"] = "Centre settings",
        ["Session"] = "Sign-in",
        ["TutoringSession"] = "Lesson",
        ["Enrolment"] = "Lesson enrolment",
        ["HelpRequest"] = "Raised hand",
        ["Course"] = "Course",
        ["Exercise"] = "Exercise",
        ["AnswerRelease"] = "Answers shown to a student",
        ["ContentOverride"] = "Next work chosen by a tutor",
        ["StudentLevel"] = "Student's course level",
        ["HomeworkAssignment"] = "Homework",
        ["NotificationTemplateOverride"] = "Notification wording",
    };

    /// <summary>A type without a label of its own (a new one) still reads as words: "SomethingNew" → "Something new".</summary>
    public static string Record(string entityType) => Records.GetValueOrDefault(entityType) ?? Words(entityType);

    /// <summary>A changed field's property name as words: "DisplayName" → "Display name".</summary>
    public static string Field(string property) => Words(property);

    private static string Words(string pascal)
    {
        var words = WordStart().Replace(pascal, " $1").Trim();
        return words.Length == 0 ? words : words[0] + words[1..].ToLowerInvariant();
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
