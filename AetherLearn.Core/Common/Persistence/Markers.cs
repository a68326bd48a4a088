namespace AetherLearn.Core.Common.Persistence;

/// <summary>A row owned by one centre: filtered to the caller's centre and stamped on insert.</summary>
public interface ICentreOwned
{
    Guid CentreId { get; set; }
}

/// <summary>Every create, update and delete of this entity is written to the audit log.</summary>
public interface IAudited
{
    Guid Id { get; }
}
