using System.Globalization;
using System.Text.Json;
using AetherLearn.Core.Content;

namespace AetherLearn.Core.Attempts;

internal static class AttemptViews
{
    /// <summary>The question without its answer. Ordering options are shuffled (the same way every time for an attempt).</summary>
    public static QuestionView ForStudent(Question q, Guid attemptId)
    {
        var options = q.Options?.Select((text, index) => new OptionView(index, text)).ToList();
        if (q.Type == QuestionType.Ordering && options is { Count: > 1 })
        {
            var rng = new Random(attemptId.GetHashCode() ^ StableHash(q.Id));
            do { options = options.OrderBy(_ => rng.Next()).ToList(); }
            while (options.Select(o => o.Index).SequenceEqual(Enumerable.Range(0, options.Count)));
        }
        return new QuestionView(q.Id, q.Type, q.Prompt, q.Points, options);
    }

    public static QuestionReview Review(Question q, Attempt attempt)
    {
        var result = attempt.Results?.FirstOrDefault(r => r.QuestionId == q.Id) ?? new QuestionResult(q.Id, 0, q.Points, false);
        JsonElement? given = attempt.Answers.TryGetValue(q.Id, out var a) ? a : null;
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

    // string.GetHashCode is randomised per process; the shuffle must be the same after a restart.
    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in text) { hash = hash * 31 + c; }
            return hash;
        }
    }
}
