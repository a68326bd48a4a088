using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Components.Sessions;
using AetherLearn.Web.Gamification;
using AetherLearn.Web.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Tutor;

/// <summary>
/// A tutor's live view of one session: the page is a member of the session's room, so every change (a student's
/// progress, a raised hand, an action from another tutor or the API) shows within a moment, without polling.
/// </summary>
public partial class SessionPage
{
    [Parameter] public Guid SessionId { get; set; }
    [Inject] private ILessonService Lessons { get; set; } = default!;
    [Inject] private IAttendanceRegister Register { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private IHelpRequests Help { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private RoomConnections Rooms { get; set; } = default!;
    [Inject] private IGamificationService Gamification { get; set; } = default!;
    [Inject] private ProgressFeed Progress { get; set; } = default!;
    [Inject] private AetherLearn.Core.Centres.ICentreFeatures Switches { get; set; } = default!;
    [Inject] private AetherLearn.Core.Common.Security.ICurrentUser CurrentUser { get; set; } = default!;

    private SessionDetail? _detail;
    private IReadOnlyList<HelpRequestView> _help = [];
    private RoomConnection? _room;
    private string? _error;
    private string? _liveProblem;
    private string? _broadcast;
    /// <summary>What the last "Set work" did, shown in the page (not a pop-up over the buttons).</summary>
    private string? _workSet;
    private bool _joinStarted;
    private bool _disposed;
    private readonly CancellationTokenSource _stop = new();
    private const string NothingChanged = "That did not work. Nothing was changed; please try again.";
    private IReadOnlyDictionary<Guid, XpStanding> _standings = new Dictionary<Guid, XpStanding>();
    private readonly List<IDisposable> _xpSubscriptions = [];
    private int _standingsLoads;
    private bool _gamificationOn = true;
    private bool _homeworkOn = true;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;
    private SessionStatus Status => _room?.View.Status ?? _detail!.Session.Status;
    private IReadOnlyList<HelpRequestView> HelpItems => _room?.View.HelpQueue ?? _help;

    /// <summary>The room's cards; before the room is joined (or if it cannot be), the enrolments as they were loaded.</summary>
    private IReadOnlyList<StudentState> Students => _room?.View.Students is { Count: > 0 } live ? live
        : _detail!.Enrollments.Select(e => new StudentState(e.StudentId, e.StudentName, _detail.Session.CourseTitle, null, e.Attendance, PresenceStatus.Offline,
            false, e.Activity?.CurrentExerciseId, e.Activity?.CurrentExerciseTitle, null, 0, e.Activity?.ProgressPct ?? 0, e.Activity?.AverageScore,
            null, null, null, null)).ToList();

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Joined from an interactive render only (never the prerender), once the session has loaded.
        if (_joinStarted || _detail is null || _disposed) { return; }
        _joinStarted = true;
        RoomConnection? room = null;
        _liveProblem = await Actions.LoadAsync(async () => room = await Rooms.JoinAsync(SessionId, OnRoomMessage, _stop.Token),
            "Live updates are not available right now. Reload the page to try again.",
            ex => ex is ConflictException ? "" /* a cancelled session has no live room */ : null);
        // Leaving the page cancels the join: _disposed is set by then.
        if (_disposed)
        {
            // The tutor left while the room was opening.
            if (room is not null) { await room.DisposeAsync(); }
            return;
        }
        _room = room;
        _ = TickAsync(_stop.Token);
        // Each card's XP follows the student's awards as they are made.
        foreach (var studentId in _detail.Enrollments.Select(e => e.StudentId))
        {
            _xpSubscriptions.Add(Progress.Subscribe(studentId, notice => _ = InvokeAsync(async () => { await LoadStandingsAsync(); StateHasChanged(); })));
        }
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        _error = await Actions.LoadAsync(async () =>
        {
            _detail = await Lessons.GetAsync(SessionId);
            if (_room is null) { _help = await Help.QueueAsync(SessionId); }
        }, "The session could not be loaded. Please reload the page.",
            ex => ex is NotFoundException ? "This session does not exist in your centre." : null);
        if (CurrentUser.CentreId is { } centre)
        {
            var on = await Switches.OnAsync(centre);
            (_gamificationOn, _homeworkOn) = (on.Contains(AetherLearn.Core.Centres.CentreFeatures.Gamification), on.Contains(AetherLearn.Core.Centres.CentreFeatures.Homework));
        }
        if (_gamificationOn) { await LoadStandingsAsync(); }
    }

    /// <summary>XP on the cards is extra: if it cannot be read, the cards show without it.</summary>
    private async Task LoadStandingsAsync()
    {
        if (_detail is null) { return; }
        var load = Interlocked.Increment(ref _standingsLoads);
        await Actions.QuietlyAsync(async () =>
        {
            var standings = await Gamification.StandingsAsync(_detail.Enrollments.Select(e => e.StudentId).ToList());
            // Two awards close together start two loads: the later one's answer wins.
            if (load == _standingsLoads) { _standings = standings; }
        });
    }

    private void OnRoomMessage(ServerMessage message) => _ = InvokeAsync(async () =>
    {
        // Start and end change more than the cards (the summary, the buttons): read the session again.
        if (message.Type is RoomMessageTypes.SessionStarted or RoomMessageTypes.SessionEnded) { await LoadAsync(); }
        StateHasChanged();
    });

    /// <summary>Keeps "waiting 3 min" and "for 5 min" current between messages.</summary>
    private async Task TickAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) { await InvokeAsync(StateHasChanged); }
        }
        catch (OperationCanceledException) { }
    }

    private Task StartAsync() => Actions.RunAsync(async () => _detail = await Lessons.StartAsync(SessionId), "Session started", NothingChanged);

    private async Task EndAsync()
    {
        var unmarked = Students.Count(e => e.Attendance is null);
        var confirmed = await Dialogs.ShowMessageBoxAsync("End the session?",
            unmarked == 0 ? "Attendance is complete. A summary will be saved." : $"{unmarked} student(s) have no attendance mark yet. End anyway?",
            yesText: "End session", cancelText: "Not yet");
        if (confirmed == true) { await Actions.RunAsync(async () => _detail = await Lessons.EndAsync(SessionId), "Session ended", NothingChanged); }
    }

    private Task MarkAsync(StudentState student, AttendanceStatus status) =>
        Actions.RunAsync(async () =>
        {
            await Register.MarkAttendanceAsync(SessionId, new AttendanceRequest(student.StudentId, status));
            if (_room is null) { await LoadAsync(); }
        }, $"{student.Name}: {StudentCard.AttendanceLabel(status)}", NothingChanged);

    private Task AcknowledgeAsync(HelpRequestView h) =>
        Actions.RunAsync(async () => { await Help.AcknowledgeAsync(h.Id); if (_room is null) { await LoadAsync(); } }, $"{h.StudentName} knows you are on your way", NothingChanged);

    private Task ResolveAsync(HelpRequestView h) =>
        Actions.RunAsync(async () => { await Help.ResolveAsync(h.Id); if (_room is null) { await LoadAsync(); } }, $"{h.StudentName}'s request resolved", NothingChanged);

    private Task MessageAsync(StudentState student, string text) =>
        Actions.RunAsync(() => _room!.SendAsync(new TutorMessage(student.StudentId, text)), $"Message sent to {student.Name}", NothingChanged);

    private async Task BroadcastAsync()
    {
        var text = _broadcast?.Trim();
        if (string.IsNullOrEmpty(text)) { return; }
        await Actions.RunAsync(() => _room!.SendAsync(new TutorBroadcast(text)), "Message sent to all students", NothingChanged);
        _broadcast = null;
    }

    private async Task OpenPlanAsync(StudentState student)
    {
        if (_detail!.Enrollments.FirstOrDefault(e => e.StudentId == student.StudentId) is not { } enrolment) { return; }
        var parameters = new DialogParameters<StudentPlanDialog>
        {
            { d => d.SessionId, SessionId },
            { d => d.EnrolmentId, enrolment.Id },
            { d => d.StudentId, enrolment.StudentId },
            { d => d.HomeworkOn, _homeworkOn },
        };
        await Dialogs.ShowAsync<StudentPlanDialog>($"Plan for {enrolment.StudentName}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
    }

    /// <summary>One exercise for the whole group or chosen students in one action; the page says how many got it.</summary>
    private async Task OpenSetWorkAsync()
    {
        var parameters = new DialogParameters<SetWorkDialog>
        {
            { d => d.SessionId, SessionId },
            { d => d.Students, _detail!.Enrollments.Select(e => new WorkStudent(e.StudentId, e.StudentName)).ToList() },
            { d => d.HomeworkOn, _homeworkOn },
        };
        var dialog = await Dialogs.ShowAsync<SetWorkDialog>("Set work", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: SetWorkResult result })
        {
            _workSet = $"{result.ExerciseTitle} set {(result.Kind == WorkKind.Homework ? "as homework " : "as the next exercise ")}for {result.StudentIds.Count} student{(result.StudentIds.Count == 1 ? "" : "s")}.";
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var subscription in _xpSubscriptions) { subscription.Dispose(); }
        // Cancelled, not disposed: a join or tick still running may read its token.
        await _stop.CancelAsync();
        if (_room is not null) { await _room.DisposeAsync(); }
    }
}
