using AetherLearn.Core.Notifications;
using AetherLearn.Web.Common;

namespace AetherLearn.Web.Notifications;

/// <summary>
/// New notifications, told to the open SSE streams and Blazor bells of their owner on this node. Subscribers are
/// keyed by user, so another user's notifications can never reach them.
/// </summary>
public sealed class NotificationFeed(ILogger<NotificationFeed> logger) : INotificationPublisher
{
    private readonly Subscribers<Guid, NotificationView> _users = new(logger);

    public void Published(Guid userId, NotificationView notification) => _users.Publish(userId, notification);

    /// <summary>Listens for one user's new notifications until disposed; the callback must not block.</summary>
    public IDisposable Subscribe(Guid userId, Action<NotificationView> listener) => _users.Subscribe(userId, listener);
}
