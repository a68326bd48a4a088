using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Components.Sessions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Supervisor;

/// <summary>The supervisor's week, Monday to Sunday in the centre's own time zone.</summary>
public partial class Schedule
{
    [Inject] private ISessionScheduling Scheduling { get; set; } = default!;
    [Inject] private ICentreService Centres { get; set; } = default!;
    [Inject] private ICurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private TimeZoneInfo? _zone;
    private DateTime _weekStart;
    private IReadOnlyList<SessionListItem>? _sessions;
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        _zone = await Centres.TimeZoneOfAsync(CurrentUser.CentreId);
        await MoveAsync(0);
    }

    private async Task MoveAsync(int days)
    {
        if (days == 0)
        {
            var today = TimeZoneInfo.ConvertTimeFromUtc(Clock.GetUtcNow().UtcDateTime, _zone!).Date;
            _weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        }
        else { _weekStart = _weekStart.AddDays(days); }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = await Actions.LoadAsync(async () =>
        {
            var from = ScheduleRules.ToUtc(DateTime.SpecifyKind(_weekStart, DateTimeKind.Unspecified), _zone!);
            var to = ScheduleRules.ToUtc(DateTime.SpecifyKind(_weekStart.AddDays(7), DateTimeKind.Unspecified), _zone!);
            _sessions = await Scheduling.BetweenAsync(from, to);
        }, "The schedule could not be loaded. Please try again.");
    }

    private async Task OpenAsync(SessionListItem? session)
    {
        var parameters = new DialogParameters<SessionEditorDialog> { { d => d.Session, session } };
        var dialog = await Dialogs.ShowAsync<SessionEditorDialog>(session is null ? "New session" : $"Edit {session.Title}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
        await dialog.Result;
        await LoadAsync();
        StateHasChanged();
    }
}
