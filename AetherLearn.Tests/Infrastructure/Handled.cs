using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Notifications;
using AetherLearn.Core.Notifications.Routing;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>
/// Waits for a handler to have finished with an event (its outbox delivery row says it succeeded) before a test asserts
/// what the handler did or did not do: the handler's own completion, never a guess at how long it takes.
/// </summary>
public static class Handled
{
    /// <summary>The notification router's handler of <paramref name="type"/>.</summary>
    public static string Router(string type) => NotificationRouter.HandlerPrefix + type;

    /// <summary>Waits until <paramref name="handler"/> has succeeded with event <paramref name="eventId"/>.</summary>
    public static Task EventAsync(AppHost host, Guid eventId, string handler) =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = host.Db();
            return await db.OutboxDeliveries.AnyAsync(d => d.MessageId == eventId && d.Handler == handler && d.Status == DeliveryStatus.Succeeded);
        }, $"{handler} to have handled event {eventId}");

    /// <summary>
    /// Waits until <paramref name="handler"/> has succeeded with the latest event of <paramref name="type"/> whose payload
    /// matches; returns its id.
    /// </summary>
    public static async Task<Guid> LatestAsync(AppHost host, string type, Func<JsonElement, bool> payload, string handler)
    {
        var id = Guid.Empty;
        await Eventually.UntilAsync(async () =>
        {
            await using var db = host.Db();
            var recent = await db.OutboxMessages.Where(m => m.Type == type).OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Id)
                .Take(50).Select(m => new { m.Id, m.Payload }).ToListAsync();
            var match = recent.FirstOrDefault(m => payload(JsonDocument.Parse(m.Payload).RootElement));
            if (match is null) { return false; }
            id = match.Id;
            return await db.OutboxDeliveries.AnyAsync(d => d.MessageId == match.Id && d.Handler == handler && d.Status == DeliveryStatus.Succeeded);
        }, $"{handler} to have handled the latest matching {type}");
        return id;
    }
}
