using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Sessions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Tutor;

/// <summary>
/// A tutor's live view of one session. It refreshes every few seconds so students' progress shows up
/// (the real-time room of the live-session module will replace the polling).
/// </summary>
public partial class SessionPage
{
    [Parameter] public Guid SessionId { get; set; }
    [Inject] private ILessonService Lessons { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IHelpRequests Help { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private IReadOnlyList<HelpRequestView> _help = [];

    private SessionDetail? _detail;
    private string? _error;
    private bool _busy;
    private readonly CancellationTokenSource _stop = new();

    protected override void OnInitialized() => _ = RefreshLoopAsync(_stop.Token);

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            _detail = await Lessons.GetAsync(SessionId);
            _help = await Help.QueueAsync(SessionId);
            _error = null;
        }
        catch (NotFoundException) { _error = "This session does not exist in your centre."; }
        catch (Exception) { _error = "The session could not be loaded. It will be tried again in a moment."; }
    }

    private async Task RefreshLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
            }
        }
        catch (OperationCanceledException) { }
    }

    private Task StartAsync() => RunAsync(async () => _detail = await Lessons.StartAsync(SessionId), "Session started");

    private async Task EndAsync()
    {
        var unmarked = _detail!.Enrollments.Count(e => e.Attendance is null);
        var confirmed = await Dialogs.ShowMessageBoxAsync("End the session?",
            unmarked == 0 ? "Attendance is complete. A summary will be saved." : $"{unmarked} student(s) have no attendance mark yet. End anyway?",
            yesText: "End session", cancelText: "Not yet");
        if (confirmed == true) { await RunAsync(async () => _detail = await Lessons.EndAsync(SessionId), "Session ended"); }
    }

    private Task MarkAsync(EnrolmentView enrolment, AttendanceStatus status) =>
        RunAsync(async () =>
        {
            await Lessons.MarkAttendanceAsync(SessionId, new AttendanceRequest(enrolment.StudentId, status));
            await LoadAsync();
        }, $"{enrolment.StudentName}: {AttendanceLabel(status)}");

    private Task AcknowledgeAsync(HelpRequestView h) =>
        RunAsync(async () => { await Help.AcknowledgeAsync(h.Id); await LoadAsync(); }, $"{h.StudentName} knows you are on your way");

    private Task ResolveAsync(HelpRequestView h) =>
        RunAsync(async () => { await Help.ResolveAsync(h.Id); await LoadAsync(); }, $"{h.StudentName}'s request resolved");

    private async Task OpenPlanAsync(EnrolmentView enrolment)
    {
        var parameters = new DialogParameters<StudentPlanDialog>
        {
            { d => d.SessionId, SessionId },
            { d => d.EnrolmentId, enrolment.Id },
            { d => d.StudentId, enrolment.StudentId },
        };
        await Dialogs.ShowAsync<StudentPlanDialog>($"Plan for {enrolment.StudentName}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
    }

    private async Task RunAsync(Func<Task> action, string done)
    {
        _busy = true;
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (ConflictException ex) { Snackbar.Add(ex.Message, Severity.Warning); }
        catch (DomainValidationException ex) { Snackbar.Add(string.Join(" ", ex.Details.Values), Severity.Warning); }
        catch (Exception) { Snackbar.Add("That did not work. Nothing was changed; please try again.", Severity.Error); }
        finally { _busy = false; }
    }

    internal static string AttendanceLabel(AttendanceStatus status) => status switch
    {
        AttendanceStatus.Attending => "Present",
        AttendanceStatus.Late => "Late",
        AttendanceStatus.Absent => "Absent",
        _ => "Excused",
    };

    private static string ActivityText(EnrolmentView e) => e.Activity switch
    {
        { CurrentExerciseTitle: { } title } a => $"Working on {title} ({a.ProgressPct}%)" + (a.ExercisesCompleted > 0 ? $" · {a.ExercisesCompleted} done" : ""),
        { ExercisesCompleted: > 0 } a => $"{a.ExercisesCompleted} exercise(s) done, average {a.AverageScore}%",
        _ => "Not started yet",
    };

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
