namespace AetherLearn.Core.Common.Persistence;

/// <summary>
/// A row of a catalogue shared by the network (<see cref="CentreId"/> null) or added by one centre:
/// every centre sees the shared rows and its own, never another centre's.
/// </summary>
public interface ICentreShared
{
    Guid? CentreId { get; set; }
}
