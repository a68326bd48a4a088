namespace AetherLearn.Core.Audit;

public enum AuditAction
{
    Create,
    Update,
    Delete,
    SignIn,
    SignInFailed,
    SignOut,
    LockedOut,
}

/// <summary>Who did what, when, to which record, with the values before and after.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Null for events that belong to no centre (a failed sign-in for an unknown e-mail).</summary>
    public Guid? CentreId { get; set; }
    public Guid? UserId { get; set; }
    public string? UserEmail { get; set; }
    public AuditAction Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    /// <summary>JSON object of the changed fields: <c>{ "field": { "before": …, "after": … } }</c>.</summary>
    public string? Changes { get; set; }
    public string? IpAddress { get; set; }
    public DateTime Timestamp { get; set; }
}
