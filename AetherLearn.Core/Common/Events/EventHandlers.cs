namespace AetherLearn.Core.Common.Events;

/// <summary>A handler delivered by the outbox dispatcher; <see cref="Name"/> is its identity for idempotent re-delivery.</summary>
public sealed record EventHandlerRegistration(
    string EventType,
    string Name,
    Func<DomainEvent, IServiceProvider, CancellationToken, Task> Handle);

/// <summary>
/// The contract's <c>onEvent(type, handler)</c>: each module registers its handlers at start-up
/// through <c>services.AddEventHandlers(r =&gt; r.OnEvent(...))</c>.
/// </summary>
public sealed class EventHandlerRegistry
{
    private readonly List<EventHandlerRegistration> _handlers = new();

    public EventHandlerRegistry OnEvent(string type, string name, Func<DomainEvent, IServiceProvider, CancellationToken, Task> handle)
    {
        if (!EventTypes.All.Contains(type))
        {
            throw new ArgumentException($"'{type}' is not an event type of the contract's catalogue", nameof(type));
        }
        if (_handlers.Any(h => h.Name == name))
        {
            throw new ArgumentException($"An event handler named '{name}' is already registered", nameof(name));
        }
        _handlers.Add(new EventHandlerRegistration(type, name, handle));
        return this;
    }

    public IReadOnlyList<EventHandlerRegistration> For(string type) => _handlers.Where(h => h.EventType == type).ToList();

    public IReadOnlyList<EventHandlerRegistration> All => _handlers;
}

/// <summary>Wakes the dispatcher after a commit that wrote events, so delivery does not wait for the next poll.</summary>
public interface IOutboxSignal
{
    void Notify();
}

public enum DeliveryStatus
{
    Succeeded,
    Failed,
    DeadLettered,
}

/// <summary>A handler that gave up on an event after its retries: shown to admins, who may retry it.</summary>
public sealed record DeadLetter(
    Guid DeliveryId, Guid EventId, string EventType, string Handler, int Attempts, string? LastError, DateTime OccurredAt, DateTime UpdatedAt);

public interface IDeadLetterService
{
    Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken ct = default);

    /// <summary>Puts a dead-lettered delivery back in the queue.</summary>
    Task RetryAsync(Guid deliveryId, CancellationToken ct = default);
}
