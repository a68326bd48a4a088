using AetherLearn.Web.Common;
using System.Globalization;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Components.Sessions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Supervisor;

/// <summary>
/// The supervisor's week, Monday to Sunday in the centre's own time zone: a calendar with a time axis (a day-by-day list on
/// phones). An empty hour schedules a session there; a session opens its editor, or is dragged to another day and hour.
/// </summary>
public partial class Schedule
{
    /// <summary>One hour's height on the calendar, in rem (the stylesheet's rows are the same).</summary>
    private const double HourRem = 4;

    [Inject] private ISessionScheduling Scheduling { get; set; } = default!;
    [Inject] private ICentreService Centres { get; set; } = default!;
    [Inject] private ICurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private TimeZoneInfo? _zone;
    private DateTime _weekStart, _today, _selectedDay;
    private IReadOnlyList<SessionListItem>? _sessions;
    private IReadOnlyList<OpeningHours> _hours = [];
    private int _axisStart = 8, _axisEnd = 20;
    private SessionListItem? _dragging;
    private string? _error;
    /// <summary>What the last change did, said in the page under the week's controls (a pop-up in a corner would cover the calendar).</summary>
    private string? _notice;

    private IEnumerable<DateTime> Days => Enumerable.Range(0, 7).Select(d => _weekStart.AddDays(d));

    private sealed record Placed(SessionListItem Session, string Style);

    protected override async Task OnInitializedAsync()
    {
        _zone = await Centres.TimeZoneOfAsync(CurrentUser.CentreId);
        if (CurrentUser.CentreId is { } centre && await Centres.FindConfigAsync(centre) is { } config) { _hours = config.OpeningHours; }
        await MoveAsync(0);
    }

    private async Task MoveAsync(int days)
    {
        _today = TimeZoneInfo.ConvertTimeFromUtc(Clock.GetUtcNow().UtcDateTime, _zone!).Date;
        if (days == 0) { _weekStart = _today.AddDays(-(((int)_today.DayOfWeek + 6) % 7)); }
        else { _weekStart = _weekStart.AddDays(days); }
        // The day a new session goes on: today in this week, otherwise the week's Monday, until one is chosen.
        _selectedDay = _today >= _weekStart && _today < _weekStart.AddDays(7) ? _today : _weekStart;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = await Actions.LoadAsync(async () =>
        {
            var from = ScheduleRules.ToUtc(DateTime.SpecifyKind(_weekStart, DateTimeKind.Unspecified), _zone!);
            var to = ScheduleRules.ToUtc(DateTime.SpecifyKind(_weekStart.AddDays(7), DateTimeKind.Unspecified), _zone!);
            _sessions = await Scheduling.BetweenAsync(from, to);
            FitAxis();
        }, "The schedule could not be loaded. Please try again.");
    }

    private static DateTime Local(string local) => DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static int HourOf(string hhmm, int fallback) =>
        TimeOnly.TryParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.Hour : fallback;

    /// <summary>The axis covers the opening hours and every session of the week (from the hour before the earliest).</summary>
    private void FitAxis()
    {
        var starts = _hours.Select(h => HourOf(h.Opens, 8)).Concat(_sessions!.Select(s => Local(s.LocalStart).Hour)).DefaultIfEmpty(8);
        var ends = _hours.Select(h => HourOf(h.Closes, 20) + (h.Closes.EndsWith(":00", StringComparison.Ordinal) ? 0 : 1))
            .Concat(_sessions!.Select(s => Local(s.LocalEnd) is var e && e.Date > Local(s.LocalStart).Date ? 24 : e.Hour + (e.Minute > 0 ? 1 : 0)))
            .DefaultIfEmpty(20);
        (_axisStart, _axisEnd) = (Math.Max(0, starts.Min() - 1), Math.Min(24, Math.Max(ends.Max() + 1, starts.Min() + 4)));
    }

    private bool IsOpen(DateTime day, int hour) =>
        _hours.FirstOrDefault(h => h.Day == day.DayOfWeek) is { } open && HourOf(open.Opens, 0) <= hour && hour < HourOf(open.Closes, 0) + (open.Closes.EndsWith(":00", StringComparison.Ordinal) ? 0 : 1);

    /// <summary>A day's sessions with their place: top and height by time, side by side where they overlap.</summary>
    private IEnumerable<Placed> PlacedOn(DateTime day)
    {
        var key = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sessions = _sessions!.Where(s => s.LocalStart.StartsWith(key, StringComparison.Ordinal)).OrderBy(s => s.StartsAt).ToList();
        var laneEnds = new List<DateTime>();
        var lanes = new List<int>();
        foreach (var s in sessions)
        {
            var lane = laneEnds.FindIndex(end => end <= s.StartsAt);
            if (lane < 0) { laneEnds.Add(s.EndsAt); lane = laneEnds.Count - 1; } else { laneEnds[lane] = s.EndsAt; }
            lanes.Add(lane);
        }
        var width = 100.0 / Math.Max(1, laneEnds.Count);
        for (var i = 0; i < sessions.Count; i++)
        {
            var start = Local(sessions[i].LocalStart);
            var end = Local(sessions[i].LocalEnd);
            var fromTop = Math.Max(0, (start.Hour - _axisStart) + start.Minute / 60.0);
            var length = Math.Max(0.5, Math.Min((end - start).TotalHours, _axisEnd - _axisStart - fromTop));
            yield return new Placed(sessions[i], string.Create(CultureInfo.InvariantCulture,
                $"top:{fromTop * HourRem:0.##}rem;height:{length * HourRem:0.##}rem;left:{lanes[i] * width:0.##}%;width:{width:0.##}%"));
        }
    }

    private static string Describe(SessionListItem s) =>
        $"{s.Title}, {LocalText.WeekdayDate(Local(s.LocalStart))} {LocalText.Span(s.LocalStart, s.LocalEnd)}, {s.TutorName}, {s.Enrolled} of {s.Capacity} places"
        + (s.Status == SessionStatus.Cancelled ? $", cancelled{(s.CancelReason is { } why ? $": {why}" : "")}" : "");

    private static bool CanMove(SessionListItem s) => s.Status == SessionStatus.Scheduled;

    private DialogOptions EditorOptions => new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true };

    private async Task NewAsync(DateTime day, int? hour)
    {
        _selectedDay = day;
        var parameters = new DialogParameters<SessionEditorDialog>
        {
            { d => d.Day, day },
            { d => d.Start, hour is { } h ? $"{h:00}:00" : null },
            { d => d.Groups, _sessions ?? [] },
        };
        var dialog = await Dialogs.ShowAsync<SessionEditorDialog>("New session", parameters, EditorOptions);
        await ShowOutcomeAsync(dialog);
    }

    private async Task OpenAsync(SessionListItem session)
    {
        var parameters = new DialogParameters<SessionEditorDialog> { { d => d.Session, session }, { d => d.Groups, _sessions ?? [] } };
        var dialog = await Dialogs.ShowAsync<SessionEditorDialog>($"Edit {session.Title}", parameters, EditorOptions);
        await ShowOutcomeAsync(dialog);
    }

    private async Task ShowOutcomeAsync(IDialogReference dialog)
    {
        if (await dialog.Result is { Canceled: false, Data: string done }) { _notice = done; }
        await LoadAsync();
    }

    /// <summary>A session dropped on an hour moves there, keeping its minutes past the hour and its length.</summary>
    private async Task DropAsync(DateTime day, int hour)
    {
        if (_dragging is not { } s || !CanMove(s)) { return; }
        _dragging = null;
        var oldStart = Local(s.LocalStart);
        var start = DateTime.SpecifyKind(day.Date.AddHours(hour).AddMinutes(oldStart.Minute), DateTimeKind.Unspecified);
        var end = start + (Local(s.LocalEnd) - oldStart);
        if (start == oldStart) { return; }
        string? warning = null;
        if (!await Actions.RunAsync(async () => warning = await Scheduling.OpeningHoursWarningAsync(start, end))) { return; }
        var question = $"Move {s.Title} to {start:dddd d MMMM HH:mm}?" + (warning is null ? "" : $" {warning}");
        var confirmed = await Dialogs.ShowMessageBoxAsync(warning is null ? "Move the session?" : "Move outside opening hours?", question,
            yesText: "Move it", cancelText: "Keep it where it was");
        if (confirmed != true) { return; }
        if (await Actions.RunAsync(() => Scheduling.UpdateAsync(s.Id, new UpdateSessionRequest(StartsAt: start, EndsAt: end)), failed: "The session was not moved; please try again."))
        {
            _notice = $"{s.Title} moved to {start:ddd d MMM HH:mm}";
            await LoadAsync();
        }
    }
}
