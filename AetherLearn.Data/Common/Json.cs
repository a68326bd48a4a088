using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AetherLearn.Data.Common;

internal static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };
}

/// <summary>Stores a value as a JSON document (jsonb on PostgreSQL, text on SQLite).</summary>
internal sealed class JsonConverter<T>() : ValueConverter<T, string>(
    v => JsonSerializer.Serialize(v, Json.Options),
    s => JsonSerializer.Deserialize<T>(s, Json.Options)!) where T : class?;

/// <summary>Two values are equal when their JSON is, so EF notices any change inside the document.</summary>
internal sealed class JsonComparer<T>() : ValueComparer<T>(
    (a, b) => JsonSerializer.Serialize(a, Json.Options) == JsonSerializer.Serialize(b, Json.Options),
    v => JsonSerializer.Serialize(v, Json.Options).GetHashCode(),
    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json.Options), Json.Options)!) where T : class?;

/// <summary>Every DateTime is UTC: written as UTC, read back with Kind=Utc (SQLite forgets the kind).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
