using System.Globalization;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Sessions;

/// <summary>
/// Create or edit a session; times are typed as the centre's wall-clock time. Students are chosen in the same dialog (by
/// name, or a whole group: everyone in another session), a time outside opening hours asks before saving, and cancelling
/// asks for a reason.
/// </summary>
public partial class SessionEditorDialog
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter] public SessionListItem? Session { get; set; }
    /// <summary>A new session's day (the centre's date the supervisor chose on the calendar).</summary>
    [Parameter] public DateTime? Day { get; set; }
    /// <summary>A new session's start ("HH:mm"), from the hour clicked on the calendar.</summary>
    [Parameter] public string? Start { get; set; }
    /// <summary>Sessions whose students can be added as a group (the week on screen).</summary>
    [Parameter] public IReadOnlyList<SessionListItem> Groups { get; set; } = [];
    [Inject] private ISessionScheduling Scheduling { get; set; } = default!;
    [Inject] private ILessonService Lessons { get; set; } = default!;
    [Inject] private IPeopleDirectory People { get; set; } = default!;
    [Inject] private IExerciseCatalog Catalog { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private string? _title, _room, _date, _start = "16:00", _end = "17:00", _formError, _reason, _hoursWarning, _status;
    private Guid? _tutor, _course, _group;
    private int _capacity = 8, _weeks = 1;
    private bool _confirmingCancel;
    /// <summary>The times the supervisor chose to keep despite the opening-hours warning.</summary>
    private string? _acceptedOutsideHours;
    private Person? _pick;
    private MudAutocomplete<Person>? _picker;
    private MudTextField<string>? _startField;
    private readonly List<Person> _chosen = [];
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private IReadOnlyList<Person> _tutors = [], _students = [];
    private IReadOnlyList<KeyValuePair<Guid, string>> _courses = [];
    private IReadOnlyList<EnrolmentView> _enrolments = [];
    private IReadOnlyList<SessionListItem> _groups = [];

    private int Taken => _enrolments.Count + _chosen.Count;
    private bool Over => Taken > _capacity;

    private string PlacesText => Over
        ? $"{Taken} students for {_capacity} places: raise the capacity or choose fewer"
        : $"{Taken} of {_capacity} places taken{(_chosen.Count > 0 && Session is null ? " once saved" : "")}";

    protected override async Task OnInitializedAsync()
    {
        _tutors = await People.WithRolesAsync(RoleRanks.AtLeast(Role.Teacher).ToList());
        _students = await People.WithRolesAsync([Role.Student]);
        _courses = await Catalog.AllCoursesAsync();
        _groups = Groups.Where(g => g.Enrolled > 0 && g.Id != Session?.Id && g.Status != SessionStatus.Cancelled).ToList();
        if (Session is { } s)
        {
            (_title, _room, _tutor, _course, _capacity) = (s.Title, s.Room, s.TutorId, s.CourseId, s.Capacity);
            (_date, _start, _end) = (s.LocalStart[..10], s.LocalStart[11..], s.LocalEnd[11..]);
            _enrolments = await Lessons.EnrolmentsAsync(s.Id);
        }
        else
        {
            _date = Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (Start is not null && TimeOnly.TryParseExact(Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                (_start, _end) = (Start, start.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture));
            }
        }
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Err(string field) => _errors.GetValueOrDefault(field);

    private static string DayOf(SessionListItem s) =>
        DateTime.ParseExact(s.LocalStart[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("ddd", CultureInfo.CurrentCulture);

    private DateTime? LocalTime(string? time) =>
        DateTime.TryParse($"{_date} {time}", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? DateTime.SpecifyKind(at, DateTimeKind.Unspecified) : null;

    private Task<IEnumerable<Person>> SearchStudentsAsync(string? text, CancellationToken ct)
    {
        var free = _students.Where(p => _chosen.All(c => c.Id != p.Id) && _enrolments.All(e => e.StudentId != p.Id));
        var words = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return Task.FromResult(free.Where(p => words.All(w => p.Name.Contains(w, StringComparison.CurrentCultureIgnoreCase))));
    }

    private async Task PickAsync(Person? person)
    {
        if (person is null) { return; }
        if (_chosen.All(c => c.Id != person.Id)) { _chosen.Add(person); }
        _status = null;
        // The box empties for the next name.
        _pick = null;
        if (_picker is not null) { await _picker.ClearAsync(); }
    }

    private async Task AddGroupAsync(Guid? sessionId)
    {
        _group = sessionId;
        if (sessionId is not { } id) { return; }
        var group = _groups.First(g => g.Id == id);
        _formError = await Actions.TryAsync(async () =>
        {
            var members = await Lessons.EnrolmentsAsync(id);
            var added = 0;
            foreach (var m in members.Where(m => _chosen.All(c => c.Id != m.StudentId) && _enrolments.All(e => e.StudentId != m.StudentId)))
            {
                if (_students.FirstOrDefault(p => p.Id == m.StudentId) is { } person) { _chosen.Add(person); added++; }
            }
            _status = added == 0 ? $"Everyone in {group.Title} is already on the list" : $"Added {added} student{(added == 1 ? "" : "s")} of {group.Title}";
        }, "That group could not be read; please try again.");
        _group = null;
    }

    private async Task SaveAsync()
    {
        _errors = new Dictionary<string, string>();
        var (start, end) = (LocalTime(_start), LocalTime(_end));
        var key = $"{_date} {_start}-{_end}";
        var timesChanged = Session is null || key != $"{Session.LocalStart[..10]} {Session.LocalStart[11..]}-{Session.LocalEnd[11..]}";
        if (timesChanged && start is { } s && end is { } e && key != _acceptedOutsideHours)
        {
            _hoursWarning = null;
            _formError = await Actions.TryAsync(async () => _hoursWarning = await Scheduling.OpeningHoursWarningAsync(s, e), "Saving failed. Nothing was changed; please try again.");
            // Asked before saving: the supervisor saves anyway or changes the time.
            if (_hoursWarning is not null || _formError is not null) { return; }
        }
        _hoursWarning = null;
        var students = _chosen.Select(p => p.Id).ToList();
        var done = Session is not null ? "Session saved"
            : _weeks > 1 ? $"{_weeks} weekly sessions scheduled"
            : students.Count > 0 ? $"Session scheduled with {students.Count} student{(students.Count == 1 ? "" : "s")}" : "Session scheduled";
        _formError = await Actions.TryAsync(async () =>
        {
            if (Session is null)
            {
                await Scheduling.CreateAsync(new CreateSessionRequest(_title, _tutor, start, end, _capacity, _course, _room, _weeks, students));
            }
            else
            {
                await Scheduling.UpdateAsync(Session.Id, new UpdateSessionRequest(_title, _tutor, start, end, _capacity, _course, _room));
                if (students.Count > 0) { await Scheduling.EnrolManyAsync(Session.Id, new EnrolManyRequest(students)); }
            }
            // The schedule says what was done in the page, where no pop-up covers its buttons.
            Dialog.Close(DialogResult.Ok(done));
        }, "Saving failed. Nothing was changed; please try again.", ex =>
        {
            if (ex is not DomainValidationException invalid) { return null; }
            _errors = invalid.Details;
            return "Please correct the highlighted fields.";
        });
    }

    private Task SaveAnywayAsync()
    {
        _acceptedOutsideHours = $"{_date} {_start}-{_end}";
        return SaveAsync();
    }

    private async Task ChangeTimeAsync()
    {
        _hoursWarning = null;
        if (_startField is not null) { await _startField.FocusAsync(); }
    }

    private async Task EnrolChosenAsync()
    {
        var count = _chosen.Count;
        if (await ChangeAsync(() => Scheduling.EnrolManyAsync(Session!.Id, new EnrolManyRequest(_chosen.Select(p => p.Id).ToList()))))
        {
            _chosen.Clear();
            _status = $"{count} student{(count == 1 ? "" : "s")} enrolled";
        }
    }

    private async Task RemoveAsync(EnrolmentView e)
    {
        if (await ChangeAsync(() => Scheduling.RemoveEnrolmentAsync(Session!.Id, e.Id))) { _status = $"{e.StudentName} removed"; }
    }

    private async Task CancelSessionAsync()
    {
        _errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(_reason))
        {
            _errors = new Dictionary<string, string> { ["reason"] = "Say why the session is cancelled" };
            return;
        }
        _formError = await Actions.TryAsync(async () =>
        {
            await Scheduling.CancelAsync(Session!.Id, _reason.Trim());
            Dialog.Close(DialogResult.Ok($"{Session.Title} cancelled: {_reason.Trim()}"));
        }, "The session was not cancelled; please try again.", ex =>
        {
            if (ex is not DomainValidationException invalid) { return null; }
            _errors = invalid.Details;
            return "Please correct the reason.";
        });
    }

    /// <summary>
    /// Enrolling and removing keep the dialog open: their outcome is said inside it (a pop-up would sit over the
    /// dialog's buttons on a phone).
    /// </summary>
    private async Task<bool> ChangeAsync(Func<Task> change)
    {
        _status = null;
        _formError = await Actions.TryAsync(async () =>
        {
            await change();
            if (Session is not null) { _enrolments = await Lessons.EnrolmentsAsync(Session.Id); }
        }, "That did not work; please try again.");
        return _formError is null;
    }
}
