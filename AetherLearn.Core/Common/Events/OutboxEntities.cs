namespace AetherLearn.Core.Common.Events;

/// <summary>An event written in the same transaction as the change that raised it.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Type { get; set; }
    /// <summary>The payload as JSON.</summary>
    public required string Payload { get; set; }
    public Guid CorrelationId { get; set; }
    public Guid? CentreId { get; set; }
    public Guid? UserId { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>Set once every handler has succeeded or been dead-lettered.</summary>
    public DateTime? ProcessedAt { get; set; }
    /// <summary>Earliest time the dispatcher looks at this event again (retry backoff).</summary>
    public DateTime? NextAttemptAt { get; set; }
    /// <summary>Lease: a dispatcher owns the event until then (several nodes on PostgreSQL).</summary>
    public DateTime? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
}

/// <summary>One handler's outcome for one event: the record that makes re-delivery idempotent.</summary>
public sealed class OutboxDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MessageId { get; set; }
    public required string Handler { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime UpdatedAt { get; set; }
}
