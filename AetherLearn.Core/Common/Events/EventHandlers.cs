namespace AetherLearn.Core.Common.Events;

/// <summary>A handler delivered by the outbox dispatcher; <see cref="Name"/> is its identity for idempotent re-delivery.</summary>
public sealed record EventHandlerRegistration(
    string EventType,
    string Name,
    Func<DomainEvent, IServiceProvider, CancellationToken, Task> Handle);

/// <summary>
/// The contract's <c>onEvent(type, handler)</c>: each module registers its handlers at start-up
/// through <c>services.AddEventHandlers(r =&gt; r.OnEvent&lt;SessionStarted&gt;("name", (e, meta, services, ct) =&gt; ...))</c>.
/// </summary>
public sealed class EventHandlerRegistry
{
    private readonly List<EventHandlerRegistration> _handlers = new();

    /// <summary>
    /// A handler of one typed event: it receives the record (read from the stored JSON, whatever build wrote it) and the
    /// metadata (centre, user, correlation, time).
    /// </summary>
    public EventHandlerRegistry OnEvent<TEvent>(string name, Func<TEvent, EventMetadata, IServiceProvider, CancellationToken, Task> handle)
        where TEvent : IDomainEvent<TEvent> =>
        OnEvent(TEvent.EventType, name, (e, services, ct) => handle(EventJson.Read<TEvent>(e.Payload), e.Metadata, services, ct));

    /// <summary>
    /// A handler that sees the stored event (type, JSON payload, metadata): for consumers driven by a table of catalogue
    /// names (the notification router, which also routes events whose module has no record yet) and the outbox's tests.
    /// A module's handler of its own or another module's event uses <see cref="OnEvent{TEvent}"/>.
    /// </summary>
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
