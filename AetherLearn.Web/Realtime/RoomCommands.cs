using System.Text.Json;
using AetherLearn.Core.Sessions;

namespace AetherLearn.Web.Realtime;

/// <summary>A client → server message after parsing and validation. Pages build these directly; sockets parse them.</summary>
public abstract record RoomCommand(string Type)
{
    public RoomSide Side => Type.StartsWith("tutor:", StringComparison.Ordinal) ? RoomSide.Tutor : RoomSide.Student;
}

public sealed record StudentHeartbeat(bool IsActive, Guid? CurrentExerciseId, int? ProgressPct) : RoomCommand(RoomMessageTypes.StudentHeartbeat);
public sealed record StudentHelpRequest(string? Message) : RoomCommand(RoomMessageTypes.StudentHelpRequest);
public sealed record StudentHelpCancel() : RoomCommand(RoomMessageTypes.StudentHelpCancel);
public sealed record StudentExerciseProgress(Guid ExerciseId, int AnsweredCount, int ProgressPct) : RoomCommand(RoomMessageTypes.StudentExerciseProgress);
public sealed record StudentExerciseSubmit(Guid ExerciseId, Dictionary<string, JsonElement> Answers) : RoomCommand(RoomMessageTypes.StudentExerciseSubmit);
public sealed record TutorAssignContent(Guid StudentId, Guid ExerciseId) : RoomCommand(RoomMessageTypes.TutorAssignContent);
public sealed record TutorMessage(Guid StudentId, string Text) : RoomCommand(RoomMessageTypes.TutorMessage);
public sealed record TutorBroadcast(string Text) : RoomCommand(RoomMessageTypes.TutorBroadcast);
public sealed record TutorAttendance(Guid StudentId, AttendanceStatus Status) : RoomCommand(RoomMessageTypes.TutorAttendance);
public sealed record TutorHelpAcknowledge(Guid RequestId) : RoomCommand(RoomMessageTypes.TutorHelpAcknowledge);
public sealed record TutorHelpResolve(Guid RequestId) : RoomCommand(RoomMessageTypes.TutorHelpResolve);
public sealed record TutorSessionStart() : RoomCommand(RoomMessageTypes.TutorSessionStart);
public sealed record TutorSessionEnd() : RoomCommand(RoomMessageTypes.TutorSessionEnd);

/// <summary>A message the room refuses, with the error to send back.</summary>
public sealed class RoomCommandException(RoomError error) : Exception(error.Error)
{
    public RoomError RoomError { get; } = error;
}

/// <summary>Reads one text frame into a <see cref="RoomCommand"/>, or explains precisely what is wrong with it.</summary>
public static class RoomCommandParser
{
    public const int MaxTextLength = Core.Common.TextLimits.Note;

    private static readonly Dictionary<string, Func<PayloadReader, RoomCommand>> Parsers = new()
    {
        [RoomMessageTypes.StudentHeartbeat] = p => new StudentHeartbeat(p.RequiredBool("isActive"), p.OptionalGuid("currentExerciseId"), p.OptionalInt("progressPct", 0, 100)),
        [RoomMessageTypes.StudentHelpRequest] = p => new StudentHelpRequest(p.OptionalString("message", Core.Common.TextLimits.Message)),
        [RoomMessageTypes.StudentHelpCancel] = _ => new StudentHelpCancel(),
        [RoomMessageTypes.StudentExerciseProgress] = p => new StudentExerciseProgress(p.RequiredGuid("exerciseId"), p.RequiredInt("answeredCount", 0, 1000), p.RequiredInt("progressPct", 0, 100)),
        [RoomMessageTypes.StudentExerciseSubmit] = p => new StudentExerciseSubmit(p.RequiredGuid("exerciseId"), p.Answers("answers")),
        [RoomMessageTypes.TutorAssignContent] = p => new TutorAssignContent(p.RequiredGuid("studentId"), p.RequiredGuid("exerciseId")),
        [RoomMessageTypes.TutorMessage] = p => new TutorMessage(p.RequiredGuid("studentId"), p.RequiredString("text", MaxTextLength)),
        [RoomMessageTypes.TutorBroadcast] = p => new TutorBroadcast(p.RequiredString("text", MaxTextLength)),
        [RoomMessageTypes.TutorAttendance] = p => new TutorAttendance(p.RequiredGuid("studentId"), p.RequiredAttendance("status")),
        [RoomMessageTypes.TutorHelpAcknowledge] = p => new TutorHelpAcknowledge(p.RequiredGuid("requestId")),
        [RoomMessageTypes.TutorHelpResolve] = p => new TutorHelpResolve(p.RequiredGuid("requestId")),
        [RoomMessageTypes.TutorSessionStart] = _ => new TutorSessionStart(),
        [RoomMessageTypes.TutorSessionEnd] = _ => new TutorSessionEnd(),
    };

    public static IReadOnlyCollection<string> ClientTypes => Parsers.Keys;

    /// <exception cref="RoomCommandException">The frame is not a message this side may send.</exception>
    public static RoomCommand Parse(ReadOnlySpan<byte> utf8, RoomSide side)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Fail(RoomErrorCodes.MalformedMessage, "The message is not valid JSON");
        }
        if (root.ValueKind != JsonValueKind.Object) { throw Fail(RoomErrorCodes.MalformedMessage, "A message is a JSON object { type, payload, timestamp, senderId }"); }
        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || typeElement.GetString() is not { Length: > 0 } type)
        {
            throw Fail(RoomErrorCodes.MalformedMessage, "The message has no type", details: new Dictionary<string, string> { ["type"] = "Type is required" });
        }
        if (!Parsers.TryGetValue(type, out var parse)) { throw Fail(RoomErrorCodes.UnknownType, $"'{Truncate(type)}' is not a message type of this protocol", Truncate(type)); }
        var wanted = type.StartsWith("tutor:", StringComparison.Ordinal) ? RoomSide.Tutor : RoomSide.Student;
        if (wanted != side)
        {
            throw Fail(RoomErrorCodes.Forbidden, side == RoomSide.Student ? "Students cannot send tutor messages" : "Tutors cannot send student messages", type);
        }
        var payload = root.TryGetProperty("payload", out var p) ? p : default;
        if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw Fail(RoomErrorCodes.ValidationError, "The payload must be an object", type, new Dictionary<string, string> { ["payload"] = "Must be an object" });
        }
        var reader = new PayloadReader(payload);
        var command = parse(reader);
        if (reader.Problems.Count > 0) { throw Fail(RoomErrorCodes.ValidationError, "Some fields are missing or invalid", type, reader.Problems); }
        return command;
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64];

    private static RoomCommandException Fail(string code, string error, string? type = null, IReadOnlyDictionary<string, string>? details = null) =>
        new(new RoomError(code, error, type, details));

    /// <summary>Reads payload fields, collecting every problem (keyed by field) instead of stopping at the first.</summary>
    private sealed class PayloadReader(JsonElement payload)
    {
        public Dictionary<string, string> Problems { get; } = new();

        private JsonElement? Field(string name) =>
            payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        public bool RequiredBool(string name)
        {
            if (Field(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v) { return v.GetBoolean(); }
            Problems[name] = Field(name) is null ? "Required" : "Must be true or false";
            return false;
        }

        public Guid RequiredGuid(string name) => OptionalGuid(name) ?? Missing(name, Guid.Empty);

        public Guid? OptionalGuid(string name)
        {
            if (Field(name) is not { } v) { return null; }
            if (v.ValueKind == JsonValueKind.String && Guid.TryParse(v.GetString(), out var id)) { return id; }
            Problems[name] = "Must be an id";
            return null;
        }

        public int RequiredInt(string name, int min, int max) => OptionalInt(name, min, max) ?? Missing(name, 0);

        public int? OptionalInt(string name, int min, int max)
        {
            if (Field(name) is not { } v) { return null; }
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d >= min && d <= max) { return (int)Math.Round(d); }
            Problems[name] = $"Must be a number from {min} to {max}";
            return null;
        }

        public string RequiredString(string name, int maxLength) => OptionalString(name, maxLength) is { Length: > 0 } s ? s : Missing(name, "");

        public string? OptionalString(string name, int maxLength)
        {
            if (Field(name) is not { } v) { return null; }
            if (v.ValueKind != JsonValueKind.String) { Problems[name] = "Must be text"; return null; }
            var text = v.GetString()!.Trim();
            if (text.Length > maxLength) { Problems[name] = $"At most {maxLength} characters"; return null; }
            // The API's text rule (no NUL or other control characters), as an error message rather than a 400.
            if (Core.Common.TextRules.Problem(text, maxLength) is { } problem) { Problems[name] = problem; return null; }
            return text.Length == 0 ? null : text;
        }

        public AttendanceStatus RequiredAttendance(string name)
        {
            // The API's rule: exactly one defined name ("ABSENT, LATE" would otherwise combine into EXCUSED).
            if (Field(name) is { ValueKind: JsonValueKind.String } v && Common.EnumText.TryParse<AttendanceStatus>(v.GetString(), out var status))
            {
                return status;
            }
            Problems[name] = Field(name) is null ? "Required" : "Must be ATTENDING, ABSENT, LATE or EXCUSED";
            return default;
        }

        public Dictionary<string, JsonElement> Answers(string name)
        {
            if (Field(name) is { ValueKind: JsonValueKind.Object } v)
            {
                var answers = new Dictionary<string, JsonElement>();
                foreach (var answer in v.EnumerateObject())
                {
                    if (!answers.TryAdd(answer.Name, answer.Value.Clone())) { Problems[name] = $"Question '{answer.Name}' is answered twice"; }
                }
                return answers;
            }
            Problems[name] = Field(name) is null ? "Required" : "Must be an object of answers by question id";
            return new();
        }

        private T Missing<T>(string name, T fallback)
        {
            Problems.TryAdd(name, "Required");
            return fallback;
        }
    }
}
