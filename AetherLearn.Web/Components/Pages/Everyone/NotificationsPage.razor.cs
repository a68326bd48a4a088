using AetherLearn.Core.Notifications;
using AetherLearn.Web.Notifications;
using Microsoft.AspNetCore.Components;

namespace AetherLearn.Web.Components.Pages.Everyone;

/// <summary>The user's notifications, newest first; new ones appear as they arrive.</summary>
public partial class NotificationsPage
{
    [Inject] private INotificationService Notifications { get; set; } = default!;
    [Inject] private NotificationState State { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private List<NotificationView>? _items;
    private string? _nextCursor;
    private bool _unreadOnly;
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        State.Changed += OnChanged;
        await Time.ZoneAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = await Actions.LoadAsync(async () =>
        {
            var page = await Notifications.ListAsync(null, 20, _unreadOnly);
            (_items, _nextCursor) = (page.Items.ToList(), page.NextCursor);
        }, "Your notifications could not be loaded. Check your connection and try again.");
        if (_error is not null) { _items = []; }
    }

    private async Task MoreAsync() => _error = await Actions.TryAsync(async () =>
    {
        var page = await Notifications.ListAsync(_nextCursor, 20, _unreadOnly);
        _items!.AddRange(page.Items);
        _nextCursor = page.NextCursor;
    }, "Older notifications could not be loaded. Please try again.");

    private async Task FilterAsync(bool unreadOnly)
    {
        _unreadOnly = unreadOnly;
        await LoadAsync();
    }

    private Task MarkAsync(NotificationView n) => ChangeAsync(async () =>
    {
        var read = await Notifications.MarkReadAsync(n.Id);
        var index = _items!.IndexOf(n);
        if (index >= 0) { _items[index] = read; }
        if (_unreadOnly) { _items.Remove(read); }
    });

    private async Task OpenAsync(NotificationView n)
    {
        if (n.ReadAt is null) { await MarkAsync(n); }
        Navigation.NavigateTo(State.LinkOf(n));
    }

    private Task MarkAllAsync() => ChangeAsync(async () =>
    {
        await Notifications.MarkAllReadAsync();
        await LoadAsync();
    });

    /// <summary>A change to what is read; the bell's count follows it.</summary>
    private async Task ChangeAsync(Func<Task> action) => _error = await Actions.TryAsync(async () =>
    {
        await action();
        await State.RefreshAsync();
    }, "That did not work. Please try again.");

    /// <summary>A new notification goes to the top of the list at once.</summary>
    private void OnChanged(NotificationView? arrived) => _ = InvokeAsync(() =>
    {
        if (arrived is not null && _items is not null && _items.All(i => i.Id != arrived.Id)) { _items.Insert(0, arrived); }
        StateHasChanged();
    });

    public void Dispose() => State.Changed -= OnChanged;
}
