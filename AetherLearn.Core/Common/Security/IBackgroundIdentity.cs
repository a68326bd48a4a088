namespace AetherLearn.Core.Common.Security;

/// <summary>
/// Lets background work (event handlers, jobs) act inside one centre: the event dispatcher sets it from the
/// event's metadata before a handler runs, so the handler's centre-scoped queries see that centre's data.
/// </summary>
public interface IBackgroundIdentity
{
    void ActAs(Actor actor);
}
