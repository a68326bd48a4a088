using AetherLearn.Core.Attempts;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AetherLearn.Web.Components.Pages.Student;

public partial class StudentHome
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private ISequencing Sequencing { get; set; } = default!;
    [Inject] private IExerciseCatalog Catalog { get; set; } = default!;
    [Inject] private IHomeworkService Homework { get; set; } = default!;
    [Inject] private IAttemptQueries Attempts { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private bool _loading = true;
    private string? _error;
    private List<(string Course, NextContent Next, bool InProgress)> _next = [];
    private IReadOnlyList<HomeworkItem> _homework = [];
    private List<(Guid AttemptId, string Title, string FinishedAt, int Score)> _recent = [];

    protected override async Task OnInitializedAsync()
    {
        _error = await Actions.LoadAsync(async () =>
        {
            await Time.ZoneAsync();
            var me = (await AuthState).User.UserId()!.Value;
            var recent = await Attempts.RecentAsync(me, 20);
            foreach (var (courseId, title) in await Catalog.AllCoursesAsync())
            {
                var next = await Sequencing.NextAsync(me, courseId);
                _next.Add((title, next, recent.Any(a => a.ExerciseId == next.ExerciseId && a.Status == AttemptStatus.InProgress)));
            }
            _homework = await Homework.ListAsync(null);
            var done = recent.Where(a => a.Status == AttemptStatus.Submitted).Take(8).ToList();
            var titles = await Catalog.FindManyAsync(done.Select(a => a.ExerciseId));
            _recent = done.Select(a => (a.Id, titles.GetValueOrDefault(a.ExerciseId)?.Title ?? "", Time.Local(a.SubmittedAt!.Value).ToString("d MMM HH:mm"), a.ScorePercent ?? 0)).ToList();
        }, "Your work could not be loaded. Please refresh the page.");
        _loading = false;
    }
}
