using System.Text.Json;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Student;

/// <summary>
/// The exercise player: answers are kept in the page and autosaved shortly after each change with a rising
/// sequence number, so a reload resumes exactly where the student was.
/// </summary>
public partial class ExercisePlayer
{
    private static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(600);

    [Parameter] public Guid? ExerciseId { get; set; }
    [Parameter] public Guid? AttemptId { get; set; }
    [Inject] private IAttemptService Attempts { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private Realtime.StudentLiveLink Live { get; set; } = default!;

    private AttemptView? _attempt;
    private Dictionary<string, JsonElement> _answers = new();
    private int _index;
    private long _sequence;
    private string? _error;
    private string? _submitMessage;
    private bool _submitting;
    private bool _dirty;
    // Counts changes, so a save that finishes after a newer change does not mark that change as saved.
    private int _changes;
    private bool _saveFailed;
    private DateTime? _savedAt;
    private CancellationTokenSource? _pendingSave;

    private string SaveLabel => _saveFailed ? "Not saved yet — we will keep trying"
        : _dirty ? "Saving…"
        : _savedAt is { } at ? $"All answers saved at {Time.TimeWithSeconds(at)}" : "Your answers are saved as you go";

    protected override async Task OnParametersSetAsync()
    {
        _error = await Actions.LoadAsync(async () =>
        {
            await Time.ZoneAsync();
            _attempt = ExerciseId is { } exercise ? await Attempts.StartAsync(exercise, new StartAttemptRequest()) : await Attempts.GetAsync(AttemptId!.Value);
            _answers = new Dictionary<string, JsonElement>(_attempt.Answers);
            _sequence = _attempt.SaveSequence;
            _savedAt = _attempt.SaveSequence > 0 ? _attempt.LastSavedAt : null;
            // Resume at the first question still without an answer.
            _index = Math.Max(0, _attempt.Questions.ToList().FindIndex(q => !_answers.ContainsKey(q.Id)));
            if (_attempt.Status == AttemptStatus.InProgress) { await ReportProgressAsync(); }
        }, "The exercise could not be opened. Check your connection and try again.", ex => ex switch
        {
            ForbiddenException => "This exercise has not been set for you. Ask your tutor which exercise to do.",
            ConflictException => "You have used all your attempts at this exercise. Your results are on your home page.",
            NotFoundException => "This exercise could not be found.",
            _ => null,
        });
    }

    private JsonElement? ValueOf(string questionId) => _answers.TryGetValue(questionId, out var v) ? v : null;

    private void Go(int index) => _index = Math.Clamp(index, 0, _attempt!.Questions.Count - 1);

    private Task AnswerChangedAsync(string questionId, JsonElement? value)
    {
        if (value is { } v) { _answers[questionId] = v; } else { _answers.Remove(questionId); }
        _ = ReportProgressAsync();
        _dirty = true;
        _changes++;
        _pendingSave?.Cancel();
        _pendingSave = new CancellationTokenSource();
        _ = SaveSoonAsync(_pendingSave.Token);
        return Task.CompletedTask;
    }

    private async Task SaveSoonAsync(CancellationToken wait)
    {
        try { await Task.Delay(SaveDelay, wait); }
        catch (TaskCanceledException) { return; }
        await InvokeAsync(async () =>
        {
            await SaveNowAsync();
            StateHasChanged();
        });
    }

    private async Task SaveNowAsync()
    {
        if (_attempt is null || !_dirty) { return; }
        var changesSaved = _changes;
        var saved = await Actions.QuietlyAsync(async () =>
        {
            var result = await Attempts.AutosaveAsync(_attempt.Id, new AutosaveRequest(new Dictionary<string, JsonElement>(_answers), ++_sequence));
            if (!result.Applied)
            {
                // Another tab or device saved a newer version: continue numbering after it, so this page's answers win.
                _sequence = result.SaveSequence;
                result = await Attempts.AutosaveAsync(_attempt.Id, new AutosaveRequest(new Dictionary<string, JsonElement>(_answers), ++_sequence));
            }
            _savedAt = result.LastSavedAt;
            _dirty = _changes != changesSaved;
            _saveFailed = false;
            if (_dirty) { _ = SaveSoonAsync((_pendingSave = new CancellationTokenSource()).Token); }
        });
        // Keep the answers in the page and try again on the next change or at submit.
        if (!saved) { _saveFailed = true; }
    }

    private async Task SubmitAsync()
    {
        var missing = _attempt!.Questions.Count(q => !_answers.ContainsKey(q.Id));
        // Escape (or "Keep working") closes the dialog and returns to the question the student was on.
        var options = new DialogOptions { CloseOnEscapeKey = true };
        if (missing == _attempt.Questions.Count)
        {
            // Nothing answered: the server refuses it (a blank attempt would pay and reveal nothing useful), so say so first.
            await Dialogs.ShowMessageBoxAsync("Nothing answered yet", "Answer at least one question before submitting.", yesText: "Back to the questions", options: options);
            return;
        }
        var confirmed = await Dialogs.ShowMessageBoxAsync("Submit your answers?",
            missing == 0 ? "You have answered every question. You cannot change your answers after submitting."
                : $"{missing} question{(missing == 1 ? " is" : "s are")} not answered yet. You cannot change your answers after submitting.",
            yesText: "Submit", cancelText: "Keep working", options: options);
        if (confirmed != true) { return; }
        _submitting = true;
        _submitMessage = null;
        _pendingSave?.Cancel();
        _submitMessage = await Actions.TryAsync(async () =>
        {
            _attempt = await Attempts.SubmitAsync(_attempt!.Id, new SubmitRequest(new Dictionary<string, JsonElement>(_answers), ++_sequence));
            _dirty = false;
            Live.LeftExercise();
        }, "Your answers could not be submitted. They are kept here; please try again.", ex => ex switch
        {
            DomainValidationException invalid when invalid.Details.ContainsKey("answers") => "Answer at least one question before submitting.",
            DomainValidationException => "Some answers could not be read. Check the highlighted questions and try again.",
            _ => null,
        });
        _submitting = false;
    }

    /// <summary>Tells the live lesson (if the student is in one) how far they are, on opening and on every answer.</summary>
    private Task ReportProgressAsync() =>
        Live.ReportProgressAsync(_attempt!.ExerciseId, _attempt.Questions.Count(q => _answers.ContainsKey(q.Id)), _attempt.Questions.Count);

    public async ValueTask DisposeAsync()
    {
        Live.LeftExercise();
        _pendingSave?.Cancel();
        // Leaving the page saves what is pending, so nothing typed is lost.
        if (_dirty) { await SaveNowAsync(); }
    }
}
