using AetherLearn.Core.Common.Persistence;

namespace AetherLearn.Core.Progression;

/// <summary>A tutor's choice of the next exercise for a student in a course; wins over the automatic sequence.</summary>
public sealed class ContentOverride : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public Guid CourseId { get; set; }
    public Guid ExerciseId { get; set; }
    public Guid AssignedBy { get; set; }
    public DateTime AssignedAt { get; set; }
    public DateTime? ClearedAt { get; set; }
}

/// <summary>The level a student works at in a course (set by an assessor; level 1 until then).</summary>
public sealed class StudentLevel : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public Guid CourseId { get; set; }
    public int LevelNumber { get; set; } = 1;
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The pure rule behind "what is next" (unit tested without a database).</summary>
public static class SequencingRules
{
    public sealed record Candidate(Guid ExerciseId, int Sequence);

    /// <param name="activeOverride">The tutor's open override, unless it has been completed since it was set.</param>
    /// <param name="levelExercises">The exercises of the student's level.</param>
    /// <param name="bestScores">Best submitted score (percent) per exercise.</param>
    public static (NextReason Reason, Guid? ExerciseId) Next(Guid? activeOverride, IEnumerable<Candidate> levelExercises,
        IReadOnlyDictionary<Guid, int> bestScores, int masteryPercent)
    {
        if (activeOverride is { } chosen) { return (NextReason.Override, chosen); }
        var next = levelExercises.OrderBy(e => e.Sequence)
            .FirstOrDefault(e => !bestScores.TryGetValue(e.ExerciseId, out var best) || best < masteryPercent);
        return next is null ? (NextReason.LevelComplete, null) : (NextReason.Sequence, next.ExerciseId);
    }
}
