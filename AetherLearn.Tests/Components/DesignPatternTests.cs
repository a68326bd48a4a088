using AetherLearn.Web.Components.Design;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace AetherLearn.Tests.Components;

/// <summary>The shared page patterns of docs/design.md: what a user sees while a page loads, when it failed, when it is empty.</summary>
public sealed class DesignPatternTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public DesignPatternTests()
    {
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void While_loading_it_says_what_is_loading_to_screen_readers_and_shows_no_content()
    {
        var view = RenderState(loading: true);

        var status = view.Find("[data-testid=loading-state]");
        Assert.Equal("status", status.GetAttribute("role"));
        Assert.Contains("Loading today's sessions", status.TextContent);
        Assert.Empty(view.FindAll("[data-testid=content]"));
    }

    [Fact]
    public void A_failure_shows_its_words_and_try_again_reloads()
    {
        var retried = 0;
        var view = RenderState(error: "Today's sessions could not be loaded.", onRetry: () => retried++);

        Assert.Contains("Today's sessions could not be loaded.", view.Find("[data-testid=error-state]").TextContent);
        Assert.Empty(view.FindAll("[data-testid=content]"));
        view.Find("[data-testid=retry]").Click();
        Assert.Equal(1, retried);
    }

    [Fact]
    public void A_failure_without_a_way_to_retry_offers_no_button()
    {
        var view = RenderState(error: "Could not load.");
        Assert.Empty(view.FindAll("[data-testid=retry]"));
    }

    [Fact]
    public void An_error_wins_over_loading_so_a_failed_load_never_spins_forever()
    {
        var view = RenderState(loading: true, error: "Could not load.");
        Assert.Empty(view.FindAll("[data-testid=loading-state]"));
        Assert.Single(view.FindAll("[data-testid=error-state]"));
    }

    [Fact]
    public void Nothing_to_show_gives_the_empty_state_with_what_to_do_next()
    {
        var view = RenderState(empty: true);

        var empty = view.Find("[data-testid=empty-state]");
        Assert.Contains("No sessions today", empty.TextContent);
        Assert.Contains("Create one on the schedule", empty.TextContent);
        Assert.NotNull(empty.QuerySelector("a[href='/supervisor/schedule']"));
        Assert.Empty(view.FindAll("[data-testid=content]"));
    }

    [Fact]
    public void Loaded_content_shows_alone()
    {
        var view = RenderState();
        Assert.Single(view.FindAll("[data-testid=content]"));
        Assert.Empty(view.FindAll("[data-testid=loading-state], [data-testid=error-state], [data-testid=empty-state]"));
    }

    [Fact]
    public void The_page_header_is_the_pages_one_h1_with_its_actions()
    {
        var header = _context.Render<PageHeader>(p => p
            .Add(h => h.Title, "Schedule").Add(h => h.Subtitle, "Plan the centre's week.")
            .Add(h => h.Actions, (RenderFragment)(b => b.AddMarkupContent(0, "<button>New session</button>"))));

        Assert.Equal("Schedule", header.Find("h1").TextContent);
        Assert.Single(header.FindAll("h1"));
        Assert.Contains("Plan the centre's week.", header.Markup);
        Assert.Equal("New session", header.Find(".al-page-header__actions button").TextContent);
    }

    [Fact]
    public void A_section_is_an_h2_that_names_its_region()
    {
        var section = _context.Render<PageSection>(p => p.Add(s => s.Title, "Needs attention")
            .Add(s => s.ChildContent, (RenderFragment)(b => b.AddContent(0, "2 registers"))));

        var region = section.Find("section");
        var heading = section.Find("h2");
        Assert.Equal("Needs attention", heading.TextContent);
        Assert.Equal(heading.Id, region.GetAttribute("aria-labelledby"));
    }

    [Fact]
    public void A_stat_with_a_link_is_one_link_named_by_its_label_and_shows_its_number()
    {
        var stat = _context.Render<StatCard>(p => p.Add(s => s.Label, "Registers to mark").Add(s => s.Value, "2")
            .Add(s => s.Href, "/tutor").Add(s => s.Tone, StatTone.Attention));

        Assert.Equal("2", stat.Find("[data-testid=stat-value]").TextContent);
        var link = Assert.Single(stat.FindAll("a"));
        Assert.Equal("Registers to mark", link.TextContent);
        Assert.Equal("/tutor", link.GetAttribute("href"));
        Assert.Contains("al-stat--attention", stat.Markup);
    }

    private IRenderedComponent<LoadState> RenderState(bool loading = false, string? error = null, bool empty = false, Action? onRetry = null) =>
        _context.Render<LoadState>(p =>
        {
            p.Add(s => s.Loading, loading).Add(s => s.Error, error).Add(s => s.IsEmpty, empty)
             .Add(s => s.LoadingLabel, "Loading today's sessions")
             .Add(s => s.Empty, (RenderFragment)(b =>
             {
                 b.OpenComponent<EmptyState>(0);
                 b.AddComponentParameter(1, nameof(EmptyState.Title), "No sessions today");
                 b.AddComponentParameter(2, nameof(EmptyState.ChildContent), (RenderFragment)(c => c.AddMarkupContent(0, "Create one on the <a href=\"/supervisor/schedule\">schedule</a>.")));
                 b.CloseComponent();
             }))
             .Add(s => s.ChildContent, (RenderFragment)(b => b.AddMarkupContent(0, "<div data-testid=\"content\">3 sessions</div>")));
            if (onRetry is not null) { p.Add(s => s.OnRetry, onRetry); }
        });

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
