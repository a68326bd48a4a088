using AetherLearn.Web.Common;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AetherLearn.Web.Components.Pages.Student;

/// <summary>
/// A student's home: the lesson (under way, from the live panel, or the next one) and the next work first, then homework,
/// how far they are through each level, and their latest results. Words and targets are for children.
/// </summary>
public partial class StudentHome
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private IProgressOverview Progress { get; set; } = default!;
    [Inject] private ILevelProgress Levels { get; set; } = default!;
    [Inject] private ICentreDay Lessons { get; set; } = default!;
    [Inject] private IHomeworkService Homework { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    /// <summary>From this long before a lesson the live panel shows it; the "next lesson" card steps aside.</summary>
    private static readonly TimeSpan LivePanelLead = TimeSpan.FromMinutes(15);

    private bool _loading = true;
    private string? _error;
    private string _firstName = "";
    private string? _today;
    private SessionListItem? _nextLesson;
    private List<(string Course, NextContent Next, bool InProgress)> _next = [];
    private IReadOnlyList<HomeworkItem> _homework = [];
    private IReadOnlyList<LevelProgressView> _levels = [];
    private List<(Guid AttemptId, string Title, string FinishedAt, int Score)> _recent = [];

    private string Encouragement => _next.Any(n => n.InProgress) ? "You have work on the go: carry on where you left off."
        : _next.Any(n => n.Next.ExerciseId is not null) ? "Ready for your next step? Let's go!" : "Great to see you.";

    protected override async Task OnInitializedAsync()
    {
        _firstName = ((await AuthState).User.Identity?.Name ?? "").Split(' ')[0];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        _error = await Actions.LoadAsync(async () =>
        {
            _today = LocalText.WeekdayDate(await Time.TodayAsync());
            var me = (await AuthState).User.UserId()!.Value;
            var next = await Lessons.StudentNextAsync();
            _nextLesson = next is { Status: SessionStatus.Scheduled } && next.StartsAt - Clock.GetUtcNow().UtcDateTime > LivePanelLead ? next : null;
            _next = (await Progress.NextUpAsync(me)).Select(c => (c.CourseTitle, c.Next, c.InProgress)).ToList();
            _homework = await Homework.ListAsync(null);
            _levels = await Levels.OfAsync(me);
            _recent = (await Progress.RecentResultsAsync(me, 8)).Select(r => (r.AttemptId, r.ExerciseTitle, Time.DayAndTime(r.SubmittedAt), r.ScorePercent)).ToList();
        }, "Your work could not be loaded. Try again in a moment.");
        _loading = false;
    }

    private string LessonWhen(SessionListItem lesson)
    {
        var start = Time.Local(lesson.StartsAt);
        var today = Time.Local(Clock.GetUtcNow().UtcDateTime).Date;
        var day = start.Date == today ? "Today" : start.Date == today.AddDays(1) ? "Tomorrow" : LocalText.WeekdayDate(start);
        return $"{day} at {start:HH:mm}";
    }

    private static string Cheer(LevelProgressView level) => level switch
    {
        { Total: 0 } => "This level has no exercises yet.",
        { Mastered: 0 } => "Every exercise you master fills this bar. You can do it!",
        _ when level.Mastered == level.Total => "Level complete: amazing!",
        _ when level.Percent >= 50 => "More than halfway there. Keep it up!",
        _ => "Great start. Keep going!",
    };
}
