using System.Text.Json.Serialization;
using AetherLearn.Core.Common;
using AetherLearn.Core.Sessions;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// A change to a room, as it travels between nodes. Every node holding the room applies the same signals in the
/// same way, so each can answer its own members. Records of plain values, so a Redis bus can carry them as JSON.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MemberJoined), "joined")]
[JsonDerivedType(typeof(MemberLeft), "left")]
[JsonDerivedType(typeof(StudentReported), "reported")]
[JsonDerivedType(typeof(TutorSpoke), "spoke")]
[JsonDerivedType(typeof(SessionChanged), "changed")]
[JsonDerivedType(typeof(ExerciseStartedSignal), "exerciseStarted")]
[JsonDerivedType(typeof(ExerciseSubmittedSignal), "exerciseSubmitted")]
public abstract record RoomSignal(Guid SessionId, DateTimeOffset At);

public sealed record MemberJoined(Guid SessionId, DateTimeOffset At, Guid ConnectionId, Guid UserId, RoomSide Side) : RoomSignal(SessionId, At);
public sealed record MemberLeft(Guid SessionId, DateTimeOffset At, Guid ConnectionId, Guid UserId, RoomSide Side) : RoomSignal(SessionId, At);

/// <summary>A heartbeat (<see cref="Heartbeat"/>) or a progress report from a student.</summary>
public sealed record StudentReported(Guid SessionId, DateTimeOffset At, Guid StudentId, bool Heartbeat, bool IsActive, Guid? ExerciseId,
    string? ExerciseTitle, int? AnsweredCount, int? ProgressPct) : RoomSignal(SessionId, At);

/// <summary>A tutor's message to one student, or to all when <see cref="StudentId"/> is null.</summary>
public sealed record TutorSpoke(Guid SessionId, DateTimeOffset At, Guid TutorId, string TutorName, Guid? StudentId, string Text) : RoomSignal(SessionId, At);

/// <summary>
/// A committed change of the Sessions module, as raised (<see cref="LiveSignal"/>: a catalogue event's record or a
/// room-only change). <see cref="LiveSignal.Change"/> is an object, so a bus between nodes writes it with its type
/// (<see cref="LiveSignalJson"/>: a catalogue event under its catalogue name, as the outbox does).
/// </summary>
public sealed record SessionChanged(DateTimeOffset At, [property: JsonConverter(typeof(LiveSignalJson))] LiveSignal Signal) : RoomSignal(Signal.SessionId, At);
public sealed record ExerciseStartedSignal(Guid SessionId, DateTimeOffset At, Guid StudentId, Guid ExerciseId, string ExerciseTitle, Guid AttemptId) : RoomSignal(SessionId, At);
public sealed record ExerciseSubmittedSignal(Guid SessionId, DateTimeOffset At, Guid StudentId, Guid ExerciseId, Guid AttemptId, int? ScorePercent) : RoomSignal(SessionId, At);

/// <summary>
/// The rooms' topic on the <see cref="ILiveBus"/> (one key per session): all room traffic passes through here, so every
/// node holding a room hears the same signals. A bus between nodes carries them as JSON with their <c>kind</c>.
/// </summary>
public sealed class RoomBus(ILiveBus bus)
{
    public static readonly LiveTopic<Guid, RoomSignal> Topic = new("rooms");

    public ValueTask PublishAsync(RoomSignal signal, CancellationToken ct = default) => bus.PublishAsync(Topic, signal.SessionId, signal, ct);

    /// <summary>Receives every signal of a session until disposed. The handler must not block.</summary>
    public IDisposable Subscribe(Guid sessionId, Action<RoomSignal> onSignal) => bus.Subscribe(Topic, sessionId, onSignal);
}
