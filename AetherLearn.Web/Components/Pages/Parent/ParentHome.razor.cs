using AetherLearn.Web.Common;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Parent;

/// <summary>
/// The parent's home: a tab per child with their week (lessons this week in the centre's time zone and whether they came,
/// homework due and overdue, recent results, XP and level) and their progress charts.
/// </summary>
public partial class ParentHome
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private IUserService Users { get; set; } = default!;
    [Inject] private IHomeworkService Homework { get; set; } = default!;
    [Inject] private IProgressOverview Progress { get; set; } = default!;
    [Inject] private IProgressCharts Charts { get; set; } = default!;
    [Inject] private IStudentLessons Lessons { get; set; } = default!;
    [Inject] private IGamificationService Gamification { get; set; } = default!;
    [Inject] private ICentreFeatures Features { get; set; } = default!;
    [Inject] private Core.Common.Security.ICurrentUser CurrentUser { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    /// <summary>The child whose tab opens first (a notification about them links here with <c>?child=</c>).</summary>
    [SupplyParameterFromQuery(Name = "child")] public Guid? Child { get; set; }

    private List<ChildView>? _children;
    private string? _error;
    private string? _weekLabel;
    private bool _gamificationOn;
    private bool _homeworkOn;
    private int _tab;

    /// <summary>How a lesson of the week stands for the child, in the order the stat lists them.</summary>
    public enum LessonKind { Attended, Late, Absent, Excused, Upcoming, Unmarked, Cancelled }

    public sealed record WeekLesson(string When, string Title, string? Tutor, LessonKind Kind)
    {
        public string State => Kind switch
        {
            LessonKind.Unmarked => "Not marked yet",
            _ => Kind.ToString(),
        };

        public Color Colour => Kind switch
        {
            LessonKind.Attended => Color.Success,
            LessonKind.Late => Color.Warning,
            LessonKind.Absent => Color.Error,
            LessonKind.Upcoming => Color.Info,
            _ => Color.Default,
        };
    }

    public sealed record ChildView(Guid Id, string Name, IReadOnlyList<WeekLesson> Lessons, IReadOnlyList<HomeworkItem> Homework, string? NextDue,
        IReadOnlyList<(string Title, string FinishedAt, int Score)> Results, StudentProgressCharts? Progress, GamificationProfile? Profile);

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _error = null;
        _error = await Actions.LoadAsync(async () =>
        {
            var zone = await Time.ZoneAsync();
            var on = CurrentUser.CentreId is { } centre ? await Features.OnAsync(centre) : new HashSet<string>();
            _gamificationOn = on.Contains(CentreFeatures.Gamification);
            _homeworkOn = on.Contains(CentreFeatures.Homework);
            // The week runs Monday to Sunday in the centre's own time zone, whatever the server's.
            var now = Clock.GetUtcNow().UtcDateTime;
            var today = await Time.TodayAsync();
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            _weekLabel = $"Week of {monday:d MMMM}";
            var (from, to) = (TimeZoneInfo.ConvertTimeToUtc(monday, zone), TimeZoneInfo.ConvertTimeToUtc(monday.AddDays(7), zone));

            var me = await Users.GetAsync((await AuthState).User.UserId()!.Value);
            var children = new List<ChildView>();
            // Only the children linked to this parent are read (UserService returns this parent's own links; each read checks it again).
            foreach (var child in me.Children)
            {
                var lessons = (await Lessons.BetweenAsync(child.Id, from, to)).Select(l => new WeekLesson(
                    Time.DayAndTime(l.StartsAt), l.Title, l.TutorName, KindOf(l, now))).ToList();
                var homework = _homeworkOn ? await Homework.ListAsync(child.Id) : [];
                var nextDue = homework.Where(h => h.Status is HomeworkStatus.Assigned or HomeworkStatus.InProgress).OrderBy(h => h.DueDate)
                    .Select(h => Time.Day(h.DueDate)).FirstOrDefault();
                var results = (await Progress.RecentResultsAsync(child.Id, 10))
                    .Select(r => (r.ExerciseTitle, Time.DayAndTime(r.SubmittedAt), r.ScorePercent)).ToList();
                var profile = _gamificationOn ? await Gamification.ProfileAsync(child.Id) : null;
                children.Add(new ChildView(child.Id, child.Name, lessons, homework, nextDue, results, await Charts.ForStudentAsync(child.Id), profile));
            }
            _children = children;
            ShowChild();
        }, "Your children's week could not be loaded. Please try again.");
    }

    private static LessonKind KindOf(StudentLesson lesson, DateTime now) => (lesson.Status, lesson.Attendance) switch
    {
        (SessionStatus.Cancelled, _) => LessonKind.Cancelled,
        (_, AttendanceStatus.Attending) => LessonKind.Attended,
        (_, AttendanceStatus.Late) => LessonKind.Late,
        (_, AttendanceStatus.Absent) => LessonKind.Absent,
        (_, AttendanceStatus.Excused) => LessonKind.Excused,
        _ when lesson.EndsAt > now => LessonKind.Upcoming,
        _ => LessonKind.Unmarked,
    };

    // Opening another child's notification while already here changes only the query.
    protected override void OnParametersSet() => ShowChild();

    /// <summary>A child not linked to this parent (or none named) opens the first tab.</summary>
    private void ShowChild() => _tab = Math.Max(0, _children?.FindIndex(c => c.Id == Child) ?? 0);
}
