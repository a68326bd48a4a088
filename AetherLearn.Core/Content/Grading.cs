using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AetherLearn.Core.Content;

/// <summary>
/// Server-side grading for every question type. Answers arrive as JSON values keyed by question id:
/// single choice → index; multiple choice → array of indexes; numeric → number (or numeric string);
/// short text → string; ordering → array of option indexes in the student's order.
/// </summary>
public static class Grading
{
    /// <summary>
    /// Multiple choice earns partial credit: (right picks − wrong picks) / number of right options, never
    /// below zero. Choosing everything therefore scores nothing, and one right pick of two scores half.
    /// Ordering is all or nothing: a sequence is either in order or it is not.
    /// </summary>
    public static QuestionResult Grade(Question question, JsonElement? answer)
    {
        var fraction = answer is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? 0m : question.Type switch
        {
            QuestionType.SingleChoice => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) && question.Correct is [var right] && i == right ? 1m : 0m,
            QuestionType.MultipleChoice => MultipleChoice(question, value),
            QuestionType.Numeric => Numeric(question, value),
            QuestionType.ShortText => value.ValueKind == JsonValueKind.String && (question.Accepted ?? []).Any(a => Normalise(a) == Normalise(value.GetString()!)) ? 1m : 0m,
            QuestionType.Ordering => Ordering(question, value),
            _ => 0m,
        };
        var points = Math.Round(fraction * question.Points, 2, MidpointRounding.AwayFromZero);
        return new QuestionResult(question.Id, points, question.Points, fraction == 1m);
    }

    /// <summary>
    /// Whether a value answers its question at all: null, blank text and an empty choice do not (the player sends none
    /// of them, but an API client may). An exercise with no question answered cannot be submitted.
    /// </summary>
    public static bool IsAnswered(JsonElement? answer) => answer is { } value && value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.String => !string.IsNullOrWhiteSpace(value.GetString()),
        JsonValueKind.Array => value.GetArrayLength() > 0,
        _ => true,
    };

    /// <summary>The problem with an answer's shape, or null when it fits the question (a wrong answer is still a valid answer).</summary>
    public static string? ShapeProblem(Question question, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) { return null; }
        var optionCount = question.Options?.Count ?? 0;
        return question.Type switch
        {
            QuestionType.SingleChoice => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) && i >= 0 && i < optionCount
                ? null : $"Choose one option by its index (0 to {optionCount - 1})",
            QuestionType.MultipleChoice or QuestionType.Ordering => IndexArray(value, optionCount) is { } indexes
                && (question.Type == QuestionType.MultipleChoice || indexes.Count == optionCount)
                && indexes.Distinct().Count() == indexes.Count
                ? null
                : question.Type == QuestionType.Ordering
                    ? $"Give every option index (0 to {optionCount - 1}) once, in your order"
                    : $"Give the chosen option indexes (0 to {optionCount - 1}), each once",
            // Whatever a pupil types ("1/2", "12cm") is kept and simply graded wrong if it is not a number:
            // refusing it would stop every later autosave of the exercise.
            QuestionType.Numeric => value.ValueKind == JsonValueKind.Number || value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= 50
                ? null : "Give a number (at most 50 characters)",
            QuestionType.ShortText => value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= 500 ? null : "Give text of at most 500 characters",
            _ => "Unknown question type",
        };
    }

    /// <summary>Trimmed, inner white space collapsed, case and accents folded, trailing full stop ignored.</summary>
    public static string Normalise(string text)
    {
        var folded = text.Trim().TrimEnd('.', '!', '?').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(folded.Length);
        var lastWasSpace = false;
        foreach (var c in folded)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) { continue; }
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace) { builder.Append(' '); }
                lastWasSpace = true;
                continue;
            }
            // Typographic apostrophes are what phones type: treat them as the plain one.
            builder.Append(c is '\u2019' or '\u2018' ? '\'' : char.ToLowerInvariant(c));
            lastWasSpace = false;
        }
        return builder.ToString().Trim();
    }

    private static decimal MultipleChoice(Question question, JsonElement value)
    {
        var correct = (question.Correct ?? []).ToHashSet();
        if (correct.Count == 0 || IndexArray(value, question.Options?.Count ?? 0) is not { } chosen) { return 0m; }
        var picks = chosen.Distinct().ToList();
        var right = picks.Count(correct.Contains);
        var wrong = picks.Count - right;
        return Math.Max(0m, (right - wrong) / (decimal)correct.Count);
    }

    private static decimal Numeric(Question question, JsonElement value) =>
        ReadNumber(value) is { } given && question.Answer is { } expected && Math.Abs(given - expected) <= (question.Tolerance ?? 0m) ? 1m : 0m;

    private static decimal Ordering(Question question, JsonElement value)
    {
        var count = question.Options?.Count ?? 0;
        return IndexArray(value, count) is { } order && order.SequenceEqual(Enumerable.Range(0, count)) ? 1m : 0m;
    }

    private static List<int>? IndexArray(JsonElement value, int optionCount)
    {
        if (value.ValueKind != JsonValueKind.Array) { return null; }
        var result = new List<int>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var i) || i < 0 || i >= optionCount) { return null; }
            result.Add(i);
        }
        return result;
    }

    private static decimal? ReadNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
        JsonValueKind.String when decimal.TryParse(DecimalMark(value.GetString()!.Trim()), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    // Many pupils write "3,5" for three and a half; "1,000" stays a thousands separator.
    private static string DecimalMark(string text)
    {
        var comma = text.IndexOf(',');
        var isDecimalComma = comma >= 0 && text.IndexOf('.') < 0 && text.LastIndexOf(',') == comma
            && (text.Length - comma - 1 != 3 || text.TrimStart('-').StartsWith("0,", StringComparison.Ordinal));
        return isDecimalComma ? text.Replace(',', '.') : text;
    }
}
