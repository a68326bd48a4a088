using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;

namespace AetherLearn.Core.Progression;

internal sealed class ProgressCharts(ISequencing sequencing, IAttemptQueries attempts, IExerciseCatalog catalog, IPeopleDirectory people, ICentreService centres,
    ICurrentUser currentUser, TimeProvider clock) : IProgressCharts
{
    public async Task<StudentProgressCharts> ForStudentAsync(Guid studentId, int weeks = 8, CancellationToken ct = default)
    {
        if (weeks is < 1 or > 52) { throw DomainValidationException.For("weeks", "Choose between 1 and 52 weeks"); }
        var student = await people.ReadableStudentAsync(currentUser, studentId, ct);
        var zone = await centres.TimeZoneOfAsync(currentUser.CentreId, ct);
        var mastery = (currentUser.CentreId is { } centre ? await centres.FindConfigAsync(centre, ct) : null)?.MasteryThresholdPercent ?? CentreConfig.Default.MasteryThresholdPercent;
        var courses = await catalog.AllCoursesAsync(ct);
        return new StudentProgressCharts(student.Id, student.Name, await ScoresAsync(student.Id, weeks, zone, courses, ct),
            await MasteryAsync(student.Id, courses, mastery, ct), mastery);
    }

    private async Task<ScoreTrend> ScoresAsync(Guid studentId, int weeks, TimeZoneInfo zone, IReadOnlyList<KeyValuePair<Guid, string>> courses, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone));
        var thisWeek = WeekOf(today);
        var firstWeek = thisWeek.AddDays(-7 * (weeks - 1));
        var windowStart = TimeZoneInfo.ConvertTimeToUtc(firstWeek.ToDateTime(TimeOnly.MinValue), zone);
        // Started up to a week earlier still counts when it was marked in the window.
        var marked = (await attempts.ForStudentsAsync([studentId], windowStart.AddDays(-7), ct))
            .Where(a => a.Status == AttemptStatus.Submitted && a.SubmittedAt >= windowStart && a.ScorePercent is not null)
            .Select(a => (Week: WeekOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(a.SubmittedAt!.Value, DateTimeKind.Utc), zone))),
                a.CourseId, Score: a.ScorePercent!.Value))
            .ToList();
        if (marked.Count == 0) { return ScoreTrend.Empty; }
        var from = marked.Min(m => m.Week);
        var axis = Enumerable.Range(0, (thisWeek.DayNumber - from.DayNumber) / 7 + 1).Select(i => from.AddDays(7 * i)).ToList();
        int? Average(IEnumerable<int> scores) => scores.ToList() is { Count: > 0 } list ? (int)Math.Round(list.Average(), MidpointRounding.AwayFromZero) : null;
        var series = new List<ScoreSeries> { new(null, "All courses", axis.Select(w => Average(marked.Where(m => m.Week == w).Select(m => m.Score))).ToList()) };
        foreach (var (courseId, title) in courses.Where(c => marked.Any(m => m.CourseId == c.Key)))
        {
            series.Add(new ScoreSeries(courseId, title, axis.Select(w => Average(marked.Where(m => m.Week == w && m.CourseId == courseId).Select(m => m.Score))).ToList()));
        }
        return new ScoreTrend(axis, axis.Select(w => marked.Count(m => m.Week == w)).ToList(), series);
    }

    private async Task<IReadOnlyList<CourseMastery>> MasteryAsync(Guid studentId, IReadOnlyList<KeyValuePair<Guid, string>> courses, int threshold, CancellationToken ct)
    {
        var list = new List<CourseMastery>();
        foreach (var (courseId, title) in courses)
        {
            var level = await sequencing.LevelOfAsync(studentId, courseId, ct);
            var units = await catalog.LevelUnitsAsync(courseId, level, ct);
            if (units.Sum(u => u.ExerciseIds.Count) == 0) { continue; }
            var best = await attempts.BestScoresAsync(studentId, courseId, ct);
            list.Add(new CourseMastery(courseId, title, level, units.Select(u => new UnitMastery(u.UnitId, u.Title, u.ExerciseIds.Count,
                u.ExerciseIds.Count(e => best.TryGetValue(e, out var score) && score >= threshold))).ToList()));
        }
        return list;
    }

    /// <summary>The Monday of the week a day falls in.</summary>
    private static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
