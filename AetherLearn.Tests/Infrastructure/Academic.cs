using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>Looks up demo data for the academic tests.</summary>
public static class Academic
{
    public static async Task<Guid> UserIdAsync(AppHost host, string email)
    {
        await using var db = host.Db();
        var normalized = email.ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleAsync();
    }

    public static async Task<Guid> CourseAsync(AppHost host, string key)
    {
        await using var db = host.Db();
        return await db.Courses.Where(c => c.Key == key && c.CentreId == null).Select(c => c.Id).SingleAsync();
    }

    /// <summary>The demo "Maths club" of the test clock's day in Northside.</summary>
    public static async Task<Guid> TodaysMathsClubAsync(AppHost host, ApiClient tutor)
    {
        var today = await tutor.GetAsync("/api/v1/sessions/today");
        Assert.Equal(System.Net.HttpStatusCode.OK, today.Status);
        return today.Data.EnumerateArray().First(s => s.GetProperty("title").GetString() == "Maths club").GetProperty("id").GetGuid();
    }

    /// <summary>Outbox rows of a type whose payload has <paramref name="property"/> = <paramref name="value"/>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> EventsAsync(AppHost host, string type, string property, string value)
    {
        await using var db = host.Db();
        var rows = await db.OutboxMessages.Where(m => m.Type == type).Select(m => m.Payload).ToListAsync();
        return rows.Select(p => JsonDocument.Parse(p).RootElement.Clone())
            .Where(p => p.TryGetProperty(property, out var v) && string.Equals(v.ToString(), value, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Waits until the outbox row of that type and payload value has been handled by every handler (no sleeping).</summary>
    public static Task HandledAsync(AppHost host, string type, string property, string value) =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = host.Db();
            var rows = await db.OutboxMessages.Where(m => m.Type == type && m.ProcessedAt != null).Select(m => m.Payload).ToListAsync();
            return rows.Select(p => JsonDocument.Parse(p).RootElement)
                .Any(p => p.TryGetProperty(property, out var v) && string.Equals(v.ToString(), value, StringComparison.OrdinalIgnoreCase));
        }, $"{type} with {property} {value} handled");

    /// <summary>
    /// A wrong answer to the first question that is not an ordering one, as a player sends it: enough for a submission
    /// that is not blank (a blank one is refused) and scores nothing for that question.
    /// </summary>
    public static async Task<Dictionary<string, object>> OneWrongAnswerAsync(AppHost host, Guid exerciseId)
    {
        await using var db = host.Db();
        var exercise = await db.Exercises.SingleAsync(e => e.Id == exerciseId);
        var q = exercise.Questions.First(q => q.Type != Core.Content.QuestionType.Ordering);
        return new Dictionary<string, object> { [q.Id] = WrongAnswer(q, Guid.Empty) };
    }

    /// <summary>The right answer as a player sends it: ordering answers use this attempt's own option ids.</summary>
    public static object RightAnswer(Core.Content.Question q, Guid attemptId) => q.Type switch
    {
        Core.Content.QuestionType.SingleChoice => q.Correct![0],
        Core.Content.QuestionType.MultipleChoice => q.Correct!,
        Core.Content.QuestionType.Numeric => q.Answer!.Value,
        Core.Content.QuestionType.ShortText => q.Accepted![0],
        _ => Core.Content.OptionShuffle.Permutation(attemptId, q.Id, q.Options!.Count),
    };

    /// <summary>A wrong (but answered) value: multiple choice picks only options that are not right.</summary>
    public static object WrongAnswer(Core.Content.Question q, Guid attemptId) => q.Type switch
    {
        Core.Content.QuestionType.SingleChoice => (q.Correct![0] + 1) % q.Options!.Count,
        Core.Content.QuestionType.MultipleChoice => Enumerable.Range(0, q.Options!.Count).Where(i => !q.Correct!.Contains(i)).Take(1).ToArray(),
        Core.Content.QuestionType.Numeric => q.Answer!.Value + 1000,
        Core.Content.QuestionType.ShortText => "definitely wrong",
        _ => Core.Content.OptionShuffle.Permutation(attemptId, q.Id, q.Options!.Count).Reverse().ToArray(),
    };

    public static string Tutor => Demo.Email(Role.Teacher);
    public static string Supervisor => Demo.Email(Role.Supervisor);
}
