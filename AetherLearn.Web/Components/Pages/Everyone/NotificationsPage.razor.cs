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

    private List<NotificationView>? _items;
    private string? _nextCursor;
    private bool _unreadOnly;
    private bool _busy;
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        State.Changed += OnChanged;
        await Time.ZoneAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var page = await Notifications.ListAsync(null, 20, _unreadOnly);
            (_items, _nextCursor, _error) = (page.Items.ToList(), page.NextCursor, null);
        }
        catch (Exception) { (_items, _error) = ([], "Your notifications could not be loaded. Please reload the page."); }
    }

    private async Task MoreAsync()
    {
        _busy = true;
        try
        {
            var page = await Notifications.ListAsync(_nextCursor, 20, _unreadOnly);
            _items!.AddRange(page.Items);
            _nextCursor = page.NextCursor;
        }
        catch (Exception) { _error = "Older notifications could not be loaded. Please try again."; }
        finally { _busy = false; }
    }

    private async Task FilterAsync(bool unreadOnly)
    {
        _unreadOnly = unreadOnly;
        await LoadAsync();
    }

    private async Task MarkAsync(NotificationView n)
    {
        await RunAsync(async () =>
        {
            var read = await Notifications.MarkReadAsync(n.Id);
            var index = _items!.IndexOf(n);
            if (index >= 0) { _items[index] = read; }
            if (_unreadOnly) { _items.Remove(read); }
        });
    }

    private async Task OpenAsync(NotificationView n)
    {
        if (n.ReadAt is null) { await MarkAsync(n); }
        Navigation.NavigateTo(n.Link!);
    }

    private Task MarkAllAsync() => RunAsync(async () =>
    {
        await Notifications.MarkAllReadAsync();
        await LoadAsync();
    });

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
            await State.RefreshAsync();
        }
        catch (Exception) { _error = "That did not work. Please try again."; }
        finally { _busy = false; }
    }

    /// <summary>A new notification goes to the top of the list at once.</summary>
    private void OnChanged(NotificationView? arrived) => _ = InvokeAsync(() =>
    {
        if (arrived is not null && _items is not null && _items.All(i => i.Id != arrived.Id)) { _items.Insert(0, arrived); }
        StateHasChanged();
    });

    public void Dispose() => State.Changed -= OnChanged;
}
