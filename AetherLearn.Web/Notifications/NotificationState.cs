using AetherLearn.Core.Notifications;
using AetherLearn.Web.Identity;

namespace AetherLearn.Web.Notifications;

/// <summary>
/// The circuit's view of the user's notifications: the unread count the bell shows, kept live from the feed, and
/// refreshed by the notifications page when the user reads some. Components subscribe to <see cref="Changed"/>.
/// </summary>
internal sealed class NotificationState(INotificationService notifications, NotificationFeed feed, CurrentUser currentUser, ILogger<NotificationState> logger)
    : IDisposable
{
    private IDisposable? _subscription;
    private int _unread;

    public int Unread => _unread;

    /// <summary>Raised with the new notification, or null when only the count changed.</summary>
    public event Action<NotificationView?>? Changed;

    /// <summary>Subscribes once per circuit (from an interactive render, never the prerender).</summary>
    public async Task StartAsync()
    {
        if (_subscription is not null || currentUser.UserId is not { } me) { return; }
        _subscription = feed.Subscribe(me, n =>
        {
            Interlocked.Increment(ref _unread);
            Changed?.Invoke(n);
        });
        await RefreshAsync();
    }

    public async Task RefreshAsync()
    {
        try { Interlocked.Exchange(ref _unread, await notifications.UnreadCountAsync()); }
        catch (Exception ex) { logger.LogWarning(ex, "The unread count could not be read"); }
        Changed?.Invoke(null);
    }

    /// <summary>
    /// Where "Open" leads: the page the notification is about, or, for one stored before notifications carried their page,
    /// the reader's home.
    /// </summary>
    public string LinkOf(NotificationView n) => n.Link ?? (currentUser.Role is { } role ? NotificationLinks.HomeOf(role) : "/");

    public void Dispose() => _subscription?.Dispose();
}
