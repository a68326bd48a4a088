using System.Collections.Concurrent;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Web.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;

namespace AetherLearn.Tests.Components;

/// <summary>
/// The one way pages run actions: a domain error is said in its own words, anything unexpected in the page's friendly
/// words and logged, nothing escapes to Blazor's error banner, and Busy covers exactly the running action.
/// </summary>
public sealed class PageActionsTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();
    private readonly LogCollector _logs = new();

    public PageActionsTests()
    {
        _context.Services.AddMudServices();
        _context.Services.AddLogging(b => b.AddProvider(_logs));
        _context.Services.AddTransient<PageActions>();
    }

    private PageActions Actions => _context.Services.GetRequiredService<PageActions>();
    private ISnackbar Snackbar => _context.Services.GetRequiredService<ISnackbar>();
    private List<(string Message, Severity Severity)> Shown => Snackbar.ShownSnackbars.Select(s => (s.Message ?? "", s.Severity)).ToList();

    [Fact]
    public async Task A_domain_error_is_said_in_its_own_words_and_not_logged()
    {
        var worked = await Actions.RunAsync(() => throw new ConflictException("The session has already ended"), "Session ended", "Nothing was changed");

        Assert.False(worked);
        Assert.Equal([("The session has already ended", Severity.Warning)], Shown);
        Assert.Empty(_logs.Errors);
    }

    [Fact]
    public async Task A_refused_form_names_every_problem()
    {
        var invalid = new DomainValidationException(new Dictionary<string, string> { ["title"] = "Title is required.", ["capacity"] = "Capacity must be at least 1." });

        var message = await Actions.TryAsync(() => throw invalid, "Saving failed.");

        Assert.Equal("Title is required. Capacity must be at least 1.", message);
        Assert.Empty(Shown);
    }

    [Fact]
    public async Task An_unexpected_failure_shows_the_pages_friendly_words_and_is_logged_with_its_exception()
    {
        var worked = await Actions.RunAsync(() => throw new InvalidOperationException("connection reset by peer"), "Saved", "Saving failed. Nothing was changed; please try again.");

        Assert.False(worked);
        Assert.Equal([("Saving failed. Nothing was changed; please try again.", Severity.Error)], Shown);
        var logged = Assert.Single(_logs.Errors);
        Assert.Equal("connection reset by peer", logged.Message);
        Assert.DoesNotContain(Shown, s => s.Message.Contains("connection reset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_can_word_an_error_itself_or_say_nothing()
    {
        var explained = await Actions.LoadAsync(() => throw new NotFoundException("Session"), "Could not load.",
            ex => ex is NotFoundException ? "This session does not exist in your centre." : null);
        var quiet = await Actions.RunAsync(() => throw new NotFoundException("Device"), "Removed", explain: ex => ex is NotFoundException ? "" : null);

        Assert.Equal("This session does not exist in your centre.", explained);
        Assert.False(quiet);
        Assert.Empty(Shown);
    }

    [Fact]
    public async Task Success_is_reported_once_and_a_load_reports_nothing()
    {
        Assert.True(await Actions.RunAsync(() => Task.CompletedTask, "Session started"));
        Assert.Null(await Actions.LoadAsync(() => Task.CompletedTask, "Could not load."));
        Assert.True(await Actions.QuietlyAsync(() => Task.CompletedTask));
        Assert.False(await Actions.QuietlyAsync(() => throw new InvalidOperationException("background refresh failed")));

        Assert.Equal([("Session started", Severity.Success)], Shown);
        Assert.Single(_logs.Errors);
    }

    [Fact]
    public async Task Busy_holds_while_an_action_runs_and_not_while_a_load_runs()
    {
        var actions = Actions;
        var release = new TaskCompletionSource();
        var running = actions.RunAsync(() => release.Task, "Done");
        Assert.True(actions.Busy);

        var loading = new TaskCompletionSource();
        var load = actions.LoadAsync(() => loading.Task, "Could not load.");
        release.SetResult();
        await running;
        Assert.False(actions.Busy);

        loading.SetResult();
        Assert.Null(await load);
        Assert.False(actions.Busy);
        // Each component has its own: another one's work never disables this one's buttons.
        Assert.NotSame(actions, Actions);
    }

    [Fact]
    public async Task Busy_ends_when_the_action_fails()
    {
        var actions = Actions;
        await actions.RunAsync(() => throw new InvalidOperationException("boom"));
        Assert.False(actions.Busy);
        Assert.Equal([(PageActions.Unexpected, Severity.Error)], Shown);
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    /// <summary>Keeps what was logged at Error, with its exception's message.</summary>
    private sealed class LogCollector : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, string Message)> _errors = new();
        public IReadOnlyList<(string Category, string Message)> Errors => _errors.ToList();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(LogCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error) { owner._errors.Enqueue((category, exception?.Message ?? formatter(state, exception))); }
            }
        }
    }
}
