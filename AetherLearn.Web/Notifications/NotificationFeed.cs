using AetherLearn.Core.Common;
using AetherLearn.Core.Notifications;

namespace AetherLearn.Web.Notifications;

/// <summary>
/// New notifications, told through the live bus to the open SSE streams and Blazor bells of their owner (on every node
/// the bus reaches). Subscribers are keyed by user, so another user's notifications can never reach them.
/// </summary>
public sealed class NotificationFeed(ILiveBus bus, ILogger<NotificationFeed> logger) : INotificationPublisher
{
    public static readonly LiveTopic<Guid, NotificationView> Topic = new("notifications");

    public void Published(Guid userId, NotificationView notification) => bus.Post(Topic, userId, notification, logger);

    /// <summary>Listens for one user's new notifications until disposed; the callback must not block.</summary>
    public IDisposable Subscribe(Guid userId, Action<NotificationView> listener) => bus.Subscribe(Topic, userId, listener);
}
