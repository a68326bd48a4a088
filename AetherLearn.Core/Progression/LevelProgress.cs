using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;

namespace AetherLearn.Core.Progression;

/// <summary>How far a student is through their level of one course: exercises of the level at the centre's mastery score, of all.</summary>
public sealed record LevelProgressView(Guid CourseId, string CourseTitle, int LevelNumber, int Mastered, int Total)
{
    public int Percent => Total == 0 ? 0 : Mastered * 100 / Total;
}

/// <summary>The progress a student can see on their home: their level in each course and how much of it they have mastered.</summary>
public interface ILevelProgress
{
    /// <summary>Every course of the catalogue, in catalogue order. A student for themself, a parent for their own child, Teacher+.</summary>
    Task<IReadOnlyList<LevelProgressView>> OfAsync(Guid studentId, CancellationToken ct = default);
}

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
