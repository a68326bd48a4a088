using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AetherLearn.Core.Common;

namespace AetherLearn.Core.Content;

public enum QuestionType
{
    SingleChoice,
    MultipleChoice,
    Numeric,
    ShortText,
    Ordering,
}

/// <summary>
/// One question of an exercise, stored with the exercise as JSON. Which members matter depends on
/// <see cref="Type"/>: options + correct indexes for choices, <see cref="Answer"/> ± <see cref="Tolerance"/>
/// for numeric, <see cref="Accepted"/> for short text, <see cref="Options"/> in the right order for ordering
/// (shown shuffled).
/// </summary>
public sealed record Question(
    [property: MaxLength(TextLimits.Key)] string Id,
    QuestionType Type,
    [property: MaxLength(TextLimits.Description)] string Prompt,
    int Points = 1,
    IReadOnlyList<string>? Options = null,
    IReadOnlyList<int>? Correct = null,
    decimal? Answer = null,
    decimal? Tolerance = null,
    IReadOnlyList<string>? Accepted = null,
    [property: MaxLength(TextLimits.Description)] string? Explanation = null)
{
    [JsonIgnore]
    public bool IsChoice => Type is QuestionType.SingleChoice or QuestionType.MultipleChoice;
}

/// <summary>The outcome of one question: points out of its maximum, and whether it counts as right.</summary>
public sealed record QuestionResult(string QuestionId, decimal Points, int MaxPoints, bool Correct);
