using System.Collections.Concurrent;
using AetherLearn.Core.Common.Events;

namespace AetherLearn.Tests.Events;

/// <summary>Counts what each test handler saw; shared across hosts so a restart can be checked.</summary>
public sealed class EventRecorder
{
    private readonly ConcurrentQueue<(string Handler, Guid EventId, DateTime At, bool Succeeded)> _calls = new();

    public Func<DomainEvent, IServiceProvider, CancellationToken, Task> Handler(string name, Func<DomainEvent, int, bool>? succeedsOnAttempt = null) =>
        (domainEvent, _, _) =>
        {
            var attempt = Calls(name, domainEvent.Id) + 1;
            var ok = succeedsOnAttempt?.Invoke(domainEvent, attempt) ?? true;
            _calls.Enqueue((name, domainEvent.Id, DateTime.UtcNow, ok));
            return ok ? Task.CompletedTask : Task.FromException(new InvalidOperationException($"{name} refused attempt {attempt}"));
        };

    public int Calls(string handler, Guid eventId) => _calls.Count(c => c.Handler == handler && c.EventId == eventId);

    public int Successes(string handler, Guid eventId) => _calls.Count(c => c.Handler == handler && c.EventId == eventId && c.Succeeded);

    public int Successes(string handler) => _calls.Count(c => c.Handler == handler && c.Succeeded);

    public IReadOnlyList<DateTime> Times(string handler, Guid eventId) => _calls.Where(c => c.Handler == handler && c.EventId == eventId).Select(c => c.At).ToList();

    public IReadOnlyList<Guid> EventsSeenBy(string handler) => _calls.Where(c => c.Handler == handler && c.Succeeded).Select(c => c.EventId).ToList();

    public static Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 15000) =>
        Infrastructure.Eventually.UntilAsync(() => Task.FromResult(condition()), what, Math.Max(1, timeoutMs / 1000));
}
