using System.Text.Json;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Content;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Attempts;

public interface IAttemptsDb : IDbSession
{
    DbSet<Attempt> Attempts { get; }
    DbSet<AnswerRelease> AnswerReleases { get; }
}

public sealed record StartAttemptRequest(Guid? SessionEnrollmentId = null);

/// <summary>Limits on what a client sends with its answers.</summary>
public static class AttemptRules
{
    /// <summary>
    /// The largest autosave <c>sequence</c>: JavaScript's largest exact integer (2^53 − 1), so any client can count to it
    /// (a save counter, or milliseconds since 1970) and one more still fits. <see cref="long.MaxValue"/> was accepted and
    /// stored, after which no later save could be newer (issue #11).
    /// </summary>
    public const long MaxSaveSequence = 9_007_199_254_740_991;
}

public sealed record AutosaveRequest(Dictionary<string, JsonElement>? Answers, long? Sequence = null);
public sealed record SubmitRequest(Dictionary<string, JsonElement>? Answers = null, long? Sequence = null);

/// <summary>An option as the player shows it; answers refer to <see cref="Index"/>, whatever the display order.</summary>
public sealed record OptionView(int Index, string Text);

/// <summary>A question without its answer, for a student who is still working.</summary>
public sealed record QuestionView(string Id, QuestionType Type, string Prompt, int Points, IReadOnlyList<OptionView>? Options);

/// <summary>
/// After submission: what was right, and the answer when it was not. <see cref="CorrectAnswer"/> and <see cref="Explanation"/>
/// are null for a student until the centre's answer-reveal rule allows them (<see cref="AnswerRevealRules"/>).
/// </summary>
public sealed record QuestionReview(string QuestionId, decimal Points, int MaxPoints, bool Correct, JsonElement? YourAnswer, string? CorrectAnswer, string? Explanation);

public sealed record AttemptView(
    Guid Id, Guid StudentId, Guid ExerciseId, string ExerciseTitle, string? Instructions, Guid CourseId, Guid? EnrolmentId, AttemptStatus Status,
    IReadOnlyDictionary<string, JsonElement> Answers, long SaveSequence, DateTime StartedAt, DateTime LastSavedAt, DateTime? SubmittedAt,
    decimal? Score, int MaxScore, int? ScorePercent, IReadOnlyList<QuestionView> Questions, IReadOnlyList<QuestionReview>? Review)
{
    /// <summary>Which go at the exercise this is (1 for the first); retakes show the questions in an order of their own.</summary>
    public int Number { get; init; } = 1;
    /// <summary>Whether the review carries the correct answers; when not, <see cref="AnswersHiddenReason"/> says when it will.</summary>
    public bool AnswersShown { get; init; }
    public string? AnswersHiddenReason { get; init; }
    /// <summary>Attempts the student may still start at this exercise (null: unlimited).</summary>
    public int? AttemptsLeft { get; init; }
}

/// <summary>Body of <c>POST /api/v1/exercises/{id}/answer-release</c>: whose answers to show.</summary>
public sealed record ReleaseAnswersRequest(Guid? StudentId);

public sealed record AnswerReleaseView(Guid StudentId, Guid ExerciseId, Guid ReleasedBy, DateTime ReleasedAt);

public sealed record AutosaveResult(Guid AttemptId, bool Applied, long SaveSequence, DateTime LastSavedAt);

public sealed record AttemptSummary(Guid Id, Guid StudentId, Guid ExerciseId, Guid CourseId, Guid? EnrolmentId, AttemptStatus Status,
    int AnsweredCount, int QuestionCount, DateTime StartedAt, DateTime? SubmittedAt, int? ScorePercent);

public interface IAttemptService
{
    /// <summary>Starts (or resumes, if one is in progress) the signed-in student's attempt at an exercise.</summary>
    Task<AttemptView> StartAsync(Guid exerciseId, StartAttemptRequest request, CancellationToken ct = default);
    Task<AutosaveResult> AutosaveAsync(Guid attemptId, AutosaveRequest request, CancellationToken ct = default);
    /// <summary>Grades and closes the attempt exactly once; a repeated submit returns the first result.</summary>
    Task<AttemptView> SubmitAsync(Guid attemptId, SubmitRequest request, CancellationToken ct = default);
    /// <summary>Student (own), Teacher+, Parent (own child).</summary>
    Task<AttemptView> GetAsync(Guid attemptId, CancellationToken ct = default);
    /// <summary>Teacher+: shows a student of the caller's centre the correct answers of an exercise (once; audited).</summary>
    Task<AnswerReleaseView> ReleaseAnswersAsync(Guid exerciseId, ReleaseAnswersRequest request, CancellationToken ct = default);
}

/// <summary>Facts about attempts for other modules (sequencing, homework, session dashboards); no permission checks.</summary>
public interface IAttemptQueries
{
    Task<IReadOnlyDictionary<Guid, int>> BestScoresAsync(Guid studentId, Guid courseId, CancellationToken ct = default);
    Task<IReadOnlyList<AttemptSummary>> RecentAsync(Guid studentId, int take, CancellationToken ct = default);
    Task<IReadOnlyList<AttemptSummary>> ForStudentsAsync(IReadOnlyCollection<Guid> studentIds, DateTime since, CancellationToken ct = default);
    Task<AttemptSummary?> FindAsync(Guid attemptId, CancellationToken ct = default);
    /// <summary>
    /// A session's work: every attempt started with one of <paramref name="enrolmentIds"/> (whenever it was made), and the
    /// attempts of <paramref name="studentIds"/> started with no enrolment between <paramref name="from"/> and <paramref name="to"/>.
    /// An attempt started with another session's enrolment is that session's, never this one's.
    /// </summary>
    Task<IReadOnlyList<AttemptSummary>> ForSessionAsync(IReadOnlyCollection<Guid> enrolmentIds, IReadOnlyCollection<Guid> studentIds, DateTime from, DateTime to,
        CancellationToken ct = default);
    /// <summary>Attempts at an exercise started or submitted since <paramref name="since"/>, and any still open.</summary>
    Task<IReadOnlyList<AttemptSummary>> ForExerciseAsync(Guid studentId, Guid exerciseId, DateTime since, CancellationToken ct = default);
    /// <summary>Every submitted attempt of a student at an exercise (for paying its XP at the best score).</summary>
    Task<IReadOnlyList<AttemptSummary>> SubmittedAtExerciseAsync(Guid studentId, Guid exerciseId, CancellationToken ct = default);
    /// <summary>
    /// When the student's review of an exercise first showed the correct answers under the centre's rule (a pass, the last
    /// allowed attempt, a tutor's release), or null while it has not: an attempt started after that could copy them.
    /// </summary>
    Task<DateTime?> AnswersShownSinceAsync(Guid centreId, Guid studentId, Guid exerciseId, CancellationToken ct = default);
}

/// <summary>
/// Implemented by the Sessions module: whether an enrolment belongs to a student. Declared here so that
/// attempts need not know sessions (sessions already read attempts).
/// </summary>
public interface IEnrolmentCheck
{
    Task<bool> IsStudentsEnrolmentAsync(Guid enrolmentId, Guid studentId, CancellationToken ct = default);
}
