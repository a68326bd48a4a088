using System.ComponentModel.DataAnnotations;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Homework;

public interface IHomeworkDb : IDbSession
{
    DbSet<HomeworkAssignment> Homework { get; }
}

public sealed record AssignHomeworkRequest(Guid? StudentId, Guid? ExerciseId, DateTime? DueDate, [property: MaxLength(TextLimits.HomeworkNotes)] string? Notes = null);

/// <summary>The same homework for several students at once (a tutor's group): all are set or none.</summary>
public sealed record AssignHomeworkToManyRequest(IReadOnlyList<Guid>? StudentIds, Guid? ExerciseId, DateTime? DueDate, [property: MaxLength(TextLimits.HomeworkNotes)] string? Notes = null);

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
    /// <summary>One homework per student in one transaction; each raises its own <c>homework.assigned</c>, as one at a time does.</summary>
    Task<IReadOnlyList<HomeworkItem>> AssignManyAsync(AssignHomeworkToManyRequest request, CancellationToken ct = default);
    Task<HomeworkItem> UpdateAsync(Guid id, UpdateHomeworkRequest request, CancellationToken ct = default);
}

/// <summary>Open homework for other modules (a tutor's lesson plan); no permission checks.</summary>
public interface IHomeworkQueries
{
    Task<IReadOnlyList<HomeworkItem>> OpenForAsync(Guid studentId, CancellationToken ct = default);
    /// <summary>The centre's homework past its due date and not handed in, longest overdue first (at most <paramref name="take"/>): a supervisor's day.</summary>
    Task<IReadOnlyList<HomeworkItem>> OverdueAsync(int take, CancellationToken ct = default);
    /// <summary>One homework with who set it (notifications tell them of the submission).</summary>
    Task<HomeworkFacts?> FindAsync(Guid homeworkId, CancellationToken ct = default);
    /// <summary>Due times in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) of homework not handed in by then: the days a homework streak breaks on.</summary>
    Task<IReadOnlyList<DateTime>> MissedDueTimesAsync(Guid studentId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default);
}

public sealed record HomeworkFacts(Guid Id, Guid StudentId, Guid ExerciseId, Guid AssignedBy, DateTime DueAt, DateTime? SubmittedAt);

/// <summary>
/// The contract's <c>homework.overdue-check</c>: homework not handed in raises <c>homework.overdue</c> one, three and
/// seven days after it was due (the router tells the student and parents); a new due date starts the count again.
/// </summary>
public interface IHomeworkOverdueCheck : IScheduledWork;
