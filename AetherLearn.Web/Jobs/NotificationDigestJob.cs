using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Notifications;
using Quartz;

namespace AetherLearn.Web.Jobs;

/// <summary>
/// Every quarter of an hour: each centre whose digest time has passed (in its own time zone) sends the day's digests.
/// Running often rather than once makes a day missed while the app was down catch up at the next run.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class NotificationDigestJob(IServiceScopeFactory scopes, ILogger<NotificationDigestJob> logger) : IJob
{
    public const string Name = "notifications.daily-digest";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> centres;
        await using (var scope = scopes.CreateAsyncScope())
        {
            centres = await scope.ServiceProvider.GetRequiredService<INotificationDigests>().CentresWaitingAsync(cancellationToken);
        }
        foreach (var centre in centres)
        {
            // Each centre on its own: one centre's failure does not hold up the others' digests.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<IBackgroundIdentity>().ActAs(Actor.SystemIn(centre));
                var sent = await scope.ServiceProvider.GetRequiredService<INotificationDigests>().SendDueAsync(centre, cancellationToken);
                if (sent > 0) { logger.LogInformation("Sent {Count} digest e-mail(s) for centre {CentreId}", sent, centre); }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Digests for centre {CentreId} failed; the next run tries again", centre);
            }
        }
    }
}
