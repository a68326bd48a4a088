using System.Buffers;
using System.Text.Json;
using AetherLearn.Web.Common;

namespace AetherLearn.Web.Realtime;

/// <summary>The message types of contract §7, plus the few extensions documented in docs/realtime-protocol.md.</summary>
public static class RoomMessageTypes
{
    // Client → server, student side.
    public const string StudentHeartbeat = "student:heartbeat";
    public const string StudentHelpRequest = "student:help_request";
    public const string StudentHelpCancel = "student:help_cancel";
    public const string StudentExerciseProgress = "student:exercise_progress";
    public const string StudentExerciseSubmit = "student:exercise_submit";

    // Client → server, tutor side.
    public const string TutorAssignContent = "tutor:assign_content";
    public const string TutorMessage = "tutor:message";
    public const string TutorBroadcast = "tutor:broadcast";
    public const string TutorAttendance = "tutor:attendance";
    public const string TutorHelpAcknowledge = "tutor:help_acknowledge";
    public const string TutorHelpResolve = "tutor:help_resolve";
    public const string TutorSessionStart = "tutor:session_start";
    public const string TutorSessionEnd = "tutor:session_end";

    // Server → client (contract).
    public const string SessionSync = "session:sync";
    public const string StudentUpdate = "student:update";
    public const string StudentJoined = "student:joined";
    public const string StudentLeft = "student:left";
    public const string HelpNew = "help:new";
    public const string ContentAssigned = "content:assigned";
    public const string MessageReceived = "message:received";
    public const string AttendanceMarked = "attendance:marked";
    public const string SessionStarted = "session:started";
    public const string SessionEnded = "session:ended";

    // Server → client (extensions: the contract has no way to tell these otherwise).
    /// <summary>To a joining student: the session and their own state.</summary>
    public const string SessionWelcome = "session:welcome";
    /// <summary>A help request changed state (to tutors and to the student who raised it).</summary>
    public const string HelpUpdated = "help:updated";
    /// <summary>To the student who submitted over the socket: the result.</summary>
    public const string ExerciseSubmitted = "exercise:submitted";
    public const string Error = "error";
}

/// <summary>Close codes of the live-session socket (documented in docs/realtime-protocol.md).</summary>
public static class RoomCloseCodes
{
    /// <summary>Missing, malformed or expired token, or the sign-in it came from has ended.</summary>
    public const int Unauthorized = 4401;
    /// <summary>The token is for another session.</summary>
    public const int Forbidden = 4403;
    /// <summary>The session does not exist (any more) or was cancelled.</summary>
    public const int SessionNotFound = 4404;
    /// <summary>The user already holds <see cref="RealtimeOptions.MaxSocketsPerUser"/> sockets on this node.</summary>
    public const int TooManySockets = 4409;
    /// <summary>Too many messages, or too many rejected ones: the client is flooding.</summary>
    public const int Flooding = 4429;
    /// <summary>The client does not read its messages fast enough.</summary>
    public const int TooSlow = 4408;
}

/// <summary>Error codes carried in an <c>error</c> message's payload.</summary>
public static class RoomErrorCodes
{
    public const string MalformedMessage = "MALFORMED_MESSAGE";
    public const string UnknownType = "UNKNOWN_TYPE";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string MessageTooLarge = "MESSAGE_TOO_LARGE";
    public const string RateLimited = "RATE_LIMITED";
    public const string InternalError = "INTERNAL_ERROR";
}

/// <summary>The payload of an <c>error</c> message: the code, a readable reason, the type it answers, and field problems.</summary>
public sealed record RoomError(string Code, string Error, string? Ref = null, IReadOnlyDictionary<string, string>? Details = null);

/// <summary>
/// One server → client message in the contract's shape <c>{ type, payload, timestamp, senderId }</c>. Its JSON is
/// made once however many members receive it.
/// </summary>
public sealed class ServerMessage(string type, object payload, DateTimeOffset at, string senderId)
{
    private byte[]? _utf8;

    public string Type { get; } = type;
    public object Payload { get; } = payload;
    public long Timestamp { get; } = at.ToUnixTimeMilliseconds();
    public string SenderId { get; } = senderId;

    public const string Server = "server";

    /// <summary>The message as sent on the socket (made once; a race only makes it twice).</summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8 ??= Serialize();

    private byte[] Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WritePropertyName("payload");
            JsonSerializer.Serialize(writer, Payload, Payload.GetType(), JsonSetup.Options);
            writer.WriteNumber("timestamp", Timestamp);
            writer.WriteString("senderId", SenderId);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static ServerMessage Fail(RoomError error, DateTimeOffset at) => new(RoomMessageTypes.Error, error, at, Server);
}

/// <summary>The wire form of every message, both ways.</summary>
public sealed record WireMessage(string Type, JsonElement Payload, long Timestamp, string SenderId);
