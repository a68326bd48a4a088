using AetherLearn.Core.Notifications;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Identity;
using AetherLearn.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AetherLearn.Web.Components.Sessions;

/// <summary>
/// The centre's day, kept live: it reloads when a session of the day changes (<see cref="DayRefresh"/>), so a supervisor
/// sees a register filled in or a hand go up without reloading the page.
/// </summary>
public partial class CentreDayBoard
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private ICentreDay CentreDay { get; set; } = default!;
    [Inject] private INotificationDeliveries Deliveries { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private RoomBus Rooms { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    /// <summary>Admins: the messages that could not be sent (the deliveries page is theirs).</summary>
    [Parameter] public bool ShowDeliveries { get; set; }

    /// <summary>Supervisors and above plan on the schedule; the empty day points there.</summary>
    [Parameter] public bool CanSchedule { get; set; }

    /// <summary>Deliveries the admin list shows at most: beyond it the count reads "200+".</summary>
    private const int DeliveriesListed = 200;
    private const int OverdueListed = 50;

    private CentreDayView? _day;
    private string? _error;
    private int _failedDeliveries;
    private Guid? _me;
    private bool _supervisor;
    private DayRefresh? _refresh;
    private bool _disposed;

    private string FailedText => _failedDeliveries >= DeliveriesListed ? $"{DeliveriesListed}+" : _failedDeliveries.ToString();

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState).User;
        _me = user.UserId();
        _supervisor = user.AppRole() is { } role && AetherLearn.Core.Common.Security.RoleRanks.Satisfies(role, AetherLearn.Core.Common.Security.Role.Supervisor);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Live from the interactive render only (never the prerender), once the day is known.
        if (_refresh is null && _day is not null && !_disposed && RendererInfo.IsInteractive)
        {
            _refresh = new DayRefresh(Rooms, () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }), Clock);
            _refresh.Watch(_day.Sessions.Select(s => s.Session.Id));
        }
    }

    private async Task LoadAsync()
    {
        if (_disposed) { return; }
        CentreDayView? day = null;
        var failed = 0;
        var error = await Actions.LoadAsync(async () =>
        {
            await Time.ZoneAsync();
            day = await CentreDay.CentreAsync();
            if (ShowDeliveries) { failed = (await Deliveries.ListAsync(DeliveryState.Failed)).Count; }
        }, "The centre's day could not be loaded. Try again in a moment.");
        // A failed refresh keeps what is on screen; only a first load shows the error.
        if (day is null) { _error = _day is null ? error : null; return; }
        (_day, _failedDeliveries, _error) = (day, failed, null);
        _refresh?.Watch(day.Sessions.Select(s => s.Session.Id));
    }

    private bool CanOpen(SessionListItem session) => _supervisor || session.TutorId == _me;

    private static string OverdueCount(CentreDayView day) => day.OverdueHomework.Count >= OverdueListed ? $"{OverdueListed}+" : day.OverdueHomework.Count.ToString();

    private static bool NeedsAnything(CentreDayView day) => day.RaisedHands > 0 || day.RegistersToMark > 0;

    private bool NeedsAnythingWithDeliveries(CentreDayView day) => NeedsAnything(day) || (ShowDeliveries && _failedDeliveries > 0);

    /// <summary>Hands up in one lesson: that lesson, where they are answered; in several, the list of them.</summary>
    private string HandsHref(CentreDayView day) =>
        day.Sessions.Where(s => s.RaisedHands > 0).ToList() is [var only] && CanOpen(only.Session) ? $"/tutor/sessions/{only.Session.Id}" : "#needs-attention";

    private static string RunningHint(CentreDayView day) =>
        day.Sessions.Count(s => s.Session.Status != SessionStatus.Cancelled) is var n and > 0 ? $"of {Plural(n, "session")} today" : "no sessions today";

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_refresh is not null) { await _refresh.DisposeAsync(); }
    }
}
