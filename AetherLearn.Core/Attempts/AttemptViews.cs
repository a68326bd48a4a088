using System.Globalization;
using System.Text.Json;
using AetherLearn.Core.Content;

namespace AetherLearn.Core.Attempts;

internal static class AttemptViews
{
    /// <summary>
    /// The questions as this attempt shows them. A first attempt keeps the author's order; a retake (attempt 2 on) lists
    /// the questions, and the options of choice questions, in an order drawn from its own id — the same after every
    /// reload, and never the author's order, so a retake cannot be answered from memory of positions.
    /// </summary>
    public static IReadOnlyList<QuestionView> ForStudent(ExerciseContent exercise, Attempt attempt)
    {
        var views = exercise.Questions.Select(q => ForStudent(q, attempt.Id, shuffleChoices: attempt.Number > 1)).ToList();
        if (attempt.Number <= 1) { return views; }
        var order = OptionShuffle.Permutation(attempt.Id, QuestionOrderKey, views.Count);
        return views.Select((view, stored) => (view, position: order[stored])).OrderBy(x => x.position).Select(x => x.view).ToList();
    }

    // The question order is one more permutation of the attempt's own, under a key no question id can take.
    private const string QuestionOrderKey = "\u0000questions";

    /// <summary>
    /// The question without its answer. Ordering options carry this attempt's own ids and are listed in id order,
    /// so neither the ids nor the order reveal the right sequence. Choice options keep their stored indexes as ids
    /// (an index says nothing about being right) and, on a retake, are listed in this attempt's own order.
    /// </summary>
    public static QuestionView ForStudent(Question q, Guid attemptId, bool shuffleChoices = false)
    {
        if (q.Type == QuestionType.Ordering && q.Options is { Count: > 1 } items)
        {
            var ids = OptionShuffle.Permutation(attemptId, q.Id, items.Count);
            return new QuestionView(q.Id, q.Type, q.Prompt, q.Points,
                items.Select((text, stored) => new OptionView(ids[stored], text)).OrderBy(o => o.Index).ToList());
        }
        var options = q.Options?.Select((text, index) => new OptionView(index, text)).ToList();
        if (shuffleChoices && q.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice && options is { Count: > 1 })
        {
            var places = OptionShuffle.Permutation(attemptId, q.Id, options.Count);
            options = options.OrderBy(o => places[o.Index]).ToList();
        }
        return new QuestionView(q.Id, q.Type, q.Prompt, q.Points, options);
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

    /// <summary>The marks of one question; the correct answer and the explanation (which often gives it away) only when shown.</summary>
    public static QuestionReview Review(Question q, Attempt attempt, IReadOnlyDictionary<string, JsonElement> displayAnswers, bool answersShown)
    {
        var result = attempt.Results?.FirstOrDefault(r => r.QuestionId == q.Id) ?? new QuestionResult(q.Id, 0, q.Points, false);
        JsonElement? given = displayAnswers.TryGetValue(q.Id, out var a) ? a : null;
        return new QuestionReview(q.Id, result.Points, result.MaxPoints, result.Correct, given,
            answersShown ? CorrectAnswer(q) : null, answersShown ? q.Explanation : null);
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
