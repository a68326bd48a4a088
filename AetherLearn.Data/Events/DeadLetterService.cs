using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Data.Events;

/// <summary>Dead letters of the admin's centre (all centres for a super admin), and putting one back in the queue.</summary>
internal sealed class DeadLetterService(SystemContexts sessions, ICurrentUser currentUser, IOutboxSignal signal, TimeProvider clock) : IDeadLetterService
{
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken ct = default)
    {
        RequireAdmin();
        await using var db = sessions.System();
        var rows = from d in db.OutboxDeliveries
                   join m in db.OutboxMessages on d.MessageId equals m.Id
                   where d.Status == DeliveryStatus.DeadLettered
                   select new { d, m };
        if (currentUser.Role != Role.SuperAdmin) { rows = rows.Where(x => x.m.CentreId == currentUser.CentreId); }
        return await rows.OrderByDescending(x => x.d.UpdatedAt)
            .Select(x => new DeadLetter(x.d.Id, x.m.Id, x.m.Type, x.d.Handler, x.d.Attempts, x.d.LastError, x.m.OccurredAt, x.d.UpdatedAt))
            .Take(500).ToListAsync(ct);
    }

    public async Task RetryAsync(Guid deliveryId, CancellationToken ct = default)
    {
        RequireAdmin();
        await using var db = sessions.System();
        var delivery = await db.OutboxDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.Status == DeliveryStatus.DeadLettered, ct)
            ?? throw new NotFoundException("Dead letter");
        var message = await db.OutboxMessages.FirstAsync(m => m.Id == delivery.MessageId, ct);
        if (currentUser.Role != Role.SuperAdmin && message.CentreId != currentUser.CentreId) { throw new NotFoundException("Dead letter"); }
        delivery.Status = DeliveryStatus.Failed;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = null;
        delivery.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        message.ProcessedAt = null;
        message.NextAttemptAt = null;
        await db.SaveChangesAsync(ct);
        signal.Notify();
    }

    private void RequireAdmin()
    {
        if (!currentUser.IsInRole(Role.CentreAdmin)) { throw new ForbiddenException(); }
    }
}

