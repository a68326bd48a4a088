using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Notifications.Routing;

/// <summary>
/// Turns a template and its recipients into notifications and their deliveries: one notification per recipient (unless
/// every channel they could get it on is off), with its e-mail delivery and, when they have a device with push on, its
/// push delivery; both wait through the recipient's quiet hours.
/// </summary>
internal sealed class DeliveryPlanner(NotificationTemplates templates, INotificationPublisher publisher, IDeliverySignal deliveries, TimeProvider clock)
{
    /// <summary>Adds the notifications and deliveries to <paramref name="db"/>'s pending changes and returns the notifications.</summary>
    public async Task<List<Notification>> PlanAsync(INotificationsDb db, Guid sourceId, string templateKey, NotificationCategory category,
        IReadOnlyList<Recipient> recipients, IReadOnlyDictionary<string, object?> data, TimeZoneInfo zone, bool email, CancellationToken ct)
    {
        var now = clock.UtcNowForStorage();
        var ids = recipients.Select(r => r.UserId).Distinct().ToList();
        var done = (await db.Notifications.Where(n => n.SourceEventId == sourceId && n.TemplateKey == templateKey).Select(n => n.UserId).ToListAsync(ct)).ToHashSet();
        var modes = await db.NotificationPreferences.Where(p => ids.Contains(p.UserId) && p.Category == category).ToListAsync(ct);
        var quiet = await db.NotificationSettings.Where(q => ids.Contains(q.UserId)).ToDictionaryAsync(q => q.UserId, ct);
        var withDevices = (await db.PushDevices.Where(d => ids.Contains(d.UserId)).Select(d => d.UserId).Distinct().ToListAsync(ct)).ToHashSet();
        // The centre's own wording, where it has one (the context is the event's centre).
        var wording = (await db.NotificationTemplateOverrides.AsNoTracking().Where(o => o.TemplateKey == templateKey).ToListAsync(ct))
            .ToDictionary(o => o.Channel, o => o.AsTemplate());
        DeliveryMode Mode(Guid user, NotificationChannel channel) => modes.FirstOrDefault(m => m.UserId == user && m.Channel == channel)?.Mode ?? DeliveryMode.On;
        RenderedMessage? Render(NotificationChannel channel, IReadOnlyDictionary<string, object?> values)
        {
            if (wording.GetValueOrDefault(channel) is { } own)
            {
                // Wording that cannot be filled in for these values must not cost anyone the message: the standard one is used.
                try { return templates.Render(templateKey, channel, values, own); }
                catch (Exception ex) when (ex is not OperationCanceledException) { }
            }
            return templates.Render(templateKey, channel, values);
        }
        var made = new List<Notification>();
        // A parent of two children in one lesson gets one notification naming both.
        foreach (var group in recipients.GroupBy(r => r.UserId))
        {
            var recipient = group.First();
            if (done.Contains(recipient.UserId)) { continue; }
            var inApp = Mode(recipient.UserId, NotificationChannel.InApp);
            var mailMode = email ? Mode(recipient.UserId, NotificationChannel.Email) : DeliveryMode.Off;
            var pushMode = withDevices.Contains(recipient.UserId) ? Mode(recipient.UserId, NotificationChannel.Push) : DeliveryMode.Off;
            if (inApp == DeliveryMode.Off && mailMode == DeliveryMode.Off && pushMode == DeliveryMode.Off) { continue; }
            // toStudent lets one wording speak to the student ("You earned…") and about them to their parents.
            var values = new Dictionary<string, object?>(data) { ["recipientName"] = recipient.Name, ["toStudent"] = recipient.UserId == recipient.StudentId };
            if (data.GetValueOrDefault("studentNames") is IReadOnlyDictionary<Guid, string> names
                && group.Select(r => r.StudentId).OfType<Guid>().Select(names.GetValueOrDefault).OfType<string>().Order().ToList() is { Count: > 0 } children)
            {
                values["studentName"] = string.Join(" and ", children);
            }
            var message = Render(NotificationChannel.InApp, values) ?? throw new InvalidOperationException($"No in-app template for {templateKey}");
            var notification = new Notification
            {
                UserId = recipient.UserId, Category = category, TemplateKey = templateKey, Title = Cut(message.Title, 200), Body = Cut(message.Body, 1000),
                Link = NotificationLinks.For(templateKey, recipient.Role, recipient.StudentId, values), SourceEventId = sourceId, CreatedAt = now, Hidden = inApp == DeliveryMode.Off,
            };
            db.Notifications.Add(notification);
            made.Add(notification);
            done.Add(recipient.UserId);
            var settings = quiet.GetValueOrDefault(recipient.UserId);
            var heldUntil = QuietHours.EndsAt(now, zone, settings?.QuietFrom, settings?.QuietTo);
            NotificationDelivery Delivery(NotificationChannel channel, DeliveryMode mode, string subject, string text, string? html) => new()
            {
                NotificationId = notification.Id, UserId = recipient.UserId, Channel = channel, CreatedAt = now,
                State = mode == DeliveryMode.Digest ? DeliveryState.Digest : heldUntil is null ? DeliveryState.Pending : DeliveryState.Held,
                NextAttemptAt = heldUntil ?? now, Subject = Cut(subject, 300), TextBody = text, HtmlBody = html,
            };
            if (mailMode != DeliveryMode.Off && Render(NotificationChannel.Email, values) is { } mail)
            {
                db.NotificationDeliveries.Add(Delivery(NotificationChannel.Email, mailMode, mail.Subject ?? mail.Title, mail.Text ?? mail.Body, mail.Html));
            }
            if (pushMode == DeliveryMode.On && Render(NotificationChannel.Push, values) is { } push)
            {
                db.NotificationDeliveries.Add(Delivery(NotificationChannel.Push, pushMode, push.Title, Cut(push.Body, 500), null));
            }
        }
        return made;
    }

    /// <summary>Saves the planned notifications, wakes the delivery worker and shows the visible ones on open pages.</summary>
    public async Task SaveAndPublishAsync(INotificationsDb db, List<Notification> made, CancellationToken ct)
    {
        if (made.Count == 0) { return; }
        await db.SaveChangesAsync(ct);
        deliveries.Wake();
        foreach (var n in made.Where(n => !n.Hidden)) { publisher.Published(n.UserId, NotificationService.View(n)); }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
