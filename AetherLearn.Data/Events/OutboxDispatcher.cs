using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AetherLearn.Data.Events;

/// <summary>
/// Delivers outbox events to every registered handler. Each handler's success is recorded, so a
/// redelivery (after a crash, a restart or another handler's failure) never runs it twice; a failing
/// handler is retried with backoff without holding up the others, then dead-lettered.
/// </summary>
internal sealed class OutboxDispatcher(
    OutboxStore store,
    OutboxSignal signal,
    EventHandlerRegistry registry,
    IServiceScopeFactory scopes,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly string _node = $"{Environment.MachineName}:{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) > 0) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                // The database may be briefly away; the next round tries again.
                logger.LogError(ex, "Outbox dispatch round failed");
            }
            try { await signal.WaitAsync(TimeSpan.FromMilliseconds(o.PollMilliseconds), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Claims and delivers one batch; returns how many events it claimed.</summary>
    internal async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        var o = options.Value;
        var lease = TimeSpan.FromSeconds(o.LeaseSeconds);
        var (token, batch) = await store.ClaimAsync(_node, o.BatchSize, lease, ct);
        foreach (var message in batch)
        {
            if (!await store.RenewAsync(message.Id, token, lease, ct)) { continue; }
            await DeliverAsync(message, token, ct);
        }
        return batch.Count;
    }

    private async Task DeliverAsync(OutboxMessage message, string token, CancellationToken ct)
    {
        var o = options.Value;
        var deliveries = await store.DeliveriesAsync(message.Id, ct);
        var domainEvent = new DomainEvent(message.Id, message.Type, JsonDocument.Parse(message.Payload).RootElement.Clone(),
            new EventMetadata(message.CorrelationId, message.CentreId, message.UserId, message.OccurredAt));
        DateTime? nextAttempt = null;
        foreach (var handler in registry.For(message.Type))
        {
            var isNew = !deliveries.TryGetValue(handler.Name, out var delivery);
            delivery ??= new OutboxDelivery { MessageId = message.Id, Handler = handler.Name, Status = DeliveryStatus.Failed };
            if (delivery.Status is DeliveryStatus.Succeeded or DeliveryStatus.DeadLettered) { continue; }
            var now = clock.GetUtcNow().UtcDateTime;
            if (delivery.NextAttemptAt is { } due && due > now)
            {
                nextAttempt = Earliest(nextAttempt, due);
                continue;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // The handler acts inside the event's centre, as whoever caused the event.
                scope.ServiceProvider.GetService<IBackgroundIdentity>()?.ActAs(new Actor(message.UserId, "system", message.CentreId, null, null));
                await handler.Handle(domainEvent, scope.ServiceProvider, ct);
                delivery.Status = DeliveryStatus.Succeeded;
                delivery.LastError = null;
                delivery.NextAttemptAt = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                delivery.Attempts++;
                delivery.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}", 2000);
                if (delivery.Attempts >= o.MaxAttempts)
                {
                    delivery.Status = DeliveryStatus.DeadLettered;
                    delivery.NextAttemptAt = null;
                    logger.LogError(ex, "Handler {Handler} dead-lettered event {EventId} ({Type}) after {Attempts} attempts",
                        handler.Name, message.Id, message.Type, delivery.Attempts);
                }
                else
                {
                    delivery.Status = DeliveryStatus.Failed;
                    var delay = Math.Min(o.RetryBaseMilliseconds * Math.Pow(2, delivery.Attempts - 1), o.MaxRetryDelaySeconds * 1000.0);
                    delivery.NextAttemptAt = now.AddMilliseconds(delay);
                    nextAttempt = Earliest(nextAttempt, delivery.NextAttemptAt.Value);
                    logger.LogWarning(ex, "Handler {Handler} failed event {EventId} ({Type}); attempt {Attempts}, retrying at {Next}",
                        handler.Name, message.Id, message.Type, delivery.Attempts, delivery.NextAttemptAt);
                }
            }
            delivery.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            if (!await store.SaveDeliveryAsync(delivery, isNew, ct))
            {
                logger.LogWarning("Another node recorded {Handler} for event {EventId} first; leaving the event to it", handler.Name, message.Id);
                return;
            }
        }
        await store.ReleaseAsync(message.Id, token, processed: nextAttempt is null, nextAttempt, ct);
    }

    private static DateTime Earliest(DateTime? a, DateTime b) => a is { } x && x < b ? x : b;

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
