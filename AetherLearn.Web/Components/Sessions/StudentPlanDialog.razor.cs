using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Sessions;

public partial class StudentPlanDialog
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter] public Guid SessionId { get; set; }
    [Parameter] public Guid EnrolmentId { get; set; }
    [Parameter] public Guid StudentId { get; set; }
    /// <summary>False while the centre has homework off: no open homework, no "set as homework".</summary>
    [Parameter] public bool HomeworkOn { get; set; } = true;
    [Inject] private ILessonPlanning Lessons { get; set; } = default!;
    [Inject] private IHomeworkService Homework { get; set; } = default!;
    [Inject] private Core.Attempts.IAttemptService Attempts { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private Core.Progression.IProgressCharts Charts { get; set; } = default!;

    private LessonPlan? _plan;
    private Core.Progression.ScoreTrend? _trend;
    private string? _error;
    private string? _note;
    private Guid? _exerciseId;
    private DateTime? _due;

    protected override async Task OnInitializedAsync()
    {
        _due = (await Time.TodayAsync()).AddDays(7);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = null;
        _error = await Actions.LoadAsync(async () =>
        {
            var plan = await Lessons.PlanAsync(SessionId, StudentId);
            // The last four weeks: a tutor's glance at the recent trend, not the whole history.
            _trend = (await Charts.ForStudentAsync(StudentId, weeks: 4)).Scores;
            _plan = plan;
        }, "The plan could not be loaded. Please try again.");
    }

    private Task AddNoteAsync() => ChangeAsync(async () =>
    {
        await Lessons.AddNoteAsync(SessionId, StudentId, new NoteRequest(_note));
        _note = null;
    }, "Note added");

    private Task AssignAsync() => ChangeAsync(() => Lessons.AssignContentAsync(EnrolmentId, new AssignContentRequest(_exerciseId)), "The student will do this exercise next");

    private Task ClearAsync(Guid courseId) =>
        ChangeAsync(() => Lessons.AssignContentAsync(EnrolmentId, new AssignContentRequest(null, courseId)), "Back to the automatic sequence");

    private Task SetHomeworkAsync() => ChangeAsync(() =>
        // 18:00 on the chosen day, in the centre's own time zone.
        Homework.AssignAsync(new AssignHomeworkRequest(StudentId, _exerciseId, DateTime.SpecifyKind(_due!.Value.Date.AddHours(18), DateTimeKind.Unspecified))),
        "Homework set");

    private Task ReleaseAsync(Guid exerciseId) =>
        ChangeAsync(() => Attempts.ReleaseAnswersAsync(exerciseId, new Core.Attempts.ReleaseAnswersRequest(StudentId)), "The student can now see the answers in their review");

    /// <summary>Each change shows in the plan as soon as it is made.</summary>
    private async Task ChangeAsync(Func<Task> action, string done)
    {
        if (await Actions.RunAsync(action, done, "That did not work; please try again.")) { await LoadAsync(); }
    }
}
