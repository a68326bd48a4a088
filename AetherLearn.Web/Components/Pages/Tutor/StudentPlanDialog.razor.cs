using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Tutor;

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
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;

    private LessonPlan? _plan;
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
        try { _plan = await Lessons.PlanAsync(SessionId, StudentId); }
        catch (Exception) { _error = "The plan could not be loaded. Please try again."; }
    }

    private Task AddNoteAsync() => RunAsync(async () =>
    {
        await Lessons.AddNoteAsync(SessionId, StudentId, new NoteRequest(_note));
        _note = null;
    }, "Note added");

    private Task AssignAsync() => RunAsync(() => Lessons.AssignContentAsync(EnrolmentId, new AssignContentRequest(_exerciseId)), "The student will do this exercise next");

    private Task ClearAsync(Guid courseId) =>
        RunAsync(() => Lessons.AssignContentAsync(EnrolmentId, new AssignContentRequest(null, courseId)), "Back to the automatic sequence");

    private Task SetHomeworkAsync() => RunAsync(() =>
        // 18:00 on the chosen day, in the centre's own time zone.
        Homework.AssignAsync(new AssignHomeworkRequest(StudentId, _exerciseId, DateTime.SpecifyKind(_due!.Value.Date.AddHours(18), DateTimeKind.Unspecified))),
        "Homework set");

    private Task ReleaseAsync(Guid exerciseId) =>
        RunAsync(() => Attempts.ReleaseAnswersAsync(exerciseId, new Core.Attempts.ReleaseAnswersRequest(StudentId)), "The student can now see the answers in their review");

    private async Task RunAsync(Func<Task> action, string done)
    {
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
        }
        catch (DomainValidationException ex) { Snackbar.Add(string.Join(" ", ex.Details.Values), Severity.Warning); }
        catch (Exception) { Snackbar.Add("That did not work; please try again.", Severity.Error); }
    }
}
