using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Content;

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

    public async Task<IReadOnlyList<SequencedExercise>> LevelSequenceAsync(Guid courseId, int levelNumber, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IContentDb>();
        return await db.Exercises.AsNoTracking().Where(e => e.CourseId == courseId && e.LevelNumber == levelNumber)
            .Select(e => new SequencedExercise(e.Id, e.Sequence)).ToListAsync(ct);
    }
}
