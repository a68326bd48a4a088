using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Integrations;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AetherLearn.Core.Notifications;

/// <summary>Section <c>Notifications</c>: when the daily digest goes out.</summary>
public sealed class DigestOptions
{
    /// <summary>Hour of the day, in each centre's time zone, after which the day's digest is sent.</summary>
    public int DigestHour { get; set; } = 7;
}

internal sealed class NotificationDigests(
    IDbSessionFactory dbFactory, ICentreService centres, IPeopleDirectory people, IEmailSender email, NotificationTemplates templates,
    IOptions<DigestOptions> options, TimeProvider clock, ICentreFeatures features) : INotificationDigests
{
    public async Task<IReadOnlyList<Guid>> CentresWaitingAsync(CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<INotificationsDb>();
        return await db.NotificationDeliveries.Where(d => d.State == DeliveryState.Digest).Select(d => d.CentreId).Distinct().ToListAsync(ct);
    }

    public async Task<int> SendDueAsync(Guid centreId, CancellationToken ct = default)
    {
        var centre = await centres.FindSummaryAsync(centreId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(centre?.TimeZone ?? "UTC");
        var now = clock.UtcNowForStorage();
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
        var cutLocal = localNow.Date.AddHours(options.Value.DigestHour);
        if (localNow < cutLocal) { cutLocal = cutLocal.AddDays(-1); }
        var cut = Clock.CentreTimeToUtc(DateTime.SpecifyKind(cutLocal, DateTimeKind.Unspecified), zone);

        await using var db = dbFactory.Create<INotificationsDb>();
        var waiting = await (from d in db.NotificationDeliveries.AsNoTracking()
                             join n in db.Notifications on d.NotificationId equals n.Id
                             where d.State == DeliveryState.Digest && d.CreatedAt < cut && (d.LockedUntil == null || d.LockedUntil < now)
                             orderby d.CreatedAt
                             select new { d.Id, d.UserId, n.Title, n.Body }).ToListAsync(ct);
        if (waiting.Count == 0) { return 0; }
        var byUser = waiting.GroupBy(w => w.UserId).ToList();
        var emails = await people.EmailsAsync(byUser.Select(g => g.Key), ct);
        var names = await people.FindAsync(byUser.Select(g => g.Key), ct);
        var sent = 0;
        foreach (var group in byUser)
        {
            var ids = group.Select(w => w.Id).ToList();
            // Every node runs the job: whoever claims all of a person's items sends their digest, the others leave it.
            if (!await ClaimAsync(db, ids, now, ct)) { continue; }
            var mine = db.NotificationDeliveries.Where(d => ids.Contains(d.Id));
            if (emails.GetValueOrDefault(group.Key) is not { } to)
            {
                await mine.ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Failed).SetProperty(d => d.LockedUntil, (DateTime?)null)
                    .SetProperty(d => d.LastError, "The recipient has no active account with an e-mail address"), ct);
                continue;
            }
            var data = new Dictionary<string, object?>
            {
                ["recipientName"] = names.GetValueOrDefault(group.Key)?.Name, ["centreName"] = centre?.Name, ["count"] = ids.Count,
                ["items"] = group.Select(w => new Dictionary<string, object?> { ["title"] = w.Title, ["body"] = w.Body }).ToList(),
            };
            var message = templates.Render("digest", NotificationChannel.Email, data) ?? throw new InvalidOperationException("No digest template");
            // One failing recipient leaves their items for the next run; the others still get theirs.
            var brand = await features.BrandAsync(centreId, ct);
            try { await email.SendAsync(CentreEmailLayout.Apply(new EmailMessage(to, message.Subject ?? message.Title, message.Html ?? message.Body, message.Text ?? message.Body), brand), ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var error = ex.Message.Length <= 500 ? ex.Message : ex.Message[..500];
                await mine.ExecuteUpdateAsync(u => u.SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LastError, error)
                    .SetProperty(d => d.LockedUntil, (DateTime?)null), CancellationToken.None);
                continue;
            }
            // Marked at once, so a stop later in the loop never sends this person's digest twice.
            await mine.ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Sent).SetProperty(d => d.SentAt, now)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LockedUntil, (DateTime?)null), CancellationToken.None);
            sent++;
        }
        return sent;
    }

    /// <summary>Holds every one of <paramref name="ids"/> for this sender, or none: in one transaction, so a partial claim is undone.</summary>
    private static async Task<bool> ClaimAsync(INotificationsDb db, List<Guid> ids, DateTime now, CancellationToken ct)
    {
        var until = now.AddMinutes(10);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var claimed = await db.NotificationDeliveries
                .Where(d => ids.Contains(d.Id) && d.State == DeliveryState.Digest && (d.LockedUntil == null || d.LockedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedUntil, until), ct);
            if (claimed != ids.Count) { return false; }
            await tx.CommitAsync(ct);
            return true;
        }
        // Two nodes locking the same rows in another order: the database picks one to give up; the next run sends.
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException) { return false; }
    }
}
