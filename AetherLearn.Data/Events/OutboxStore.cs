using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Data.Events;

public sealed class OutboxOptions
{
    /// <summary>How often the dispatcher looks for due events when nothing wakes it.</summary>
    public int PollMilliseconds { get; set; } = 2000;
    public int BatchSize { get; set; } = 50;
    /// <summary>How long a claimed event belongs to one node before another may take it.</summary>
    public int LeaseSeconds { get; set; } = 60;
    /// <summary>Attempts per handler before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>First retry delay; each later one doubles, up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    public int RetryBaseMilliseconds { get; set; } = 2000;
    public int MaxRetryDelaySeconds { get; set; } = 600;
    /// <summary>Off in tools that only migrate or seed.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Wakes the dispatchers after a commit that wrote events (on every node the live bus reaches: whichever claims the
/// events first delivers them). One pending wake-up is enough: a dispatcher drains everything due when it runs.
/// </summary>
internal sealed class OutboxSignal(ILiveBus bus) : WakeSignal(bus, "outbox"), IOutboxSignal
{
    public void Notify() => Wake();
}

/// <summary>Claims due events with a lease so that, on PostgreSQL, several nodes never take the same one.</summary>
internal sealed class OutboxStore(SystemContexts contexts, DatabaseInfo database, TimeProvider clock)
{
    /// <summary>Claims up to <paramref name="batch"/> due events under a fresh lease token.</summary>
    public async Task<(string Token, IReadOnlyList<OutboxMessage> Messages)> ClaimAsync(string node, int batch, TimeSpan lease, CancellationToken ct)
    {
        await using var db = NewContext();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + lease;
        var token = $"{node}:{Guid.NewGuid():N}";
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "OutboxMessages" SET "LockedBy" = {token}, "LockedUntil" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutboxMessages"
                    WHERE "ProcessedAt" IS NULL
                      AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                      AND ("LockedUntil" IS NULL OR "LockedUntil" < {now})
                    ORDER BY "Id" LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                """, ct);
        }
        else
        {
            // SQLite has one writer at a time, so a conditional update is already exclusive.
            var due = await db.OutboxMessages
                .Where(m => m.ProcessedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now) && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id).Select(m => m.Id).Take(batch).ToListAsync(ct);
            if (due.Count == 0) { return (token, []); }
            await db.OutboxMessages.Where(m => due.Contains(m.Id) && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, token).SetProperty(m => m.LockedUntil, until), ct);
        }
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => m.LockedBy == token)
            .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id).ToListAsync(ct);
        return (token, messages);
    }

    /// <summary>
    /// Extends the lease on one event just before it is delivered; false when the lease was lost (it ran out
    /// while earlier events of the batch were slow, and another node took the event), so this node skips it.
    /// </summary>
    public async Task<bool> RenewAsync(Guid messageId, string token, TimeSpan lease, CancellationToken ct)
    {
        await using var db = NewContext();
        var until = clock.GetUtcNow().UtcDateTime + lease;
        return await db.OutboxMessages.Where(m => m.Id == messageId && m.LockedBy == token)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, until), ct) == 1;
    }

    public async Task<Dictionary<string, OutboxDelivery>> DeliveriesAsync(Guid messageId, CancellationToken ct)
    {
        await using var db = NewContext();
        return await db.OutboxDeliveries.AsNoTracking().Where(d => d.MessageId == messageId).ToDictionaryAsync(d => d.Handler, ct);
    }

    /// <summary>Records a handler's outcome; false if another node recorded this handler's delivery first.</summary>
    public async Task<bool> SaveDeliveryAsync(OutboxDelivery delivery, bool isNew, CancellationToken ct)
    {
        await using var db = NewContext();
        if (isNew) { db.OutboxDeliveries.Add(delivery); } else { db.OutboxDeliveries.Update(delivery); }
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException) when (isNew)
        {
            return false;
        }
    }

    /// <summary>Ends the lease: processed when every handler is done, otherwise due again at <paramref name="nextAttemptAt"/>.</summary>
    public async Task ReleaseAsync(Guid messageId, string token, bool processed, DateTime? nextAttemptAt, CancellationToken ct)
    {
        await using var db = NewContext();
        var now = clock.GetUtcNow().UtcDateTime;
        // Only the lease holder may release: a node whose lease lapsed must not undo another node's work.
        await db.OutboxMessages.Where(m => m.Id == messageId && m.LockedBy == token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.ProcessedAt, processed ? now : null)
            .SetProperty(m => m.NextAttemptAt, processed ? null : nextAttemptAt)
            .SetProperty(m => m.LockedBy, (string?)null)
            .SetProperty(m => m.LockedUntil, (DateTime?)null), ct);
    }

    private AetherDbContext NewContext() => contexts.System();
}
