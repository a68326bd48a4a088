using System.Text.Json;
using System.Text.Json.Serialization;

namespace AetherLearn.Web.Common;

/// <summary>
/// UPPER_SNAKE enums in JSON that accept exactly one defined name (<see cref="EnumText"/>), as values and as
/// dictionary keys. <see cref="JsonStringEnumConverter"/> also reads <c>"SUPERVISOR, PARENT"</c> and <c>"6"</c>,
/// which make a value that is no member: saved, then every response carrying it failed (issue #11).
/// </summary>
public sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && EnumText.TryParse<T>(reader.GetString(), out var value) ? value : throw new RefusedEnumValue(typeof(T));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            EnumText.TryParse<T>(reader.GetString(), out var value) ? value : throw new RefusedEnumValue(typeof(T));

        // A value that is no member cannot come in any more; one written before that fix is refused loudly rather than
        // sent as a number no client knows (see ADR 0008).
        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(EnumText.NameOf(typeof(T), value) ?? throw new JsonException($"{typeof(T).Name} value {value} is not a member"));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(EnumText.NameOf(typeof(T), value) ?? throw new JsonException($"{typeof(T).Name} value {value} is not a member"));
    }
}

/// <summary>An enum value in a body that is not exactly one defined name; the 400 names the field and the choices.</summary>
public sealed class RefusedEnumValue(Type enumType) : JsonException(EnumText.Expected(enumType))
{
    public string Expected { get; } = EnumText.Expected(enumType);
}
