using System.Text.Json;
using System.Threading.Channels;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Notifications;
using AetherLearn.Web.Common;
using AetherLearn.Web.Identity;
using AetherLearn.Web.Integrations.Push;
using AetherLearn.Web.Notifications;
using AetherLearn.Web.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

public sealed record MarkedAllRead(int Marked);

/// <summary>What a client needs to turn push on: the server's public key (the browser's <c>applicationServerKey</c>) and the user's devices.</summary>
public sealed record PushSetup(string PublicKey, IReadOnlyList<PushDeviceView> Devices);

/// <summary>The contract's "Notifications" section, including the SSE stream, and the admins' notification deliveries and wording.</summary>
public static class NotificationsEndpoints
{
    public static IEndpointRouteBuilder MapNotificationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization(Policies.Authenticated);
        group.MapGet("/", List);
        group.MapPatch("/{id:guid}/read", MarkRead);
        group.MapPost("/read-all", MarkAllRead);
        group.MapGet("/preferences", GetPreferences);
        group.MapPatch("/preferences", UpdatePreferences);
        group.MapGet("/stream", StreamAsync).Produces(200, contentType: "text/event-stream");
        // Not in the contract's table (which names no push path): documented in docs/notifications.md.
        group.MapGet("/push-subscriptions", GetPushSetup);
        group.MapPost("/push-subscriptions", Subscribe);
        group.MapDelete("/push-subscriptions/{id:guid}", Unsubscribe);

        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Policies.AdminPlus);
        admin.MapGet("/notification-deliveries", ListDeliveries);
        admin.MapPost("/notification-deliveries/{id:guid}/retry", RetryDelivery);
        // Not in the contract's tables: the centre's own wording of notifications (docs/notifications.md).
        admin.MapGet("/notification-templates", ListTemplates);
        admin.MapPost("/notification-templates/{key}/{channel}/preview", PreviewTemplate);
        admin.MapPut("/notification-templates/{key}/{channel}", SaveTemplate);
        admin.MapDelete("/notification-templates/{key}/{channel}", ResetTemplate);
        return app;
    }

    /// <summary>List the caller's notifications, newest first.</summary>
    /// <remarks>A cursor page (<c>cursor</c>, <c>limit</c>); <c>unread=true</c> for the unread only.</remarks>
    [EndpointName("listNotifications")]
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<NotificationView>>>> List(INotificationService notifications, string? cursor, int? limit, bool? unread,
        CancellationToken ct) =>
        TypedResults.Ok(Envelope.Cursor(await notifications.ListAsync(cursor, limit ?? 20, unread ?? false, ct)));

    /// <summary>Mark a notification read.</summary>
    /// <remarks>The caller's own notifications only.</remarks>
    public static async Task<Ok<ApiEnvelope<NotificationView>>> MarkRead(Guid id, INotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await notifications.MarkReadAsync(id, ct)));

    /// <summary>Mark all the caller's notifications read.</summary>
    /// <remarks>Answers how many were marked.</remarks>
    public static async Task<Ok<ApiEnvelope<MarkedAllRead>>> MarkAllRead(INotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(new MarkedAllRead(await notifications.MarkAllReadAsync(ct))));

    /// <summary>Read the caller's notification preferences.</summary>
    /// <remarks>Per category and channel (in app, e-mail, push; off, immediate or daily digest) and quiet hours.</remarks>
    public static async Task<Ok<ApiEnvelope<NotificationPreferences>>> GetPreferences(INotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await notifications.GetPreferencesAsync(ct)));

    /// <summary>Change the caller's notification preferences.</summary>
    /// <remarks>Only the categories sent change.</remarks>
    public static async Task<Ok<ApiEnvelope<NotificationPreferences>>> UpdatePreferences(UpdatePreferencesRequest request, INotificationService notifications,
        CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await notifications.UpdatePreferencesAsync(request, ct)));

    /// <summary>List the e-mails and push messages sent, held or failed.</summary>
    /// <remarks>Admins: the centre's notification deliveries, newest first; <c>state=FAILED</c> for those that gave up.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<DeliveryView>>>> ListDeliveries(INotificationDeliveries deliveries, EnumName<DeliveryState>? state, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await deliveries.ListAsync(state?.Value, ct)));

    /// <summary>Send a delivery that gave up again.</summary>
    /// <remarks>Admins: the e-mail or push message is queued again with fresh attempts.</remarks>
    [ErrorResponse(409, "Only a delivery that gave up can be sent again.")]
    public static async Task<Ok<ApiEnvelope<Acknowledged>>> RetryDelivery(Guid id, INotificationDeliveries deliveries, CancellationToken ct)
    {
        await deliveries.RetryAsync(id, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Queued for another attempt")));
    }

    /// <summary>List the centre's wording of each notification.</summary>
    /// <remarks>Admins: for each notification and channel, the wording in use and whether it is the centre's own or the standard one.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<TemplateView>>>> ListTemplates(INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.ListAsync(ct)));

    /// <summary>Preview a notification's wording with sample values.</summary>
    /// <remarks>Admins: renders the wording as it would be sent, checking it as a save would (unknown values are refused); nothing is stored.</remarks>
    public static Ok<ApiEnvelope<RenderedMessage>> PreviewTemplate(string key, string channel, SaveTemplateRequest request, INotificationTemplateAdmin templates) =>
        TypedResults.Ok(Envelope.Of(templates.Preview(key, channel, request)));

    /// <summary>Save the centre's own wording of a notification.</summary>
    /// <remarks>Admins: checked for unknown values before saving; used for every later message of that notification and channel.</remarks>
    public static async Task<Ok<ApiEnvelope<TemplateView>>> SaveTemplate(string key, string channel, SaveTemplateRequest request,
        INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.SaveAsync(key, channel, request, ct)));

    /// <summary>Go back to the standard wording of a notification.</summary>
    /// <remarks>Admins: removes the centre's own wording for that channel.</remarks>
    public static async Task<Ok<ApiEnvelope<TemplateView>>> ResetTemplate(string key, string channel, INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.ResetAsync(key, channel, ct)));

    /// <summary>What a browser needs to turn push on, and the caller's devices.</summary>
    /// <remarks>The server's public VAPID key (the browser's <c>applicationServerKey</c>) and the devices registered for push.</remarks>
    public static async Task<Ok<ApiEnvelope<PushSetup>>> GetPushSetup(IPushDevices devices, VapidKeys keys, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(new PushSetup((await keys.GetAsync(ct)).PublicKey, await devices.MineAsync(ct))));

    /// <summary>Register a browser for push notifications.</summary>
    /// <remarks>The browser's <c>PushSubscription.toJSON()</c>; registering the same browser again updates its keys.</remarks>
    [ErrorResponse(409, "The caller has no centre, or the same browser was being registered at the same moment.")]
    public static async Task<Created<ApiEnvelope<PushDeviceView>>> Subscribe(SubscribePushRequest request, IPushDevices devices, CancellationToken ct)
    {
        var device = await devices.SubscribeAsync(request, ct);
        return TypedResults.Created($"/api/v1/notifications/push-subscriptions/{device.Id}", Envelope.Of(device));
    }

    /// <summary>Stop push to one of the caller's devices.</summary>
    /// <remarks>Forgets the device; answers 204.</remarks>
    public static async Task<NoContent> Unsubscribe(Guid id, IPushDevices devices, CancellationToken ct)
    {
        await devices.UnsubscribeAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Receive notifications live (server-sent events).</summary>
    /// <remarks><c>text/event-stream</c>: after <c>Last-Event-ID</c> (header, or <c>lastEventId</c> in the query for clients that cannot set it) the missed notifications first, then each new one as it is made (<c>event: notification</c>, <c>id:</c> the notification's id), with a comment line every 30 s as a heartbeat.</remarks>
    [EndpointName("streamNotifications")]
    public static async Task StreamAsync(HttpContext http, INotificationService notifications, NotificationFeed feed, IConfiguration configuration,
        [FromKeyedServices(ConnectionSlots.Streams)] ConnectionSlots streams, CancellationToken ct)
    {
        var me = http.User.UserId()!.Value;
        // A cap per person on this node; the new stream is refused (an old one is often a tab still in use).
        using var slot = streams.TryOpen(me);
        if (slot is null)
        {
            await ApiPaths.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests,
                $"Too many open notification streams for this account (at most {streams.Limit}): close one, then connect again");
            return;
        }
        var heartbeat = TimeSpan.FromSeconds(configuration.GetValue("Notifications:HeartbeatSeconds", 30));
        var queue = Channel.CreateBounded<NotificationView>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        // Subscribed before the replay is read, so nothing made in between is missed (a duplicate id is skipped below).
        using var subscription = feed.Subscribe(me, n => queue.Writer.TryWrite(n));

        var sse = await SseWriter.StartAsync(http, TimeSpan.FromSeconds(5), ct);
        var sent = new HashSet<Guid>();
        if (Guid.TryParse(SseWriter.LastEventId(http.Request), out var after))
        {
            foreach (var missed in await notifications.AfterAsync(after, ct)) { await WriteAsync(missed); }
        }
        await sse.RunAsync(queue.Reader, heartbeat, WriteAsync, ct);

        Task WriteAsync(NotificationView n) =>
            sent.Add(n.Id) ? sse.WriteEventAsync(n.Id.ToString(), "notification", JsonSerializer.Serialize(n, JsonSetup.Options), ct) : Task.CompletedTask;
    }
}
