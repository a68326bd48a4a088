using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Integrations;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using HandlebarsDotNet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MaxLengthAttribute = System.ComponentModel.DataAnnotations.MaxLengthAttribute;

namespace AetherLearn.Core.Notifications;

public interface INotificationsDb : IDbSession
{
    DbSet<Notification> Notifications { get; }
    DbSet<NotificationPreference> NotificationPreferences { get; }
    DbSet<NotificationSettings> NotificationSettings { get; }
    DbSet<NotificationDelivery> NotificationDeliveries { get; }
    DbSet<PushDevice> PushDevices { get; }
    DbSet<PushServerKey> PushServerKeys { get; }
    DbSet<NotificationTemplateOverride> NotificationTemplateOverrides { get; }
}

/// <summary>A notification as its owner sees it (API, bell, SSE).</summary>
public sealed record NotificationView(Guid Id, NotificationCategory Category, string Type, string Title, string Body, string? Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>Implemented by the web layer: tells a user's open pages and streams about new notifications, after commit.</summary>
public interface INotificationPublisher
{
    void Published(Guid userId, NotificationView notification);
}

/// <summary>
/// Turns a routed domain event into notifications: resolves the recipients from the data (always inside the event's
/// centre, whose scope the dispatcher sets), renders each one's message and stores it once per event, person and template.
/// </summary>
public interface INotifyPeople
{
    /// <inheritdoc cref="Routing.NotificationRouter.NotifyAsync"/>
    Task NotifyAsync(Guid sourceId, string templateKey, NotificationCategory category, IReadOnlyCollection<Guid> userIds,
        IReadOnlyDictionary<string, object?> data, bool email, CancellationToken ct = default);
}

public sealed record ChannelModes(DeliveryMode InApp, DeliveryMode Email, DeliveryMode Push);

/// <summary>A user's preferences: a mode per category and channel, and quiet hours ("HH:mm", in the centre's time zone).</summary>
public sealed record NotificationPreferences(IReadOnlyDictionary<NotificationCategory, ChannelModes> Categories, string? QuietFrom, string? QuietTo);

/// <summary>PATCH body: only the categories (and channels) given change; quiet hours are set together, or cleared with empty strings.</summary>
public sealed record UpdatePreferencesRequest(Dictionary<NotificationCategory, UpdateChannelModes>? Categories = null, [property: MaxLength(TextLimits.TimeOfDay)] string? QuietFrom = null,
    [property: MaxLength(TextLimits.TimeOfDay)] string? QuietTo = null);

public sealed record UpdateChannelModes(DeliveryMode? InApp = null, DeliveryMode? Email = null, DeliveryMode? Push = null);

/// <summary>The signed-in user's own notifications ("Self" in the contract).</summary>
public interface INotificationService
{
    Task<CursorPage<NotificationView>> ListAsync(string? cursor, int limit, bool unreadOnly, CancellationToken ct = default);
    Task<int> UnreadCountAsync(CancellationToken ct = default);
    Task<NotificationView> MarkReadAsync(Guid id, CancellationToken ct = default);
    /// <summary>Returns how many were marked.</summary>
    Task<int> MarkAllReadAsync(CancellationToken ct = default);
    /// <summary>Notifications made after the one with this id, oldest first (the SSE stream's replay after Last-Event-ID).</summary>
    Task<IReadOnlyList<NotificationView>> AfterAsync(Guid lastSeenId, CancellationToken ct = default);
    Task<NotificationPreferences> GetPreferencesAsync(CancellationToken ct = default);
    Task<NotificationPreferences> UpdatePreferencesAsync(UpdatePreferencesRequest request, CancellationToken ct = default);
}

/// <summary>A claimed delivery for the sender: where to, and what (with the page the notification leads to).</summary>
public sealed record DeliveryWork(Guid Id, Guid NotificationId, Guid CentreId, Guid UserId, NotificationChannel Channel, int Attempts, string Subject,
    string TextBody, string? HtmlBody, string? Link);

/// <summary>A delivery as an admin sees it (failures, retries).</summary>
public sealed record DeliveryView(Guid Id, Guid NotificationId, Guid UserId, string UserName, NotificationChannel Channel, DeliveryState State, int Attempts,
    string? LastError, DateTime CreatedAt, DateTime NextAttemptAt, DateTime? SentAt, string Subject);

/// <summary>Wakes the sender after deliveries were planned, so they do not wait for its next poll.</summary>
public interface IDeliverySignal
{
    void Wake();
}

public interface INotificationDeliveries
{
    /// <summary>Due deliveries of every centre, each held for this sender for a while (several nodes may send).</summary>
    Task<IReadOnlyList<DeliveryWork>> ClaimDueAsync(int max, CancellationToken ct = default);
    Task SucceededAsync(Guid id, CancellationToken ct = default);
    /// <summary>Nothing to send to any more (every push device unsubscribed): not a failure, not to retry.</summary>
    Task SkippedAsync(Guid id, string reason, CancellationToken ct = default);
    /// <summary>Schedules a retry with backoff, or gives up after the last attempt.</summary>
    Task FailedAsync(Guid id, string error, CancellationToken ct = default);
    /// <summary>The centre's deliveries, newest first (Admin+).</summary>
    Task<IReadOnlyList<DeliveryView>> ListAsync(DeliveryState? state, CancellationToken ct = default);
    /// <summary>Sends a failed delivery again (Admin+).</summary>
    Task RetryAsync(Guid id, CancellationToken ct = default);
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

/// <summary>One channel of a template: what ships, and the centre's wording when it has one.</summary>
public sealed record TemplateChannelView(NotificationChannel Channel, ChannelTemplate Default, ChannelTemplate? Override);

/// <summary>A template an admin may reword, with the values it can use (<c>{{studentName}}</c>…).</summary>
public sealed record TemplateView(string Key, IReadOnlyList<string> Placeholders, IReadOnlyList<TemplateChannelView> Channels);

/// <summary>PUT body: in-app and push use title and body; e-mail uses subject, html and text.</summary>
public sealed record SaveTemplateRequest([property: MaxLength(TextLimits.NotificationTitle)] string? Title = null, [property: MaxLength(TextLimits.NotificationBody)] string? Body = null,
    [property: MaxLength(TextLimits.EmailSubject)] string? Subject = null, [property: MaxLength(TextLimits.EmailBody)] string? Html = null, [property: MaxLength(TextLimits.EmailBody)] string? Text = null);

/// <summary>A centre's template wording (Admin+): list, preview with sample values, save, and back to what ships.</summary>
public interface INotificationTemplateAdmin
{
    Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken ct = default);
    /// <summary>Validates like <see cref="SaveAsync"/> and renders with sample values, saving nothing.</summary>
    RenderedMessage Preview(string key, string channel, SaveTemplateRequest request);
    Task<TemplateView> SaveAsync(string key, string channel, SaveTemplateRequest request, CancellationToken ct = default);
    Task<TemplateView> ResetAsync(string key, string channel, CancellationToken ct = default);
}

/// <summary>The browser's <c>PushSubscription.toJSON()</c> keys.</summary>
public sealed record PushDeviceKeys([property: MaxLength(TextLimits.PushKey)] string? P256dh, [property: MaxLength(TextLimits.PushAuth)] string? Auth);

/// <summary>POST body: what the browser's <c>PushSubscription.toJSON()</c> gives, and an optional label for the list.</summary>
public sealed record SubscribePushRequest([property: MaxLength(TextLimits.Url)] string? Endpoint, PushDeviceKeys? Keys, [property: MaxLength(TextLimits.Label)] string? Label = null);

public sealed record PushDeviceView(Guid Id, string Endpoint, string? Label, DateTime CreatedAt, DateTime? LastSentAt);

/// <summary>What the sender needs for one device.</summary>
public sealed record PushTarget(Guid DeviceId, string Endpoint, string P256dh, string Auth);

/// <summary>The signed-in user's devices with push turned on ("Self").</summary>
public interface IPushDevices
{
    Task<IReadOnlyList<PushDeviceView>> MineAsync(CancellationToken ct = default);
    /// <summary>Adds the device, or updates it when this user already had this browser; another user's browser is a conflict.</summary>
    Task<PushDeviceView> SubscribeAsync(SubscribePushRequest request, CancellationToken ct = default);
    Task UnsubscribeAsync(Guid id, CancellationToken ct = default);
}

/// <summary>For the sender, inside the delivery's centre.</summary>
public interface IPushTargets
{
    Task<IReadOnlyList<PushTarget>> ForUserAsync(Guid userId, CancellationToken ct = default);
    /// <summary>The push service said the subscription is gone (404/410): the device is forgotten.</summary>
    Task ForgetAsync(Guid deviceId, CancellationToken ct = default);
    Task SentAsync(Guid deviceId, CancellationToken ct = default);
}
