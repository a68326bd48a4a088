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

/// <summary>
/// The daily digest: each user who chose "daily digest" for a category gets one e-mail a day listing those
/// notifications. Everything made before today's digest time (in the centre's zone) goes into today's; a run missed
/// while the app was down is caught up by the next.
/// </summary>
public interface INotificationDigests
{
    /// <summary>Centres with notifications waiting for a digest (all centres; the job then works in each).</summary>
    Task<IReadOnlyList<Guid>> CentresWaitingAsync(CancellationToken ct = default);

    /// <summary>Sends the centre's due digests (the caller acts in that centre); returns how many e-mails went out.</summary>
    Task<int> SendDueAsync(Guid centreId, CancellationToken ct = default);
}

internal sealed class NotificationDigests(
    IDbSessionFactory dbFactory, ICentreService centres, IPeopleDirectory people, IEmailSender email, NotificationTemplates templates,
    IOptions<DigestOptions> options, TimeProvider clock) : INotificationDigests
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
        var waiting = await (from d in db.NotificationDeliveries
                             join n in db.Notifications on d.NotificationId equals n.Id
                             where d.State == DeliveryState.Digest && d.CreatedAt < cut
                             orderby d.CreatedAt
                             select new { Delivery = d, n.Title, n.Body }).ToListAsync(ct);
        if (waiting.Count == 0) { return 0; }
        var byUser = waiting.GroupBy(w => w.Delivery.UserId).ToList();
        var emails = await people.EmailsAsync(byUser.Select(g => g.Key), ct);
        var names = await people.FindAsync(byUser.Select(g => g.Key), ct);
        var sent = 0;
        foreach (var group in byUser)
        {
            var deliveries = group.Select(w => w.Delivery).ToList();
            if (emails.GetValueOrDefault(group.Key) is not { } to)
            {
                foreach (var d in deliveries) { (d.State, d.LastError) = (DeliveryState.Failed, "The recipient has no active account with an e-mail address"); }
                continue;
            }
            var data = new Dictionary<string, object?>
            {
                ["recipientName"] = names.GetValueOrDefault(group.Key)?.Name, ["centreName"] = centre?.Name, ["count"] = deliveries.Count,
                ["items"] = group.Select(w => new Dictionary<string, object?> { ["title"] = w.Title, ["body"] = w.Body }).ToList(),
            };
            var message = templates.Render("digest", NotificationChannel.Email, data) ?? throw new InvalidOperationException("No digest template");
            // One failing recipient leaves their items for the next run; the others still get theirs.
            try { await email.SendAsync(new EmailMessage(to, message.Subject ?? message.Title, message.Html ?? message.Body, message.Text ?? message.Body), ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                foreach (var d in deliveries) { (d.Attempts, d.LastError) = (d.Attempts + 1, ex.Message.Length <= 500 ? ex.Message : ex.Message[..500]); }
                continue;
            }
            foreach (var d in deliveries) { (d.State, d.SentAt, d.Attempts) = (DeliveryState.Sent, now, d.Attempts + 1); }
            sent++;
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }
}
