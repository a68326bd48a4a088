using System.Globalization;
using System.Text.Json;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;

namespace AetherLearn.Core.Notifications.Routing;

/// <summary>
/// What the router knows about one event, gathered once before any route is planned: the values its templates use, who
/// it is about, and every person it names (the student, the session's students, the homework's setter, the named
/// parent) from one look-up — so no route looks anyone up again.
/// </summary>
internal sealed record EventFacts(
    IReadOnlyDictionary<string, object?> Values,
    Guid? StudentId,
    Guid? SetterId,
    Guid? ParentId,
    IReadOnlyList<Guid> SessionStudents,
    IReadOnlyDictionary<Guid, Person> People);

/// <summary>Gathers an event's <see cref="EventFacts"/> from its payload and the modules that own the data.</summary>
internal sealed class EventFactsGatherer(
    IPeopleDirectory people,
    ISessionFacts sessions,
    IAttemptQueries attempts,
    IExerciseCatalog catalog,
    IHomeworkQueries homework)
{
    public async Task<EventFacts> GatherAsync(DomainEvent e, EventSubject subject, CentreSummary? centre, TimeZoneInfo zone, CancellationToken ct)
    {
        string Local(DateTime utc, string format) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString(format, CultureInfo.GetCultureInfo("en-GB"));
        var data = new Dictionary<string, object?>
        {
            ["centreName"] = centre?.Name, ["time"] = Local(e.Metadata.Timestamp, "HH:mm"), ["date"] = Local(e.Metadata.Timestamp, "dddd d MMMM"),
        };
        // Every payload field is a template value under its catalogue name (the templates are written against the wire form).
        foreach (var property in e.Payload.EnumerateObject())
        {
            data[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetDecimal(),
                JsonValueKind.True or JsonValueKind.False => property.Value.GetBoolean(),
                _ => property.Value.ToString(),
            };
        }
        Readable(e.Type, data, centre?.Currency, utc => Local(utc, "HH:mm"));
        var student = subject.StudentId;
        var exercise = subject.ExerciseId;
        Guid? setter = null;
        if (subject.AttemptId is { } attemptId && await attempts.FindAsync(attemptId, ct) is { } attempt)
        {
            student ??= attempt.StudentId;
            exercise ??= attempt.ExerciseId;
            data.TryAdd("score", attempt.ScorePercent);
        }
        if (subject.HomeworkId is { } homeworkId && await homework.FindAsync(homeworkId, ct) is { } hw)
        {
            student ??= hw.StudentId;
            exercise ??= hw.ExerciseId;
            setter = hw.AssignedBy;
            data["setterId"] = hw.AssignedBy;
            data["dueDate"] = Local(hw.DueAt, "ddd d MMM HH:mm");
        }
        if (data.GetValueOrDefault("dueDate") is string due && DateTime.TryParse(due, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dueUtc)
            && due.Contains('T'))
        {
            data["dueDate"] = Local(dueUtc, "ddd d MMM HH:mm");
        }
        if (exercise is { } exerciseId && await catalog.FindAsync(exerciseId, ct) is { } content)
        {
            // The exercise a homework or an attempt is about, when the payload names only the homework or attempt (where its notification leads).
            data.TryAdd("exerciseId", exerciseId);
            data["exerciseName"] = content.Title;
            data["courseName"] = (await catalog.CourseTitlesAsync([content.CourseId], ct)).GetValueOrDefault(content.CourseId);
        }
        if (subject.CourseId is { } courseId) { data["courseName"] = (await catalog.CourseTitlesAsync([courseId], ct)).GetValueOrDefault(courseId); }
        IReadOnlyList<Guid>? sessionStudents = null;
        if (subject.SessionId is { } sessionId && await sessions.FindAsync(sessionId, ct) is { } session)
        {
            data["sessionName"] = session.Title;
            data["date"] = Local(session.StartsAt, "dddd d MMMM");
            sessionStudents = session.StudentIds;
            data["sessionStudents"] = session.StudentIds;
        }
        if (subject.Summary is { } summary) { data["exercisesCompleted"] = summary.ExercisesCompleted; }

        // Everyone the event names, in one look-up (a person of another centre is not found from this one).
        var named = (sessionStudents ?? []).Concat(new[] { student, setter, subject.ParentId }.OfType<Guid>()).Distinct().ToList();
        var found = named.Count == 0 ? new Dictionary<Guid, Person>() : await people.FindAsync(named, ct);
        if (sessionStudents is not null)
        {
            data["studentNames"] = sessionStudents.Where(found.ContainsKey).ToDictionary(id => id, id => found[id].Name);
        }
        if (student is { } studentId)
        {
            data["studentId"] = studentId;
            data["studentName"] = found.GetValueOrDefault(studentId)?.Name;
        }
        return new EventFacts(data, student, setter, subject.ParentId, sessionStudents ?? [], found);
    }

    /// <summary>Payload values as a parent reads them: codes in words, money in the centre's currency, instants in its time.</summary>
    private static void Readable(string eventType, Dictionary<string, object?> data, string? currency, Func<DateTime, string> localTime)
    {
        foreach (var key in (string[])["category", "streakType", "badgeType"])
        {
            if (data.GetValueOrDefault(key) is string { Length: > 0 } code && code == code.ToUpperInvariant())
            {
                data[key] = code.Replace('_', ' ').ToLowerInvariant();
            }
        }
        if (data.GetValueOrDefault("amount") is decimal amount) { data["amount"] = Money.Format(amount, currency); }
        // Check-in and check-out carry the instant; the template says the time of day.
        if (data.GetValueOrDefault("time") is string time && time.Contains('T')
            && DateTime.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant))
        {
            data["time"] = localTime(instant);
        }
        // "1 day" or "3 days": a template cannot choose the plural itself.
        if (data.GetValueOrDefault("daysPastDue") is decimal days) { data["overdueBy"] = days == 1 ? "1 day" : $"{days:0} days"; }
        // level.up calls it "title", which would read as the notification's own title in a template.
        if (eventType == EventTypes.LevelUp && data.GetValueOrDefault("title") is string levelTitle) { data["levelTitle"] = levelTitle; }
    }
}
