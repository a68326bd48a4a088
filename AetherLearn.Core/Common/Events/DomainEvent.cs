using System.Text.Json;

namespace AetherLearn.Core.Common.Events;

/// <summary>The contract's event schema (§3): dot-notation type, payload and metadata.</summary>
public sealed record DomainEvent(Guid Id, string Type, JsonElement Payload, EventMetadata Metadata);

public sealed record EventMetadata(Guid CorrelationId, Guid? CentreId, Guid? UserId, DateTime Timestamp);

/// <summary>The event types of the contract's catalogue; publishing anything else is a programming error.</summary>
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
