using AetherLearn.Core.Sessions;
using AetherLearn.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AetherLearn.Web.Components.Sessions;

/// <summary>The student's live lesson on their pages: its state, the raised hand, and what the tutor sends.</summary>
public partial class LiveLessonPanel
{
    /// <summary>The exercise open on this page, if any (so work already open is not offered again).</summary>
    [Parameter] public Guid? CurrentExerciseId { get; set; }
    [Inject] private StudentLiveLink Link { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private string? _handMessage;
    private long _lastNoticeShown;
    private DotNetObjectReference<LiveLessonPanel>? _self;
    private IJSObjectReference? _visibility;

    protected override void OnInitialized()
    {
        Link.Changed += OnChanged;
        _lastNoticeShown = Link.Notices.Count > 0 ? Link.Notices[0].Sequence : 0;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) { return; }
        // Only the interactive render joins the room; the prerender must not.
        await Link.StartAsync();
        try
        {
            _self = DotNetObjectReference.Create(this);
            _visibility = await Js.InvokeAsync<IJSObjectReference>("aetherLive.watchVisibility", _self);
        }
        catch (JSException) { /* without the script the page counts as visible */ }
    }

    [JSInvokable]
    public Task VisibilityChanged(bool visible) => Link.VisibilityChangedAsync(visible);

    private void OnChanged() => _ = InvokeAsync(() =>
    {
        // Newest first: tell the student about what arrived since the last one shown.
        foreach (var notice in Link.Notices.Where(n => n.Sequence > _lastNoticeShown).Reverse())
        {
            Snackbar.Add(notice.Text, Severity.Info);
            _lastNoticeShown = notice.Sequence;
        }
        StateHasChanged();
    });

    private async Task RaiseHandAsync()
    {
        await Actions.RunAsync(() => Link.RaiseHandAsync(_handMessage), "Your hand is up. Your tutor will come to you.");
        _handMessage = null;
    }

    private Task CancelHandAsync() => Actions.RunAsync(Link.CancelHandAsync, "Your hand is down.");

    private static string StatusText(SessionStatus status, AttendanceStatus? attendance)
    {
        var state = status switch
        {
            SessionStatus.InProgress => "The lesson is on.",
            SessionStatus.Completed => "The lesson has ended.",
            SessionStatus.Cancelled => "The lesson was cancelled.",
            _ => "Waiting for your tutor to start the lesson.",
        };
        return attendance switch
        {
            AttendanceStatus.Attending => $"{state} You are marked present.",
            AttendanceStatus.Late => $"{state} You are marked late.",
            _ => state,
        };
    }

    public async ValueTask DisposeAsync()
    {
        Link.Changed -= OnChanged;
        if (_visibility is not null) { try { await _visibility.InvokeVoidAsync("dispose"); await _visibility.DisposeAsync(); } catch (JSDisconnectedException) { } }
        _self?.Dispose();
    }
}
