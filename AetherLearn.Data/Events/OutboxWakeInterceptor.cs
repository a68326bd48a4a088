using System.Data.Common;
using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AetherLearn.Data.Events;

/// <summary>
/// Wakes the dispatchers when a transaction that wrote events commits. A save inside an explicit transaction (marking a
/// register, the overdue check) cannot wake them itself, since its events are not visible until the commit; without this
/// they waited for the next poll.
/// </summary>
internal sealed class OutboxWakeInterceptor : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as AetherDbContext)?.WakeIfPublished();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as AetherDbContext)?.WakeIfPublished();
        return Task.CompletedTask;
    }
}
