using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using AetherLearn.Core.Common.Errors;

namespace AetherLearn.Core.Common;

/// <summary>
/// The maximum length of every kind of text the app accepts (in UTF-16 code units, which is never fewer than the
/// characters a database column counts). Request records carry them as <c>[property: MaxLength(TextLimits.X)]</c>, which
/// OpenAPI shows as <c>maxLength</c>; column lengths (<c>HasMaxLength</c>) use the same constants.
/// </summary>
public static class TextLimits
{
    /// <summary>Any string without a limit of its own: list items (options, accepted answers), dictionary keys, text inside answers.</summary>
    public const int Default = 500;
    public const int Name = 120;
    public const int Email = 254;
    /// <summary>Room for <see cref="Users.PasswordPolicy.MaxLength"/> characters of any script.</summary>
    public const int Password = 1024;
    public const int Code = 32;
    public const int Token = 2000;
    /// <summary>A value in a query string (search text, cursors, filters); its name is at most <see cref="Key"/>.</summary>
    public const int QueryValue = 2000;
    public const int Title = 120;
    public const int ExerciseTitle = 160;
    public const int Key = 40;
    public const int Room = 60;
    public const int Reason = 500;
    public const int Message = 500;
    public const int Note = 2000;
    public const int HomeworkNotes = 1000;
    public const int Description = 2000;
    public const int SchoolYear = 40;
    public const int Url = 1000;
    public const int Label = 200;
    public const int TimeZone = 64;
    public const int Currency = 3;
    public const int Colour = 16;
    /// <summary>"HH:mm", or "HH:mm:ss" as browsers' time inputs may send it.</summary>
    public const int TimeOfDay = 8;
    public const int NotificationTitle = 200;
    public const int NotificationBody = 1000;
    public const int EmailSubject = 300;
    public const int EmailBody = 10_000;
    public const int PushKey = 100;
    public const int PushAuth = 40;
}

/// <summary>
/// The one rule for text anyone sends (API bodies, Blazor forms through the same Core services, socket messages):
/// at most its <see cref="TextLimits"/> maximum, and no control characters except tab and line feed. A carriage return
/// is allowed only as part of CRLF (what browsers send for a new line in a text area); any other, NUL above all
/// (PostgreSQL refuses it in text), C1 controls and half of a surrogate pair are refused (issue #11).
/// </summary>
public static class TextRules
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name, int Max)[]> Members = new();

    /// <summary>What is wrong with <paramref name="value"/>, or null when it is acceptable (null is: requiredness is the caller's rule).</summary>
    public static string? Problem(string? value, int max)
    {
        if (value is null) { return null; }
        if (value.Length > max) { return $"Must be at most {max} characters"; }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\t' or '\n' || (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n')) { continue; }
            if (char.IsControl(c)) { return $"Must not contain control characters (U+{(int)c:X4})"; }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) { return "Must not contain half of a surrogate pair"; }
        }
        return null;
    }

    /// <summary>Refuses <paramref name="value"/> with a 400 naming <paramref name="field"/> when it breaks the rule.</summary>
    public static void Check(string field, string? value, int max)
    {
        if (Problem(value, max) is { } problem) { throw DomainValidationException.For(field, problem); }
    }

    /// <summary>
    /// Every string in a request (nested records, lists, dictionary keys and values, JSON inside it), each against its
    /// <see cref="MaxLengthAttribute"/> or <see cref="TextLimits.Default"/>; all problems at once, keyed by camelCase path
    /// (<c>studentProfile.notes</c>, <c>openingHours[0].opens</c>).
    /// </summary>
    public static void Check(object? request, string prefix = "")
    {
        var problems = Problems(request, prefix);
        if (problems.Count > 0) { throw new DomainValidationException(problems); }
    }

    /// <summary>The problems <see cref="Check(object?, string)"/> would throw, for a <see cref="Validator"/> that reports them with its own.</summary>
    public static IReadOnlyDictionary<string, string> Problems(object? request, string prefix = "")
    {
        var problems = new Dictionary<string, string>();
        Walk(request, prefix, TextLimits.Default, problems, 0);
        return problems;
    }

    private static void Walk(object? value, string path, int max, Dictionary<string, string> problems, int depth)
    {
        if (value is null || depth > 12) { return; }
        switch (value)
        {
            case string text:
                if (Problem(text, max) is { } problem) { problems.TryAdd(path.Length == 0 ? "value" : path, problem); }
                return;
            case JsonElement json:
                WalkJson(json, path, problems, depth);
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    if (entry.Key is string && Problem(key, TextLimits.Default) is { } keyProblem) { problems.TryAdd(path, $"Key: {keyProblem}"); continue; }
                    Walk(entry.Value, $"{path}.{key}", TextLimits.Default, problems, depth + 1);
                }
                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items) { Walk(item, $"{path}[{index++}]", TextLimits.Default, problems, depth + 1); }
                return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or Guid or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan) { return; }
        foreach (var (property, name, limit) in MembersOf(type))
        {
            Walk(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", limit, problems, depth + 1);
        }
    }

    private static void WalkJson(JsonElement json, string path, Dictionary<string, string> problems, int depth)
    {
        if (depth > 12) { return; }
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                if (Problem(json.GetString(), TextLimits.Default) is { } problem) { problems.TryAdd(path, problem); }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in json.EnumerateArray()) { WalkJson(item, $"{path}[{index++}]", problems, depth + 1); }
                break;
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject())
                {
                    if (Problem(property.Name, TextLimits.Default) is { } keyProblem) { problems.TryAdd(path, $"Key: {keyProblem}"); continue; }
                    WalkJson(property.Value, $"{path}.{property.Name}", problems, depth + 1);
                }
                break;
        }
    }

    private static (PropertyInfo Property, string Name, int Max)[] MembersOf(Type type) => Members.GetOrAdd(type, static t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => (p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.GetCustomAttribute<MaxLengthAttribute>()?.Length ?? p.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength ?? TextLimits.Default))
            .ToArray());
}
