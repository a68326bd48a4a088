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

    public async Task<IReadOnlyList<UnitExercises>> LevelUnitsAsync(Guid courseId, int levelNumber, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IContentDb>();
        var levels = await db.CourseLevels.AsNoTracking().Where(l => l.CourseId == courseId && l.Number == levelNumber).Select(l => l.Id).ToListAsync(ct);
        if (levels.Count == 0) { return []; }
        var units = await db.Units.AsNoTracking().Where(u => levels.Contains(u.LevelId)).OrderBy(u => u.Order).ThenBy(u => u.Title)
            .Select(u => new { u.Id, u.Title, u.Order }).ToListAsync(ct);
        var unitIds = units.Select(u => u.Id).ToList();
        var lessons = await db.Lessons.AsNoTracking().Where(l => unitIds.Contains(l.UnitId)).Select(l => new { l.Id, l.UnitId }).ToListAsync(ct);
        var lessonIds = lessons.Select(l => l.Id).ToList();
        var exercises = await db.Exercises.AsNoTracking().Where(e => lessonIds.Contains(e.LessonId))
            .Select(e => new { e.Id, e.LessonId, e.Sequence }).ToListAsync(ct);
        var unitOf = lessons.ToDictionary(l => l.Id, l => l.UnitId);
        return units.Select(u => new UnitExercises(u.Id, u.Title, u.Order,
            exercises.Where(e => unitOf[e.LessonId] == u.Id).OrderBy(e => e.Sequence).Select(e => e.Id).ToList())).ToList();
    }
}
