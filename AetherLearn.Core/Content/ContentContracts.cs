using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Content;

public interface IContentDb : IDbSession
{
    DbSet<Course> Courses { get; }
    DbSet<CourseLevel> CourseLevels { get; }
    DbSet<Unit> Units { get; }
    DbSet<Lesson> Lessons { get; }
    DbSet<Exercise> Exercises { get; }
}

public sealed record CourseSummary(Guid Id, string Key, string Title, Subject Subject, string? Description, bool Shared, int LevelCount, int ExerciseCount);
public sealed record LevelSummary(Guid Id, int Number, string Title, int UnitCount);
public sealed record LessonSummary(Guid Id, string Title, int Order, int ExerciseCount);
public sealed record UnitWithLessons(Guid Id, string Title, int Order, IReadOnlyList<LessonSummary> Lessons);
public sealed record ExerciseSummary(Guid Id, string Title, Difficulty Difficulty, int EstimatedMinutes, int MaxScore, int QuestionCount, int Sequence);

/// <summary>The whole catalogue as one tree (course → level → unit → lesson → exercise), for a searchable picker.</summary>
public sealed record OutlineNode(Guid Id, OutlineKind Kind, string Title, IReadOnlyList<OutlineNode> Children);

public enum OutlineKind
{
    Course,
    Level,
    Unit,
    Lesson,
    Exercise,
}

/// <summary>An exercise with its questions. Staff see the answers; a student's view has them removed.</summary>
public sealed record ExerciseDetail(
    Guid Id, Guid CourseId, string CourseTitle, int LevelNumber, Guid LessonId, string LessonTitle, string Title, string? Instructions,
    Difficulty Difficulty, int EstimatedMinutes, int MaxScore, IReadOnlyList<Question> Questions);

// The import format (docs/content-import.md): courses → levels → units → lessons → exercises → questions.
public sealed record ContentPackage(IReadOnlyList<CoursePackage>? Courses);
public sealed record CoursePackage([property: MaxLength(TextLimits.Key)] string? Key, [property: MaxLength(TextLimits.Title)] string? Title, Subject? Subject, [property: MaxLength(TextLimits.Description)] string? Description,
    IReadOnlyList<LevelPackage>? Levels);
public sealed record LevelPackage(int Number, [property: MaxLength(TextLimits.Title)] string? Title, IReadOnlyList<UnitPackage>? Units);
public sealed record UnitPackage([property: MaxLength(TextLimits.Title)] string? Title, IReadOnlyList<LessonPackage>? Lessons);
public sealed record LessonPackage([property: MaxLength(TextLimits.Title)] string? Title, IReadOnlyList<ExercisePackage>? Exercises);
public sealed record ExercisePackage([property: MaxLength(TextLimits.ExerciseTitle)] string? Title, [property: MaxLength(TextLimits.Description)] string? Instructions, Difficulty? Difficulty, int? EstimatedMinutes,
    IReadOnlyList<Question>? Questions);

public sealed record ImportSummary(int Courses, int Levels, int Units, int Lessons, int Exercises, int Questions);

public interface IContentService
{
    Task<IReadOnlyList<CourseSummary>> ListCoursesAsync(CancellationToken ct = default);
    Task<IReadOnlyList<LevelSummary>> ListLevelsAsync(Guid courseId, CancellationToken ct = default);
    Task<IReadOnlyList<UnitWithLessons>> ListUnitsAsync(Guid courseId, Guid levelId, CancellationToken ct = default);
    Task<IReadOnlyList<ExerciseSummary>> ListExercisesAsync(Guid lessonId, CancellationToken ct = default);
    /// <summary>Staff: every course down to its exercises in one read (five queries, whatever the catalogue's size).</summary>
    Task<IReadOnlyList<OutlineNode>> OutlineAsync(CancellationToken ct = default);
    /// <summary>Staff (Teacher+) see the whole exercise with its answers.</summary>
    Task<ExerciseDetail> GetExerciseAsync(Guid id, CancellationToken ct = default);
    /// <summary>Adds the package's courses to the caller's centre (Admin+); all or nothing, with every problem reported.</summary>
    Task<ImportSummary> ImportAsync(ContentPackage package, CancellationToken ct = default);
}

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
    /// <summary>The exercises of one level of a course with their place in it (sequencing walks them in order).</summary>
    Task<IReadOnlyList<SequencedExercise>> LevelSequenceAsync(Guid courseId, int levelNumber, CancellationToken ct = default);
    /// <summary>The units of one level of a course, in order, each with its exercises (progress charts count mastery per unit).</summary>
    Task<IReadOnlyList<UnitExercises>> LevelUnitsAsync(Guid courseId, int levelNumber, CancellationToken ct = default);
}

public sealed record SequencedExercise(Guid Id, int Sequence);

/// <summary>A unit of a level and the exercises of its lessons.</summary>
public sealed record UnitExercises(Guid UnitId, string Title, int Order, IReadOnlyList<Guid> ExerciseIds);

/// <summary>
/// "Student (assigned)": may a student open this exercise? Each module that can put an exercise in front of
/// a student (homework, attempts, tutor overrides, sequencing) contributes a rule; any one is enough.
/// </summary>
public interface IExerciseAccessRule
{
    Task<bool> AllowsAsync(Guid studentId, Guid exerciseId, CancellationToken ct = default);
}
