using System.Text.Json;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Content;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;

namespace AetherLearn.Tests.Events;

/// <summary>
/// Each typed event writes the same JSON the anonymous payload of earlier builds wrote (the same fields, in the same
/// order, with the same value forms), so a row stored before the records and one stored after are one format.
/// </summary>
public sealed class EventPayloadFormatTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();
    private static readonly DateTime At = new(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), Due = new(2026, 12, 3, 17, 0, 0, DateTimeKind.Utc);
    private static readonly SessionSummary Summary = new(4, 2, 1, 1, 0, 0, 7, 81);

    /// <summary>How earlier builds wrote a payload: an anonymous object through the outbox's serialiser settings.</summary>
    private static string Earlier(object payload) => JsonSerializer.Serialize(payload, EventJson.Options);

    public static TheoryData<string, string, string> Payloads => new()
    {
        { EventTypes.SessionStarted, EventJson.Serialize(new SessionStarted(A, B, C)), Earlier(new { sessionId = A, tutorId = B, startedBy = (Guid?)C }) },
        { EventTypes.SessionStarted, EventJson.Serialize(new SessionStarted(A, B, null)), Earlier(new { sessionId = A, tutorId = B, startedBy = (Guid?)null }) },
        { EventTypes.SessionEnded, EventJson.Serialize(new SessionEnded(A, Summary)), Earlier(new { sessionId = A, summary = Summary }) },
        { EventTypes.AttendanceRecorded, EventJson.Serialize(new AttendanceRecorded(A, B, AttendanceStatus.Absent, C)),
            Earlier(new { studentId = A, sessionId = B, status = AttendanceStatus.Absent, markedBy = C }) },
        { EventTypes.ExerciseStarted, EventJson.Serialize(new ExerciseStarted(A, B, C)), Earlier(new { studentId = A, exerciseId = B, attemptId = C }) },
        { EventTypes.ExerciseSubmitted, EventJson.Serialize(new ExerciseSubmitted(A, B, C, 75, Difficulty.Hard)),
            Earlier(new { studentId = A, attemptId = B, exerciseId = C, score = (int?)75, difficulty = Difficulty.Hard }) },
        { EventTypes.ExerciseGraded, EventJson.Serialize(new ExerciseGraded(A, 75, null, B)), Earlier(new { attemptId = A, score = (int?)75, assessorId = (Guid?)null, studentId = B }) },
        { EventTypes.ContentAssigned, EventJson.Serialize(new ContentAssigned(A, B, C, "Fractions 1")), Earlier(new { studentId = A, exerciseId = B, assignedBy = C, exerciseTitle = "Fractions 1" }) },
        { EventTypes.XpAwarded, EventJson.Serialize(new XpAwarded(A, -10, "ATTENDANCE", $"{B}")), Earlier(new { studentId = A, amount = -10, source = "ATTENDANCE", sourceId = $"{B}" }) },
        { EventTypes.LevelUp, EventJson.Serialize(new LevelUp(A, 3, "Explorer")), Earlier(new { studentId = A, newLevel = 3, title = "Explorer" }) },
        { EventTypes.BadgeEarned, EventJson.Serialize(new BadgeEarned(A, "STREAK_7", "Week Warrior")), Earlier(new { studentId = A, badgeType = "STREAK_7", badgeName = "Week Warrior" }) },
        { EventTypes.StreakBroken, EventJson.Serialize(new StreakBroken(A, "PRACTICE", 12)), Earlier(new { studentId = A, streakType = "PRACTICE", count = 12 }) },
        { EventTypes.StreakMilestone, EventJson.Serialize(new StreakMilestone(A, "HOMEWORK", 30)), Earlier(new { studentId = A, streakType = "HOMEWORK", count = 30 }) },
        { EventTypes.HomeworkAssigned, EventJson.Serialize(new HomeworkAssigned(A, B, C, Due)), Earlier(new { homeworkId = A, studentId = B, exerciseId = C, dueDate = Due }) },
        { EventTypes.HomeworkSubmitted, EventJson.Serialize(new HomeworkSubmitted(A, B, C, At, Due, true)),
            Earlier(new { homeworkId = A, studentId = B, attemptId = C, submittedAt = At, dueDate = Due, onTime = true }) },
        { EventTypes.HomeworkOverdue, EventJson.Serialize(new HomeworkOverdue(A, B, 3)), Earlier(new { homeworkId = A, studentId = B, daysPastDue = 3 }) },
        { EventTypes.LevelChanged, EventJson.Serialize(new LevelChanged(A, D, 1, 2)), Earlier(new { studentId = A, courseId = D, oldLevel = 1, newLevel = 2 }) },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void A_record_writes_the_payload_earlier_builds_wrote(string type, string written, string earlier)
    {
        Assert.True(EventTypes.All.Contains(type));
        Assert.Equal(earlier, written);
    }

    [Fact]
    public void Every_record_in_core_names_a_catalogue_type_and_no_two_name_the_same()
    {
        var records = typeof(IDomainEvent).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(IDomainEvent).IsAssignableFrom(t)).ToList();
        var names = records.Select(t => (string)t.GetProperty("EventType")!.GetValue(null)!).ToList();
        Assert.All(names, name => Assert.Contains(name, EventTypes.All));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(16, records.Count);
    }
}
