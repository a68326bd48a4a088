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

/// <summary>
/// One line of the scores chart: the average score of the marked exercises of each week (null in a week with none), in the
/// order of <see cref="ScoreTrend.Weeks"/>. <see cref="CourseId"/> is null for the line of all courses together.
/// </summary>
public sealed record ScoreSeries(Guid? CourseId, string Name, IReadOnlyList<int?> Averages);

/// <summary>
/// Scores over time, week by week (weeks start on Monday in the centre's time zone): from the first week with a marked
/// exercise in the window to this week. <see cref="Exercises"/> counts the marked exercises of each week.
/// </summary>
public sealed record ScoreTrend(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<int> Exercises, IReadOnlyList<ScoreSeries> Series)
{
    public static ScoreTrend Empty { get; } = new([], [], []);
    /// <summary>The line of all courses together (absent when nothing was marked in the window).</summary>
    public ScoreSeries? Overall => Series.FirstOrDefault(s => s.CourseId is null);
}

/// <summary>A unit of the student's level: how many of its exercises they have mastered (best score at the centre's mastery score).</summary>
public sealed record UnitMastery(Guid UnitId, string Title, int Exercises, int Mastered)
{
    public int Percent => Exercises == 0 ? 0 : Mastered * 100 / Exercises;
}

/// <summary>The student's current level in a course and its units.</summary>
public sealed record CourseMastery(Guid CourseId, string CourseTitle, int Level, IReadOnlyList<UnitMastery> Units)
{
    public int Exercises => Units.Sum(u => u.Exercises);
    public int Mastered => Units.Sum(u => u.Mastered);
    public int Percent => Exercises == 0 ? 0 : Mastered * 100 / Exercises;
}

/// <summary>What the progress charts show for one student: scores over time and mastery per unit of each course's current level.</summary>
public sealed record StudentProgressCharts(Guid StudentId, string StudentName, ScoreTrend Scores, IReadOnlyList<CourseMastery> Mastery, int MasteryThresholdPercent);

/// <summary>
/// The progress read model of the charts (the student's progress page, the parent home, the tutor's student plan). A student for
/// themself, a parent for their own child, Teacher+ for a student of their centre; anyone else is answered as if the student
/// did not exist (another centre's students are never found).
/// </summary>
public interface IProgressCharts
{
    /// <summary>Scores of the last <paramref name="weeks"/> weeks (this one included) and mastery of the current level.</summary>
    Task<StudentProgressCharts> ForStudentAsync(Guid studentId, int weeks = 8, CancellationToken ct = default);
}
