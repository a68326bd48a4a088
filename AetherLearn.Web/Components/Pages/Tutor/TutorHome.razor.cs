using AetherLearn.Web.Common;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Components.Sessions;
using AetherLearn.Web.Identity;
using AetherLearn.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AetherLearn.Web.Components.Pages.Tutor;

/// <summary>
/// A tutor's home: their lessons today, each student with what they need, kept live (<see cref="DayRefresh"/>). It is the
/// tutor's page only: a supervisor, admin or assessor who opens it is sent to their own home, which shows every lesson of
/// the centre (one page per purpose, never a "no sessions today" while the centre's lessons run).
/// </summary>
public partial class TutorHome
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private ICentreDay CentreDay { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private RoomBus Rooms { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private CentreDayView? _day;
    private string? _error;
    private DayRefresh? _refresh;
    private bool _disposed;

    protected override async Task OnInitializedAsync()
    {
        var role = (await AuthState).User.AppRole();
        if (role is { } other && other != Role.Teacher)
        {
            Navigation.NavigateTo(RoleHomes.Of(other), replace: true);
            return;
        }
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
        var error = await Actions.LoadAsync(async () =>
        {
            await Time.ZoneAsync();
            day = await CentreDay.MineAsync();
        }, "Your lessons could not be loaded. Try again in a moment.");
        // A failed refresh keeps what is on screen; only a first load shows the error.
        if (day is null) { _error = _day is null ? error : null; return; }
        (_day, _error) = (day, null);
        _refresh?.Watch(day.Sessions.Select(s => s.Session.Id));
    }

    private static string NextHint(CentreDayView day)
    {
        if (day.Sessions.FirstOrDefault(s => s.Session.Status == SessionStatus.InProgress) is { } running) { return $"{running.Session.Title} is under way"; }
        return day.Sessions.FirstOrDefault(s => s.Session.Status == SessionStatus.Scheduled) is { } next
            ? $"next: {next.Session.Title} at {LocalText.Time(LocalText.Parse(next.Session.LocalStart))}" : "all done for today";
    }

    private static string HandsHref(CentreDayView day) =>
        day.Sessions.Where(s => s.RaisedHands > 0).ToList() is [var only] ? $"/tutor/sessions/{only.Session.Id}" : "#my-lessons";

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_refresh is not null) { await _refresh.DisposeAsync(); }
    }
}
