using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;

namespace AetherLearn.Core.Progression;

/// <summary>The level bars of a student's home (<see cref="ILevelProgress"/>).</summary>
internal sealed class LevelProgress(ISequencing sequencing, IAttemptQueries attempts, IExerciseCatalog catalog, IPeopleDirectory people,
    ICentreService centres, ICurrentUser currentUser) : ILevelProgress
{
    public async Task<IReadOnlyList<LevelProgressView>> OfAsync(Guid studentId, CancellationToken ct = default)
    {
        await people.ReadableStudentAsync(currentUser, studentId, ct);
        // The same mastery score sequencing moves a student on with.
        var mastery = currentUser.CentreId is { } centre ? (await centres.FindConfigAsync(centre, ct))?.MasteryThresholdPercent ?? 80 : 80;
        var list = new List<LevelProgressView>();
        foreach (var (courseId, title) in await catalog.AllCoursesAsync(ct))
        {
            var level = await sequencing.LevelOfAsync(studentId, courseId, ct);
            var exercises = await catalog.LevelSequenceAsync(courseId, level, ct);
            var best = await attempts.BestScoresAsync(studentId, courseId, ct);
            list.Add(new LevelProgressView(courseId, title, level, exercises.Count(e => best.GetValueOrDefault(e.Id) >= mastery), exercises.Count));
        }
        return list;
    }
}
