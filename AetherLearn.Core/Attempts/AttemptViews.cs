using System.Globalization;
using System.Text.Json;
using AetherLearn.Core.Content;

namespace AetherLearn.Core.Attempts;

internal static class AttemptViews
{
    /// <summary>
    /// The question without its answer. Ordering options carry this attempt's own ids and are listed in id order,
    /// so neither the ids nor the order reveal the right sequence.
    /// </summary>
    public static QuestionView ForStudent(Question q, Guid attemptId)
    {
        if (q.Type == QuestionType.Ordering && q.Options is { Count: > 1 } items)
        {
            var ids = OptionShuffle.Permutation(attemptId, q.Id, items.Count);
            return new QuestionView(q.Id, q.Type, q.Prompt, q.Points,
                items.Select((text, stored) => new OptionView(ids[stored], text)).OrderBy(o => o.Index).ToList());
        }
        return new QuestionView(q.Id, q.Type, q.Prompt, q.Points, q.Options?.Select((text, index) => new OptionView(index, text)).ToList());
    }

    /// <summary>Answers as the player sent them (ordering in this attempt's ids) → as stored and graded (stored positions).</summary>
    public static Dictionary<string, JsonElement> ToStored(ExerciseContent exercise, Guid attemptId, IReadOnlyDictionary<string, JsonElement> answers) =>
        Map(exercise, attemptId, answers, toStored: true);

    /// <summary>Stored answers → the ids this attempt's player shows.</summary>
    public static Dictionary<string, JsonElement> ToDisplay(ExerciseContent exercise, Guid attemptId, IReadOnlyDictionary<string, JsonElement> answers) =>
        Map(exercise, attemptId, answers, toStored: false);

    private static Dictionary<string, JsonElement> Map(ExerciseContent exercise, Guid attemptId, IReadOnlyDictionary<string, JsonElement> answers, bool toStored)
    {
        var result = new Dictionary<string, JsonElement>(answers);
        foreach (var q in exercise.Questions.Where(q => q.Type == QuestionType.Ordering && q.Options is { Count: > 1 }))
        {
            if (!answers.TryGetValue(q.Id, out var value) || value.ValueKind != JsonValueKind.Array) { continue; }
            var ids = OptionShuffle.Permutation(attemptId, q.Id, q.Options!.Count);
            var map = toStored ? OptionShuffle.Inverse(ids) : ids;
            var items = value.EnumerateArray().ToList();
            // Out-of-range values are left as they are for validation to report.
            if (items.Any(i => i.ValueKind != JsonValueKind.Number || !i.TryGetInt32(out var n) || n < 0 || n >= map.Length)) { continue; }
            result[q.Id] = JsonSerializer.SerializeToElement(items.Select(i => map[i.GetInt32()]).ToArray());
        }
        return result;
    }

    public static QuestionReview Review(Question q, Attempt attempt, IReadOnlyDictionary<string, JsonElement> displayAnswers)
    {
        var result = attempt.Results?.FirstOrDefault(r => r.QuestionId == q.Id) ?? new QuestionResult(q.Id, 0, q.Points, false);
        JsonElement? given = displayAnswers.TryGetValue(q.Id, out var a) ? a : null;
        return new QuestionReview(q.Id, result.Points, result.MaxPoints, result.Correct, given, CorrectAnswer(q), q.Explanation);
    }

    private static string CorrectAnswer(Question q) => q.Type switch
    {
        QuestionType.SingleChoice or QuestionType.MultipleChoice => string.Join(", ", (q.Correct ?? []).Select(i => q.Options![i])),
        QuestionType.Numeric => q.Answer!.Value.ToString(CultureInfo.InvariantCulture) + (q.Tolerance is > 0 ? $" (± {q.Tolerance.Value.ToString(CultureInfo.InvariantCulture)})" : ""),
        QuestionType.ShortText => q.Accepted?.FirstOrDefault() ?? "",
        QuestionType.Ordering => string.Join(" → ", q.Options ?? []),
        _ => "",
    };
}
