using System.Text.Json;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Content;

namespace AetherLearn.Core.Attempts;

public enum AttemptStatus
{
    InProgress,
    Submitted,
}

/// <summary>
/// A student's go at an exercise. Not audited row by row: autosaves arrive every few seconds, and the
/// attempt itself is the record of the student's work.
/// </summary>
public sealed class Attempt : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public Guid ExerciseId { get; set; }
    public Guid CourseId { get; set; }
    /// <summary>The session enrolment the attempt was made in, when it was made in a lesson.</summary>
    public Guid? EnrolmentId { get; set; }
    /// <summary>
    /// Which go at the exercise this is for the student (1 for the first). A retake (2 on) shows the questions, and
    /// the options of choice questions, in an order of its own (seeded by the attempt's id, so stable across reloads).
    /// </summary>
    public int Number { get; set; } = 1;
    public AttemptStatus Status { get; set; }
    /// <summary>Answers keyed by question id, as the player sent them.</summary>
    public Dictionary<string, JsonElement> Answers { get; set; } = new();
    /// <summary>The client's sequence number of the save now stored: an older save arriving late is ignored.</summary>
    public long SaveSequence { get; set; }
    /// <summary>Concurrency token: two writers racing on one attempt cannot both win.</summary>
    public int Version { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime LastSavedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public decimal? Points { get; set; }
    public int MaxScore { get; set; }
    /// <summary>0–100, rounded down; stored as a whole number so mastery can be compared in SQL on both providers.</summary>
    public int? ScorePercent { get; set; }
    public List<QuestionResult>? Results { get; set; }
}

/// <summary>
/// A tutor's release of the correct answers of one exercise to one student (the centre's answer-reveal rule may
/// otherwise keep them hidden). One per student and exercise; audited, as it changes what a student may see.
/// </summary>
public sealed class AnswerRelease : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public Guid ExerciseId { get; set; }
    public Guid ReleasedBy { get; set; }
    public DateTime ReleasedAt { get; set; }
}
