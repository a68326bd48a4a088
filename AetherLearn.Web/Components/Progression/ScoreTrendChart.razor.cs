using AetherLearn.Web.Common;
using AetherLearn.Core.Progression;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Progression;

/// <summary>
/// Scores over time: one line for all courses together and one per course (only the course's own when there is one), week by
/// week. Under two marked exercises there is nothing to draw yet: an empty state says what to do.
/// </summary>
public partial class ScoreTrendChart
{
    private readonly string _id = $"trend-{Guid.NewGuid():N}";
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private IReadOnlyList<ScoreSeries> _shown = [];
    private bool _showTable;

    private readonly LineChartOptions _options = new()
    {
        YAxisTicks = 20,
        MaxNumYAxisTicks = 6,
        YAxisSuggestedMax = 100,
        YAxisRequireZeroPoint = true,
        ConnectNullPoints = true,
        ShowDataMarkers = true,
        LineStrokeWidth = 3,
        YAxisToStringFunc = v => $"{v:0}%",
    };

    [Parameter, EditorRequired] public ScoreTrend? Trend { get; set; }
    /// <summary>Whose scores, for the words ("Your scores", "Ella's scores").</summary>
    [Parameter] public string Whose { get; set; } = "Your";
    [Parameter] public string EmptyTitle { get; set; } = "Finish a few exercises to see your progress here";
    [Parameter] public string EmptyHint { get; set; } = "Each week's average score appears as a point on the line.";
    [Parameter] public string Height { get; set; } = "300px";
    [Parameter] public bool Compact { get; set; }

    /// <summary>At least two marked exercises: one point is not a trend.</summary>
    private bool Enough => Trend is { } t && t.Exercises.Sum() >= 2 && t.Overall is not null;

    protected override void OnParametersSet()
    {
        if (!Enough) { return; }
        // With one course its line is the whole story; with more, "All courses" first, then each course.
        _shown = Trend!.Series.Count == 2 ? [Trend.Series[1]] : Trend.Series;
        _labels = Trend.Weeks.Select(w => LocalText.DayMonth(w.ToDateTime(TimeOnly.MinValue))).ToArray();
        _series = _shown.Select(s => new ChartSeries<double>
        {
            Name = s.Name,
            Data = new ChartData<double>(s.Averages.Select(a => a is { } v ? (double?)v : null).ToList()),
        }).ToList();
    }

    /// <summary>The trend in words: the first and last weeks with a score, of all courses together.</summary>
    private string Summary => Describe(Trend!, Whose);

    public static string Describe(ScoreTrend trend, string whose)
    {
        var overall = trend.Overall!.Averages;
        var scored = Enumerable.Range(0, overall.Count).Where(i => overall[i] is not null).ToList();
        var (first, last) = (scored[0], scored[^1]);
        var (from, to) = (overall[first]!.Value, overall[last]!.Value);
        var exercises = trend.Exercises.Sum();
        if (first == last)
        {
            return $"{whose} average score was {to}% over {exercises} exercises in the week of {LocalText.DayMonth(trend.Weeks[last].ToDateTime(TimeOnly.MinValue))}.";
        }
        var weeks = last - first + 1;
        var change = to > from ? $"rose from {from}% to {to}%" : to < from ? $"went from {from}% to {to}%" : $"held at {to}%";
        return $"{whose} scores {change} over {weeks} weeks ({exercises} exercises).";
    }
}
