using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Sessions;

/// <summary>Create or edit a session; times are typed as the centre's wall-clock time.</summary>
public partial class SessionEditorDialog
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter] public SessionListItem? Session { get; set; }
    [Inject] private ISessionScheduling Scheduling { get; set; } = default!;
    [Inject] private ILessonService Lessons { get; set; } = default!;
    [Inject] private IPeopleDirectory People { get; set; } = default!;
    [Inject] private IExerciseCatalog Catalog { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private string? _title, _room, _date, _start = "16:00", _end = "17:00", _formError;
    private Guid? _tutor, _course, _student;
    private int _capacity = 8, _weeks = 1;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private IReadOnlyList<Person> _tutors = [], _students = [];
    private IReadOnlyList<KeyValuePair<Guid, string>> _courses = [];
    private IReadOnlyList<EnrolmentView> _enrolments = [];

    protected override async Task OnInitializedAsync()
    {
        _tutors = await People.WithRolesAsync(RoleRanks.AtLeast(Role.Teacher).ToList());
        _students = await People.WithRolesAsync([Role.Student]);
        _courses = await Catalog.AllCoursesAsync();
        if (Session is { } s)
        {
            (_title, _room, _tutor, _course, _capacity) = (s.Title, s.Room, s.TutorId, s.CourseId, s.Capacity);
            (_date, _start, _end) = (s.LocalStart[..10], s.LocalStart[11..], s.LocalEnd[11..]);
            _enrolments = await Lessons.EnrolmentsAsync(s.Id);
        }
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Err(string field) => _errors.GetValueOrDefault(field);

    private DateTime? LocalTime(string? time) =>
        DateTime.TryParse($"{_date} {time}", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? DateTime.SpecifyKind(at, DateTimeKind.Unspecified) : null;

    private async Task SaveAsync()
    {
        _errors = new Dictionary<string, string>();
        _formError = await Actions.TryAsync(async () =>
        {
            if (Session is null)
            {
                await Scheduling.CreateAsync(new CreateSessionRequest(_title, _tutor, LocalTime(_start), LocalTime(_end), _capacity, _course, _room, _weeks));
            }
            else
            {
                await Scheduling.UpdateAsync(Session.Id, new UpdateSessionRequest(_title, _tutor, LocalTime(_start), LocalTime(_end), _capacity, _course, _room));
            }
            Dialog.Close(DialogResult.Ok(true));
        }, "Saving failed. Nothing was changed; please try again.", ex =>
        {
            if (ex is not DomainValidationException invalid) { return null; }
            _errors = invalid.Details;
            return "Please correct the highlighted fields.";
        }, done: Session is not null ? "Session saved" : _weeks > 1 ? $"{_weeks} weekly sessions scheduled" : "Session scheduled");
    }

    private Task EnrolAsync() => ChangeAsync(() => Scheduling.EnrolAsync(Session!.Id, new EnrolRequest(_student)), "Student enrolled");

    private Task RemoveAsync(EnrolmentView e) => ChangeAsync(() => Scheduling.RemoveEnrolmentAsync(Session!.Id, e.Id), $"{e.StudentName} removed");

    private async Task CancelSessionAsync()
    {
        await ChangeAsync(() => Scheduling.CancelAsync(Session!.Id, null), "Session cancelled");
        Dialog.Close(DialogResult.Ok(true));
    }

    private async Task ChangeAsync(Func<Task> change, string done)
    {
        _formError = await Actions.TryAsync(async () =>
        {
            await change();
            _student = null;
            if (Session is not null) { _enrolments = await Lessons.EnrolmentsAsync(Session.Id); }
        }, "That did not work; please try again.", done: done);
    }
}
