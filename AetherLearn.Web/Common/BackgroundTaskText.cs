namespace AetherLearn.Web.Common;

/// <summary>
/// Background tasks (the outbox's event handlers) in words for the admin page that lists the failed ones: what happened
/// ("attendance.recorded" → "Attendance recorded") and which part of AetherLearn was acting on it (the handler's name
/// starts with its module). The API keeps the catalogue and handler names.
/// </summary>
public static class BackgroundTaskText
{
    private static readonly Dictionary<string, string> Parts = new()
    {
        ["gamification"] = "XP, levels and badges",
        ["notifications"] = "Notifications",
        ["homework"] = "Homework",
        ["progression"] = "Students' next work",
        ["sessions"] = "Lessons",
        ["attendance"] = "Attendance",
        ["realtime"] = "Live pages",
        ["web"] = "Live pages",
    };

    public static string Event(string type)
    {
        var words = type.Replace('.', ' ').Replace('-', ' ').Trim();
        if (words.Length == 0) { return words; }
        // Abbreviations stay capitals.
        return words.StartsWith("xp ", StringComparison.Ordinal) ? "XP " + words[3..] : char.ToUpperInvariant(words[0]) + words[1..];
    }

    public static string Task(string handler)
    {
        var part = handler.Split('.')[0];
        return Parts.GetValueOrDefault(part) ?? Event(part);
    }
}
