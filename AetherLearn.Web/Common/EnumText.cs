using System.Collections.Concurrent;
using System.Text.Json;
using AetherLearn.Core.Common.Errors;

namespace AetherLearn.Web.Common;

/// <summary>
/// The one rule for enum values the API reads (JSON bodies, query strings, route values, socket messages):
/// exactly one defined member, spelt UPPER_SNAKE (<c>CENTRE_ADMIN</c>), letter case ignored. Numbers (<c>1</c>,
/// <c>"1"</c>) and combined names (<c>"SUPERVISOR, PARENT"</c>) are refused: <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/>
/// accepts both and makes a value that is no member, which was stored and then broke every read of it (issue #11).
/// </summary>
public static class EnumText
{
    private static readonly ConcurrentDictionary<Type, (string Name, object Value)[]> Members = new();

    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());

    /// <summary>The UPPER_SNAKE names of the defined members of <paramref name="enumType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Names(Type enumType) => MembersOf(enumType).Select(m => m.Name).ToArray();

    /// <summary>"Must be one of A, B, C": the message every refusal uses.</summary>
    public static string Expected(Type enumType) => $"Must be one of {string.Join(", ", Names(enumType))}";

    /// <summary>The member named by <paramref name="text"/> (exactly one defined name), else false.</summary>
    public static bool TryParse(Type enumType, string? text, out object? value)
    {
        value = null;
        if (text is null) { return false; }
        foreach (var (name, member) in MembersOf(enumType))
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = member;
                return true;
            }
        }
        return false;
    }

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        var ok = TryParse(typeof(T), text, out var boxed);
        value = ok ? (T)boxed! : default;
        return ok;
    }

    /// <summary>The UPPER_SNAKE name of a defined member; null for a value that is no member.</summary>
    public static string? NameOf(Type enumType, object value)
    {
        foreach (var (name, member) in MembersOf(enumType))
        {
            if (member.Equals(value)) { return name; }
        }
        return null;
    }

    /// <summary>Null for an empty value; a validation error naming <paramref name="field"/> for anything but one defined name.</summary>
    public static T? Parse<T>(string? value, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) { return null; }
        if (TryParse<T>(value.Trim(), out var parsed)) { return parsed; }
        throw DomainValidationException.For(field, Expected(typeof(T)));
    }

    private static (string Name, object Value)[] MembersOf(Type enumType) => Members.GetOrAdd(enumType, static t =>
        Enum.GetNames(t).Select(n => (JsonNamingPolicy.SnakeCaseUpper.ConvertName(n), Enum.Parse(t, n))).ToArray());
}
