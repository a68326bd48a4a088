using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;

namespace AetherLearn.Core.Progression;

internal sealed class ProgressOverview(ISequencing sequencing, IAttemptQueries attempts, IExerciseCatalog catalog, IPeopleDirectory people,
    ICurrentUser currentUser) : IProgressOverview
{
    /// <summary>How many of the latest attempts (by start) the home pages look through for results and open work.</summary>
    public const int RecentWindow = 20;

    public async Task<IReadOnlyList<CourseNext>> NextUpAsync(Guid studentId, CancellationToken ct = default)
    {
        await people.ReadableStudentAsync(currentUser, studentId, ct);
        var recent = await attempts.RecentAsync(studentId, RecentWindow, ct);
        var list = new List<CourseNext>();
        foreach (var (courseId, title) in await catalog.AllCoursesAsync(ct))
        {
            var next = await sequencing.NextAsync(studentId, courseId, ct);
            list.Add(new CourseNext(courseId, title, next, recent.Any(a => a.ExerciseId == next.ExerciseId && a.Status == AttemptStatus.InProgress)));
        }
        return list;
    }

    public async Task<IReadOnlyList<RecentResult>> RecentResultsAsync(Guid studentId, int take, CancellationToken ct = default)
    {
        await people.ReadableStudentAsync(currentUser, studentId, ct);
        var done = (await attempts.RecentAsync(studentId, RecentWindow, ct)).Where(a => a.Status == AttemptStatus.Submitted).Take(take).ToList();
        var titles = await catalog.FindManyAsync(done.Select(a => a.ExerciseId), ct);
        return done.Select(a => new RecentResult(a.Id, a.ExerciseId, titles.GetValueOrDefault(a.ExerciseId)?.Title ?? "", a.SubmittedAt!.Value, a.ScorePercent ?? 0))
            .ToList();
    }
}
