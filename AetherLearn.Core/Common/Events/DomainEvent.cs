using System.Text.Json;
using System.Text.Json.Serialization;

namespace AetherLearn.Core.Common.Events;

/// <summary>
/// An event of the contract's catalogue as the outbox stores and delivers it (§3): the dotted type, the payload as
/// JSON and the metadata. Module handlers never see it: they receive the typed record (<see cref="IDomainEvent{TSelf}"/>);
/// the outbox's own mechanics and table-driven consumers (the notification router) work at this level.
/// </summary>
public sealed record DomainEvent(Guid Id, string Type, JsonElement Payload, EventMetadata Metadata);

public sealed record EventMetadata(Guid CorrelationId, Guid? CentreId, Guid? UserId, DateTime Timestamp);

/// <summary>Any typed event record (the owning module's <c>&lt;Module&gt;Events.cs</c>); see <see cref="IDomainEvent{TSelf}"/>.</summary>
public interface IDomainEvent;

/// <summary>
/// A typed event record: the payload's fields, owned by the module that raises it. <see cref="EventType"/> is the
/// catalogue's dotted name, which stays the type on the wire and in the outbox table, so rows stored before the
/// record existed (or by an older build) are read into it.
/// </summary>
public interface IDomainEvent<TSelf> : IDomainEvent where TSelf : IDomainEvent<TSelf>
{
    static abstract string EventType { get; }
}

/// <summary>
/// How payloads are written and read: camelCase fields, enums as UPPER_SNAKE strings — the format every stored row
/// has, so a record serialises to the same JSON the anonymous payloads of earlier builds did.
/// </summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };

    public static string Serialize<TEvent>(TEvent payload) where TEvent : IDomainEvent<TEvent> => JsonSerializer.Serialize(payload, Options);

    public static TEvent Read<TEvent>(JsonElement payload) where TEvent : IDomainEvent<TEvent> =>
        payload.Deserialize<TEvent>(Options) ?? throw new JsonException($"'{TEvent.EventType}' has an empty payload");
}

/// <summary>
/// The catalogue's event type names (§3). A module's record names its own; the names of events whose module does not
/// exist yet (finance, tickets, reception) are listed here until that module adds its records.
/// </summary>
public static class EventTypes
{
    public const string SessionStarted = "session.started";
    public const string SessionEnded = "session.ended";
    public const string AttendanceRecorded = "attendance.recorded";
    public const string ExerciseStarted = "exercise.started";
    public const string ExerciseSubmitted = "exercise.submitted";
    public const string ExerciseGraded = "exercise.graded";
    public const string ContentAssigned = "content.assigned";
    public const string LevelChanged = "level.changed";
    public const string XpAwarded = "xp.awarded";
    public const string BadgeEarned = "badge.earned";
    public const string LevelUp = "level.up";
    public const string StreakBroken = "streak.broken";
    public const string StreakMilestone = "streak.milestone";
    public const string InvoiceCreated = "invoice.created";
    public const string PaymentReceived = "payment.received";
    public const string InvoiceOverdue = "invoice.overdue";
    public const string RefundApproved = "refund.approved";
    public const string TicketCreated = "ticket.created";
    public const string TicketEscalated = "ticket.escalated";
    public const string CheckinRecorded = "checkin.recorded";
    public const string CheckoutRecorded = "checkout.recorded";
    public const string HomeworkAssigned = "homework.assigned";
    public const string HomeworkSubmitted = "homework.submitted";
    public const string HomeworkOverdue = "homework.overdue";

    public static IReadOnlySet<string> All { get; } = typeof(EventTypes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);
}
