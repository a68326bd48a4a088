using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Content;

/// <summary>An exercise's content for other modules (grading, plans, homework lists); no permission checks.</summary>
public sealed record ExerciseContent(Guid Id, Guid CourseId, int LevelNumber, string Title, string? Instructions, Difficulty Difficulty, int EstimatedMinutes,
    int MaxScore, IReadOnlyList<Question> Questions);

public interface IExerciseCatalog
{
    Task<ExerciseContent?> FindAsync(Guid exerciseId, CancellationToken ct = default);
    Task<IReadOnlyDictionary<Guid, ExerciseContent>> FindManyAsync(IEnumerable<Guid> exerciseIds, CancellationToken ct = default);
    Task<IReadOnlyDictionary<Guid, string>> CourseTitlesAsync(IEnumerable<Guid> courseIds, CancellationToken ct = default);
    /// <summary>Every course the centre sees, in catalogue order (id → title).</summary>
    Task<IReadOnlyList<KeyValuePair<Guid, string>>> AllCoursesAsync(CancellationToken ct = default);
}

/// <summary>
/// "Student (assigned)": may a student open this exercise? Each module that can put an exercise in front of
/// a student (homework, attempts, tutor overrides, sequencing) contributes a rule; any one is enough.
/// </summary>
public interface IExerciseAccessRule
{
    Task<bool> AllowsAsync(Guid studentId, Guid exerciseId, CancellationToken ct = default);
}

internal sealed class ExerciseCatalog(IDbSessionFactory dbFactory) : IExerciseCatalog
{
    public async Task<ExerciseContent?> FindAsync(Guid exerciseId, CancellationToken ct = default) =>
        (await FindManyAsync([exerciseId], ct)).GetValueOrDefault(exerciseId);

    public async Task<IReadOnlyDictionary<Guid, ExerciseContent>> FindManyAsync(IEnumerable<Guid> exerciseIds, CancellationToken ct = default)
    {
        var ids = exerciseIds.Distinct().ToList();
        if (ids.Count == 0) { return new Dictionary<Guid, ExerciseContent>(); }
        await using var db = dbFactory.Create<IContentDb>();
        var rows = await db.Exercises.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        return rows.ToDictionary(e => e.Id, e => new ExerciseContent(e.Id, e.CourseId, e.LevelNumber, e.Title, e.Instructions, e.Difficulty,
            e.EstimatedMinutes, e.MaxScore, e.Questions));
    }

    public async Task<IReadOnlyDictionary<Guid, string>> CourseTitlesAsync(IEnumerable<Guid> courseIds, CancellationToken ct = default)
    {
        var ids = courseIds.Distinct().ToList();
        if (ids.Count == 0) { return new Dictionary<Guid, string>(); }
        await using var db = dbFactory.Create<IContentDb>();
        return await db.Courses.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Title, ct);
    }

    public async Task<IReadOnlyList<KeyValuePair<Guid, string>>> AllCoursesAsync(CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IContentDb>();
        return (await db.Courses.AsNoTracking().OrderBy(c => c.Order).ThenBy(c => c.Title).Select(c => new { c.Id, c.Title }).ToListAsync(ct))
            .Select(c => new KeyValuePair<Guid, string>(c.Id, c.Title)).ToList();
    }
}
