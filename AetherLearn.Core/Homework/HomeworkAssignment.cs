using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Homework;

/// <summary>An exercise a tutor set a student to do by a date.</summary>
public sealed class HomeworkAssignment : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public Guid ExerciseId { get; set; }
    public Guid AssignedBy { get; set; }
    public DateTime AssignedAt { get; set; }
    public DateTime DueAt { get; set; }
    public string? Notes { get; set; }
    /// <summary>Set when the student submits an attempt at the exercise after it was assigned.</summary>
    public Guid? SubmittedAttemptId { get; set; }
    public DateTime? SubmittedAt { get; set; }
    /// <summary>How many overdue reminders went out for the current due date (a new due date starts again).</summary>
    public int OverdueReminders { get; set; }
}

public enum HomeworkStatus
{
    Assigned,
    InProgress,
    Submitted,
    Overdue,
}

public interface IHomeworkDb : IDbSession
{
    DbSet<HomeworkAssignment> Homework { get; }
}

public sealed record AssignHomeworkRequest(Guid? StudentId, Guid? ExerciseId, DateTime? DueDate, [property: MaxLength(TextLimits.HomeworkNotes)] string? Notes = null);

/// <summary>PATCH: extend the deadline and/or change the notes.</summary>
public sealed record UpdateHomeworkRequest(DateTime? DueDate = null, [property: MaxLength(TextLimits.HomeworkNotes)] string? Notes = null);

public sealed record HomeworkItem(
    Guid Id, Guid StudentId, string StudentName, Guid ExerciseId, string ExerciseTitle, int EstimatedMinutes, DateTime AssignedAt, DateTime DueDate,
    string? Notes, HomeworkStatus Status, bool? OnTime, Guid? AttemptId, int? ScorePercent);

public interface IHomeworkService
{
    /// <summary>Student (self), Teacher+ (any student of the centre), Parent (own child).</summary>
    Task<IReadOnlyList<HomeworkItem>> ListAsync(Guid? studentId, CancellationToken ct = default);
    Task<HomeworkItem> AssignAsync(AssignHomeworkRequest request, CancellationToken ct = default);
    Task<HomeworkItem> UpdateAsync(Guid id, UpdateHomeworkRequest request, CancellationToken ct = default);
}

/// <summary>Open homework for other modules (a tutor's lesson plan); no permission checks.</summary>
public interface IHomeworkQueries
{
    Task<IReadOnlyList<HomeworkItem>> OpenForAsync(Guid studentId, CancellationToken ct = default);
    /// <summary>One homework with who set it (notifications tell them of the submission).</summary>
    Task<HomeworkFacts?> FindAsync(Guid homeworkId, CancellationToken ct = default);
    /// <summary>Due times in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) of homework not handed in by then: the days a homework streak breaks on.</summary>
    Task<IReadOnlyList<DateTime>> MissedDueTimesAsync(Guid studentId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default);
}

public sealed record HomeworkFacts(Guid Id, Guid StudentId, Guid ExerciseId, Guid AssignedBy, DateTime DueAt, DateTime? SubmittedAt);
