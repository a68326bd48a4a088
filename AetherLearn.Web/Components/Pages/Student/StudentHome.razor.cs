using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AetherLearn.Web.Components.Pages.Student;

public partial class StudentHome
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private IProgressOverview Progress { get; set; } = default!;
    [Inject] private IHomeworkService Homework { get; set; } = default!;
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
            _next = (await Progress.NextUpAsync(me)).Select(c => (c.CourseTitle, c.Next, c.InProgress)).ToList();
            _homework = await Homework.ListAsync(null);
            _recent = (await Progress.RecentResultsAsync(me, 8)).Select(r => (r.AttemptId, r.ExerciseTitle, Time.Local(r.SubmittedAt).ToString("d MMM HH:mm"), r.ScorePercent)).ToList();
        }, "Your work could not be loaded. Please refresh the page.");
        _loading = false;
    }
}
