using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Progression;

/// <summary>Sequencing's own tables; the catalogue and the attempts are read through their modules' contracts.</summary>
public interface ISequencingDb : IDbSession
{
    DbSet<ContentOverride> ContentOverrides { get; }
    DbSet<StudentLevel> StudentLevels { get; }
}

public enum NextReason
{
    /// <summary>A tutor chose it.</summary>
    Override,
    /// <summary>The first exercise of the student's level not yet mastered.</summary>
    Sequence,
    /// <summary>Every exercise of the level is mastered: time for an assessment.</summary>
    LevelComplete,
}

public sealed record NextContent(Guid StudentId, Guid CourseId, int LevelNumber, NextReason Reason, Guid? ExerciseId, string? ExerciseTitle,
    int? EstimatedMinutes, Guid? OverrideId);

public interface ISequencing
{
    /// <summary>Teacher+ for any student of the centre; a student for themself.</summary>
    Task<NextContent> NextAsync(Guid studentId, Guid courseId, CancellationToken ct = default);

    /// <summary>
    /// Sets a tutor override (replacing any open one for the course), publishes <c>content.assigned</c> and
    /// returns the exercise's course. No permission check: the Sessions module, which owns enrolments, decides who may.
    /// </summary>
    Task<Guid> AssignAsync(Guid studentId, Guid exerciseId, Guid assignedBy, CancellationToken ct = default);

    /// <summary>
    /// <see cref="AssignAsync"/> for several students in one transaction: each gets the override and its own
    /// <c>content.assigned</c>. Returns the exercise's course. No permission check, as there.
    /// </summary>
    Task<Guid> AssignManyAsync(IReadOnlyCollection<Guid> studentIds, Guid exerciseId, Guid assignedBy, CancellationToken ct = default);

    Task ClearOverrideAsync(Guid studentId, Guid courseId, CancellationToken ct = default);

    Task<int> LevelOfAsync(Guid studentId, Guid courseId, CancellationToken ct = default);
}

/// <summary>What is next for a student in one course, and whether they have already begun it (an attempt still open).</summary>
public sealed record CourseNext(Guid CourseId, string CourseTitle, NextContent Next, bool InProgress);

/// <summary>A marked exercise, as the student's and their parents' home pages list it.</summary>
public sealed record RecentResult(Guid AttemptId, Guid ExerciseId, string ExerciseTitle, DateTime SubmittedAt, int ScorePercent);

/// <summary>
/// The student's progress as their home page and their parents' home page show it: what is next in each course and the
/// latest results, assembled here from sequencing, the catalogue and the attempts.
/// </summary>
public interface IProgressOverview
{
    /// <summary>The next exercise in every course of the catalogue, in catalogue order. A student for themself; Teacher+.</summary>
    Task<IReadOnlyList<CourseNext>> NextUpAsync(Guid studentId, CancellationToken ct = default);

    /// <summary>
    /// The latest marked exercises (at most <paramref name="take"/>, newest started first) among the student's 20 latest
    /// attempts. A student for themself, a parent for their own child, Teacher+.
    /// </summary>
    Task<IReadOnlyList<RecentResult>> RecentResultsAsync(Guid studentId, int take, CancellationToken ct = default);
}
