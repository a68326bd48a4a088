using AetherLearn.Core.Progression;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Progression;

/// <summary>
/// Per course, the units of the student's current level as bars: the share of each unit's exercises mastered (best score at the
/// centre's mastery score). Until one exercise is mastered the bars would all be empty: an empty state says what fills them.
/// </summary>
public partial class UnitMasteryChart
{
    private readonly string _id = $"mastery-{Guid.NewGuid():N}";

    private readonly BarChartOptions _options = new()
    {
        YAxisTicks = 25,
        MaxNumYAxisTicks = 5,
        YAxisSuggestedMax = 100,
        ShowLegend = false,
        YAxisToStringFunc = v => $"{v:0}%",
    };

    [Parameter, EditorRequired] public IReadOnlyList<CourseMastery>? Mastery { get; set; }
    [Parameter] public string EmptyTitle { get; set; } = "Finish a few exercises to see your progress here";
    [Parameter] public string EmptyHint { get; set; } = "Each unit's bar fills up as you master its exercises.";
    [Parameter] public string Height { get; set; } = "260px";
    [Parameter] public bool Compact { get; set; }

    private bool Enough => Mastery is { Count: > 0 } m && m.Sum(c => c.Mastered) > 0;

    private static List<ChartSeries<double>> SeriesOf(CourseMastery course) =>
    [
        new() { Name = "Mastered", Data = new ChartData<double>(course.Units.Select(u => (double)u.Percent).ToList()) },
    ];

    public static string Describe(CourseMastery course)
    {
        var best = course.Units.OrderByDescending(u => u.Percent).First();
        var words = $"{course.CourseTitle}, level {course.Level}: {course.Mastered} of {course.Exercises} exercises mastered ({course.Percent}%).";
        return best.Percent > 0 && course.Units.Count > 1 ? $"{words} Furthest along: {best.Title} ({best.Percent}%)." : words;
    }
}
