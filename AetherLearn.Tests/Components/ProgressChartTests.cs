using AetherLearn.Core.Progression;
using AetherLearn.Web.Components.Progression;
using Bunit;
using MudBlazor.Services;

namespace AetherLearn.Tests.Components;

/// <summary>
/// The progress charts (scores over time, mastery per unit): an empty state until there is something to draw, and always the
/// same numbers in words and in a table for people who cannot see the picture.
/// </summary>
public sealed class ProgressChartTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();
    private static readonly Guid Maths = Guid.NewGuid(), English = Guid.NewGuid();

    public ProgressChartTests()
    {
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>Dates are written the reader's way (LocalText): these tests read them as a British reader would.</summary>
    private sealed class BritishReader : IDisposable
    {
        private readonly System.Globalization.CultureInfo _was = System.Globalization.CultureInfo.CurrentCulture;
        public BritishReader() => System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("en-GB");
        public void Dispose() => System.Globalization.CultureInfo.CurrentCulture = _was;
    }

    private static ScoreTrend Trend(IReadOnlyList<int?> overall, IReadOnlyList<int> exercises, params ScoreSeries[] courses) =>
        new(Enumerable.Range(0, overall.Count).Select(i => new DateOnly(2026, 11, 2).AddDays(7 * i)).ToList(), exercises,
            [new ScoreSeries(null, "All courses", overall), .. courses]);

    [Fact]
    public void Scores_with_fewer_than_two_marked_exercises_show_what_to_do_instead_of_a_chart()
    {
        foreach (var trend in new[] { ScoreTrend.Empty, Trend([70], [1], new ScoreSeries(Maths, "Mathematics", [70])) })
        {
            var view = _context.Render<ScoreTrendChart>(p => p.Add(c => c.Trend, trend));
            Assert.Contains("Finish a few exercises to see your progress here", view.Find("[data-testid=score-trend-empty]").TextContent);
            Assert.Empty(view.FindAll("[data-testid=score-trend-chart]"));
            Assert.Empty(view.FindAll(".al-chart__plot"));
        }
    }

    [Fact]
    public void Scores_over_weeks_are_drawn_summarised_in_words_and_listed_week_by_week_in_a_table()
    {
        using var reader = new BritishReader();
        var trend = Trend([62, null, 70, 81], [2, 0, 1, 3], new ScoreSeries(Maths, "Mathematics", [62, null, 70, 90]), new ScoreSeries(English, "English", [null, null, null, 72]));
        var view = _context.Render<ScoreTrendChart>(p => p.Add(c => c.Trend, trend));

        var figure = view.Find("[data-testid=score-trend-chart]");
        Assert.NotNull(figure.QuerySelector(".al-chart__plot svg"));
        Assert.Equal("Your scores rose from 62% to 81% over 4 weeks (6 exercises).", view.Find("[data-testid=chart-summary]").TextContent.Trim());
        Assert.Equal(view.Find("figcaption").Id, figure.GetAttribute("aria-labelledby"));

        var table = view.Find("[data-testid=chart-table]");
        Assert.Equal(["Week of", "All courses", "Mathematics", "English", "Exercises"], table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()));
        var rows = table.QuerySelectorAll("tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["2 Nov", "62%", "62%", "—", "2"], rows[0]);
        Assert.Equal(["9 Nov", "—", "—", "—", "0"], rows[1]);
        Assert.Equal(["23 Nov", "81%", "90%", "72%", "3"], rows[3]);

        // Hidden from sight but read by screen readers until someone asks to see the numbers.
        Assert.Contains("visually-hidden", table.ParentElement!.ClassName);
        view.Find("[data-testid=chart-table-toggle]").Click();
        Assert.DoesNotContain("visually-hidden", view.Find("[data-testid=chart-table]").ParentElement!.ClassName);
        Assert.Equal("true", view.Find("[data-testid=chart-table-toggle]").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void One_course_draws_only_its_own_line_and_a_single_week_is_described_as_that_week()
    {
        using var reader = new BritishReader();
        var view = _context.Render<ScoreTrendChart>(p => p.Add(c => c.Trend, Trend([75], [2], new ScoreSeries(Maths, "Mathematics", [75]))).Add(c => c.Whose, "Ella's"));
        Assert.Equal(["Week of", "Mathematics", "Exercises"], view.FindAll("[data-testid=chart-table] thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal("Ella's average score was 75% over 2 exercises in the week of 2 Nov.", view.Find("[data-testid=chart-summary]").TextContent.Trim());
        Assert.Equal("Ella's scores went from 80% to 60% over 2 weeks (2 exercises).",
            ScoreTrendChart.Describe(Trend([80, 60], [1, 1], new ScoreSeries(Maths, "Mathematics", [80, 60])), "Ella's"));
    }

    [Fact]
    public void Mastery_with_nothing_mastered_yet_shows_what_fills_the_bars()
    {
        var none = new CourseMastery(Maths, "Mathematics", 1, [new UnitMastery(Guid.NewGuid(), "Place value", 6, 0)]);
        foreach (IReadOnlyList<CourseMastery> mastery in new IReadOnlyList<CourseMastery>[] { [], [none] })
        {
            var view = _context.Render<UnitMasteryChart>(p => p.Add(c => c.Mastery, mastery));
            Assert.Contains("Finish a few exercises to see your progress here", view.Find("[data-testid=unit-mastery-empty]").TextContent);
            Assert.Empty(view.FindAll("[data-testid=unit-mastery-chart]"));
        }
    }

    [Fact]
    public void Mastery_draws_a_bar_chart_per_course_with_each_units_numbers_in_words_and_a_table()
    {
        var maths = new CourseMastery(Maths, "Mathematics", 2, [new UnitMastery(Guid.NewGuid(), "Times tables", 6, 3), new UnitMastery(Guid.NewGuid(), "Fractions", 6, 1)]);
        var english = new CourseMastery(English, "English", 1, [new UnitMastery(Guid.NewGuid(), "Spelling", 6, 0), new UnitMastery(Guid.NewGuid(), "Sentences", 6, 0)]);
        var view = _context.Render<UnitMasteryChart>(p => p.Add(c => c.Mastery, [maths, english]));

        var charts = view.FindAll("[data-testid=unit-mastery-chart]");
        Assert.Equal(2, charts.Count);
        Assert.All(charts, c => Assert.NotNull(c.QuerySelector(".al-chart__plot svg")));
        Assert.Equal("Mathematics, level 2: 4 of 12 exercises mastered (33%). Furthest along: Times tables (50%).",
            charts[0].QuerySelector("[data-testid=chart-summary]")!.TextContent.Trim());
        Assert.Equal("English, level 1: 0 of 12 exercises mastered (0%).", charts[1].QuerySelector("[data-testid=chart-summary]")!.TextContent.Trim());
        var rows = charts[0].QuerySelectorAll("[data-testid=chart-table] tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal([["Times tables", "3", "6", "50%"], ["Fractions", "1", "6", "16%"]], rows);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
