using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Sessions;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// A <see cref="LiveSignal"/> as it travels between nodes: its change is an object (a catalogue event's record or a
/// room-only <see cref="LiveChange"/>), so it is written with its type — a catalogue event under its dotted name, as the
/// outbox writes it, a room-only change under <c>room.&lt;Record&gt;</c> — and read back into the same record.
/// </summary>
internal sealed class LiveSignalJson : JsonConverter<LiveSignal>
{
    private static readonly Dictionary<string, Type> Types = typeof(LiveSignal).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && (typeof(IDomainEvent).IsAssignableFrom(t) || typeof(LiveChange).IsAssignableFrom(t)))
        .ToDictionary(NameOf, StringComparer.Ordinal);

    private static readonly MethodInfo OfEvent = typeof(LiveSignal).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Single(m => m.Name == nameof(LiveSignal.Of) && m.IsGenericMethodDefinition);

    private static string NameOf(Type type) => typeof(IDomainEvent).IsAssignableFrom(type)
        ? (string)type.GetProperty("EventType", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!
        : $"room.{type.Name}";

    public override void Write(Utf8JsonWriter writer, LiveSignal value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("sessionId", value.SessionId);
        writer.WriteString("changedBy", value.ChangedBy);
        writer.WriteString("type", NameOf(value.Change.GetType()));
        writer.WritePropertyName("change");
        JsonSerializer.Serialize(writer, value.Change, value.Change.GetType(), options);
        writer.WriteEndObject();
    }

    public override LiveSignal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var name = root.GetProperty("type").GetString() ?? "";
        if (!Types.TryGetValue(name, out var type)) { throw new JsonException($"A live signal of an unknown type '{name}'"); }
        var change = root.GetProperty("change").Deserialize(type, options) ?? throw new JsonException($"A live signal '{name}' without its change");
        var sessionId = root.GetProperty("sessionId").GetGuid();
        var changedBy = root.GetProperty("changedBy").GetGuid();
        return change is LiveChange room
            ? LiveSignal.Of(sessionId, room, changedBy)
            : (LiveSignal)OfEvent.MakeGenericMethod(type).Invoke(null, [sessionId, change, changedBy])!;
    }
}
