using AetherLearn.Core.Common.Errors;
using AetherLearn.Web.Realtime;
using Microsoft.JSInterop;
using MudBlazor;

namespace AetherLearn.Web.Components;

/// <summary>
/// How every page and widget runs what the user asked for (and what it loads): while something runs,
/// <see cref="Busy"/> is true (bind the buttons' <c>Disabled</c> to it, so the button that started it cannot start
/// it twice); a failure becomes words for the user — a domain error's own message, anything unexpected a friendly
/// sentence, logged — and never reaches Blazor's error banner. Transient: each component that injects it gets its
/// own, so one component's work never greys out another's buttons.
/// Each takes the words for an unexpected failure (<c>failed</c>: say whether anything changed) and, optionally,
/// <c>explain</c>: the words for an error the page knows better than its message (it may also mark form fields);
/// null for the usual words, "" for none.
/// </summary>
public sealed class PageActions(ISnackbar snackbar, ILogger<PageActions> logger)
{
    /// <summary>The words for a failure nobody foresaw, when the caller gives none.</summary>
    public const string Unexpected = "That did not work. Please try again.";

    private int _running;

    /// <summary>True while a user's action started here (<see cref="RunAsync"/>, <see cref="TryAsync"/>) is running.</summary>
    public bool Busy => _running > 0;

    /// <summary>
    /// Runs a user's action and reports it in the snackbar: <paramref name="done"/> (if any) when it worked, the
    /// failure's words when it did not. Answers whether it worked, so a dialog can close only then.
    /// </summary>
    public async Task<bool> RunAsync(Func<Task> action, string? done = null, string failed = Unexpected, Func<Exception, string?>? explain = null)
    {
        var problem = await CatchAsync(action, failed, explain, busy: true);
        if (problem is null)
        {
            if (done is not null) { snackbar.Add(done, Severity.Success); }
            return true;
        }
        if (!string.IsNullOrEmpty(problem.Text)) { snackbar.Add(problem.Text, problem.Expected ? Severity.Warning : Severity.Error); }
        return false;
    }

    /// <summary>
    /// A user's action whose failure the page shows in place (next to its form): null when it worked (and
    /// <paramref name="done"/>, if any, is in the snackbar), otherwise the words to show.
    /// </summary>
    public async Task<string?> TryAsync(Func<Task> action, string failed = Unexpected, Func<Exception, string?>? explain = null, string? done = null)
    {
        var problem = await CatchAsync(action, failed, explain, busy: true);
        if (problem is null && done is not null) { snackbar.Add(done, Severity.Success); }
        return Words(problem);
    }

    /// <summary>Loads what the page shows (buttons stay as they are): null when it worked, otherwise the words to show instead.</summary>
    public async Task<string?> LoadAsync(Func<Task> load, string failed, Func<Exception, string?>? explain = null) =>
        Words(await CatchAsync(load, failed, explain, busy: false));

    /// <summary>
    /// Work whose failure the user need not hear about (an extra the page shows without, a live refresh the next one
    /// repeats): an unexpected failure is logged, nothing is shown. Answers whether it worked.
    /// </summary>
    public async Task<bool> QuietlyAsync(Func<Task> work) => await CatchAsync(work, failed: null, explain: _ => "", busy: false) is null;

    private static string? Words(Problem? problem) => string.IsNullOrEmpty(problem?.Text) ? null : problem.Text;

    private async Task<Problem?> CatchAsync(Func<Task> action, string? failed, Func<Exception, string?>? explain, bool busy)
    {
        if (busy) { _running++; }
        try
        {
            await action();
            return null;
        }
        // The circuit is gone (the tab closed) or the page is being left: there is nobody to tell.
        catch (JSDisconnectedException) { return Problem.Silent; }
        catch (OperationCanceledException) { return Problem.Silent; }
        catch (Exception ex) when (DomainMessage(ex) is { } message) { return new Problem(explain?.Invoke(ex) ?? message, Expected: true); }
        catch (Exception ex)
        {
            logger.LogError(ex, "A page action failed");
            return new Problem(explain?.Invoke(ex) ?? failed, Expected: false);
        }
        finally { if (busy) { _running--; } }
    }

    /// <summary>The words a domain error carries for the user; null for anything else.</summary>
    public static string? DomainMessage(Exception ex) => ex switch
    {
        DomainValidationException v when v.Details.Count > 0 => string.Join(" ", v.Details.Values),
        DomainValidationException or ConflictException or ForbiddenException or NotFoundException => ex.Message,
        // A live room's refusal (a hand already raised, a message too long) is worded for the user.
        RoomCommandException room => room.RoomError.Error,
        _ => null,
    };

    private sealed record Problem(string? Text, bool Expected)
    {
        public static readonly Problem Silent = new(null, Expected: true);
    }
}
