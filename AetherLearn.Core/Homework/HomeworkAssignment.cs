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
