using AetherLearn.Core.Common.Persistence;

namespace AetherLearn.Core.Content;

public enum Subject
{
    Mathematics,
    English,
    Science,
    Other,
}

/// <summary>A subject programme ("Mathematics") made of grade levels.</summary>
public sealed class Course : ICentreShared, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? CentreId { get; set; }
    /// <summary>Stable key from the import file ("maths"), unique per owner.</summary>
    public required string Key { get; set; }
    public required string Title { get; set; }
    public Subject Subject { get; set; }
    public string? Description { get; set; }
    public int Order { get; set; }
}

/// <summary>A grade level of a course; a student's assessed level for the course points at one.</summary>
public sealed class CourseLevel : ICentreShared
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? CentreId { get; set; }
    public Guid CourseId { get; set; }
    /// <summary>1, 2, 3…: the order of levels and the number an assessor sets.</summary>
    public int Number { get; set; }
    public required string Title { get; set; }
}

public sealed class Unit : ICentreShared
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? CentreId { get; set; }
    public Guid LevelId { get; set; }
    public required string Title { get; set; }
    public int Order { get; set; }
}

public sealed class Lesson : ICentreShared
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? CentreId { get; set; }
    public Guid UnitId { get; set; }
    public required string Title { get; set; }
    public int Order { get; set; }
}

public enum Difficulty
{
    Easy,
    Medium,
    Hard,
}

/// <summary>A set of questions a student does in one sitting; the unit of attempts, homework and sequencing.</summary>
public sealed class Exercise : ICentreShared, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? CentreId { get; set; }
    public Guid LessonId { get; set; }
    /// <summary>Copied from the lesson's course and level so sequencing reads one table.</summary>
    public Guid CourseId { get; set; }
    public int LevelNumber { get; set; }
    /// <summary>Position within the course level (unit, lesson, exercise order flattened): the auto-sequence order.</summary>
    public int Sequence { get; set; }
    public required string Title { get; set; }
    public string? Instructions { get; set; }
    public Difficulty Difficulty { get; set; }
    public int EstimatedMinutes { get; set; }
    public IReadOnlyList<Question> Questions { get; set; } = [];
    public int MaxScore { get; set; }
}
