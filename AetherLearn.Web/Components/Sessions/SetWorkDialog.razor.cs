using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Sessions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Sessions;

/// <summary>A student of the session, as the dialog lists them.</summary>
public sealed record WorkStudent(Guid Id, string Name);

public partial class SetWorkDialog
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter] public Guid SessionId { get; set; }
    [Parameter] public IReadOnlyList<WorkStudent> Students { get; set; } = [];
    /// <summary>False while the centre has homework off: only "next exercise".</summary>
    [Parameter] public bool HomeworkOn { get; set; } = true;
    [Inject] private ILessonPlanning Lessons { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;

    private Guid? _exerciseId;
    private bool _wholeGroup = true;
    private readonly HashSet<Guid> _chosen = [];
    private WorkKind _kind = WorkKind.Next;
    private DateTime? _due;
    private string? _error;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();

    private string SaveLabel => _wholeGroup ? $"Set for all {Students.Count}" : $"Set for {_chosen.Count} chosen";

    protected override async Task OnInitializedAsync() => _due = (await Time.TodayAsync()).AddDays(7);

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Err(string field) => _errors.GetValueOrDefault(field);

    private void Toggle(Guid id, bool on)
    {
        if (on) { _chosen.Add(id); } else { _chosen.Remove(id); }
    }

    private async Task SetAsync()
    {
        _errors = new Dictionary<string, string>();
        // Homework is due at 18:00 on the chosen day, in the centre's own time zone.
        DateTime? due = _kind == WorkKind.Homework && _due is { } d ? DateTime.SpecifyKind(d.Date.AddHours(18), DateTimeKind.Unspecified) : null;
        var request = new SetWorkRequest(_exerciseId, _kind, _wholeGroup ? null : _chosen.ToList(), due);
        _error = await Actions.TryAsync(async () =>
        {
            var result = await Lessons.SetWorkAsync(SessionId, request);
            Dialog.Close(DialogResult.Ok(result));
        }, "The work was not set; please try again.", ex =>
        {
            if (ex is not DomainValidationException invalid) { return null; }
            _errors = invalid.Details;
            return "Please correct what is highlighted.";
        });
    }
}
