using System.Text.Json;
using AetherLearn.Core.Common.Errors;

namespace AetherLearn.Web.Common;

/// <summary>Reads UPPER_SNAKE enum values from query strings, the way the JSON bodies spell them.</summary>
public static class EnumText
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());

    /// <summary>Null for an empty value; a validation error naming <paramref name="field"/> for an unknown one.</summary>
    public static T? Parse<T>(string? value, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) { return null; }
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), value.Trim(), StringComparison.OrdinalIgnoreCase)) { return candidate; }
        }
        throw DomainValidationException.For(field, $"Must be one of {string.Join(", ", Enum.GetValues<T>().Select(Of))}");
    }
}
