using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AetherLearn.Core.Notifications;

/// <summary>Section <c>Notifications</c>: how deliveries are retried.</summary>
public sealed class NotificationDeliveryOptions
{
    public int MaxAttempts { get; set; } = 6;
    /// <summary>First retry delay; each later one doubles.</summary>
    public int RetryBaseSeconds { get; set; } = 30;
    /// <summary>
    /// How long a sender holds what it claimed: longer than its slowest batch (10 deliveries × a 30 s mail timeout), or
    /// another node would send the same messages again; a node that dies leaves its claim this long.
    /// </summary>
    public int LeaseSeconds { get; set; } = 600;
}

internal sealed class NotificationDeliveries(
    IDbSessionFactory dbFactory, ICurrentUser currentUser, IPeopleDirectory people, IOptions<NotificationDeliveryOptions> options, TimeProvider clock)
    : INotificationDeliveries
{
    public async Task<IReadOnlyList<DeliveryWork>> ClaimDueAsync(int max, CancellationToken ct = default)
    {
        var now = clock.UtcNowForStorage();
        var until = now.AddSeconds(options.Value.LeaseSeconds);
        await using var db = dbFactory.CreateSystem<INotificationsDb>();
        var due = await db.NotificationDeliveries
            .Where(d => (d.State == DeliveryState.Pending || d.State == DeliveryState.Held) && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
            .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(max).ToListAsync(ct);
        var claimed = new List<NotificationDelivery>();
        foreach (var id in due)
        {
            // Only one sender wins a row: the update succeeds for whoever finds it still unlocked.
            var won = await db.NotificationDeliveries.Where(d => d.Id == id && (d.LockedUntil == null || d.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, until), ct);
            if (won == 1) { claimed.Add(await db.NotificationDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, ct)); }
        }
        var notificationIds = claimed.Select(d => d.NotificationId).ToList();
        var links = await db.Notifications.Where(n => notificationIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Link, ct);
        return claimed.Select(d => new DeliveryWork(d.Id, d.NotificationId, d.CentreId, d.UserId, d.Channel, d.Attempts, d.Subject, d.TextBody, d.HtmlBody,
            links.GetValueOrDefault(d.NotificationId))).ToList();
    }

    public async Task SkippedAsync(Guid id, string reason, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<INotificationsDb>();
        await db.NotificationDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, DeliveryState.Skipped).SetProperty(d => d.LockedUntil, (DateTime?)null)
            .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LastError, reason), ct);
    }

    public async Task SucceededAsync(Guid id, CancellationToken ct = default)
    {
        var now = clock.UtcNowForStorage();
        await using var db = dbFactory.CreateSystem<INotificationsDb>();
        await db.NotificationDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, DeliveryState.Sent).SetProperty(d => d.SentAt, now).SetProperty(d => d.LockedUntil, (DateTime?)null)
            .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LastError, (string?)null), ct);
    }

    public async Task FailedAsync(Guid id, string error, CancellationToken ct = default)
    {
        var o = options.Value;
        await using var db = dbFactory.CreateSystem<INotificationsDb>();
        var delivery = await db.NotificationDeliveries.SingleAsync(d => d.Id == id, ct);
        delivery.Attempts++;
        delivery.LastError = error.Length <= 500 ? error : error[..500];
        delivery.LockedUntil = null;
        if (delivery.Attempts >= o.MaxAttempts) { delivery.State = DeliveryState.Failed; }
        else
        {
            delivery.State = DeliveryState.Pending;
            delivery.NextAttemptAt = clock.UtcNowForStorage().AddSeconds(o.RetryBaseSeconds * Math.Pow(2, delivery.Attempts - 1));
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<DeliveryView>> ListAsync(DeliveryState? state, CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Role.CentreAdmin)) { throw new ForbiddenException(); }
        await using var db = dbFactory.Create<INotificationsDb>();
        var query = db.NotificationDeliveries.AsNoTracking();
        if (state is { } s) { query = query.Where(d => d.State == s); }
        var rows = await query.OrderByDescending(d => d.CreatedAt).Take(200).ToListAsync(ct);
        var names = await people.FindAsync(rows.Select(r => r.UserId), ct);
        return rows.Select(d => new DeliveryView(d.Id, d.NotificationId, d.UserId, names.GetValueOrDefault(d.UserId)?.Name ?? "", d.Channel, d.State, d.Attempts,
            d.LastError, d.CreatedAt, d.NextAttemptAt, d.SentAt, d.Subject)).ToList();
    }

    public async Task RetryAsync(Guid id, CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Role.CentreAdmin)) { throw new ForbiddenException(); }
        await using var db = dbFactory.Create<INotificationsDb>();
        var delivery = await db.NotificationDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("Delivery");
        if (delivery.State != DeliveryState.Failed) { throw new ConflictException("Only a delivery that gave up can be sent again"); }
        (delivery.State, delivery.NextAttemptAt, delivery.Attempts, delivery.LockedUntil) = (DeliveryState.Pending, clock.UtcNowForStorage(), 0, null);
        await db.SaveChangesAsync(ct);
    }
}
