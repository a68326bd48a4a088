using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Sessions;

namespace AetherLearn.Core.Notifications;

/// <summary>Who a route notifies, resolved from the data at the time of the event.</summary>
[Flags]
public enum Audience
{
    /// <summary>The student the event is about.</summary>
    Student = 1,
    /// <summary>The parents of the student the event is about (or of each student of the session).</summary>
    Parents = 2,
    /// <summary>The tutor who set the homework.</summary>
    HomeworkSetter = 4,
    /// <summary>The centre's supervisors and admins.</summary>
    Supervisors = 8,
    /// <summary>The parent named in the payload (<c>parentId</c>).</summary>
    NamedParent = 16,
    /// <summary>The parents of every student enrolled in the session.</summary>
    SessionParents = 32,
}

/// <summary>One row of the router: an event (optionally only when <see cref="When"/> holds) becomes a template sent to an audience.</summary>
public sealed record NotificationRoute(string EventType, string TemplateKey, NotificationCategory Category, Audience Audience, Func<EventSubject, bool>? When = null)
{
    public bool Applies(EventSubject subject) => When is null || When(subject);
}

/// <summary>
/// What a routed event is about, read from its payload by the catalogue's field names. The router serves every module's
/// events from one table — and the events of modules not built yet, which have no record — so it reads this one typed
/// view of the payload rather than each module's record; a field the event does not have is null.
/// </summary>
public sealed record EventSubject(Guid? StudentId, Guid? SessionId, Guid? AttemptId, Guid? HomeworkId, Guid? ExerciseId, Guid? CourseId, Guid? ParentId,
    string? Status, SessionSummary? Summary)
{
    public static EventSubject Of(JsonElement payload) => payload.Deserialize<EventSubject>(EventJson.Options) ?? throw new JsonException("Empty event payload");
}

/// <summary>
/// The router's table: every event of the contract's catalogue whose consumers include Notifications.
/// </summary>
public static class NotificationRoutes
{

    public static IReadOnlyList<NotificationRoute> All { get; } =
    [
        new(EventTypes.SessionStarted, "session.started", NotificationCategory.Academic, Audience.SessionParents),
        new(EventTypes.SessionEnded, "session.ended", NotificationCategory.Academic, Audience.SessionParents),
        new(EventTypes.AttendanceRecorded, "attendance.absent", NotificationCategory.Attendance, Audience.Parents, p => p.Status == "ABSENT"),
        new(EventTypes.AttendanceRecorded, "attendance.late", NotificationCategory.Attendance, Audience.Parents, p => p.Status == "LATE"),
        // exercise.submitted is not routed: every question type is marked on submission, so exercise.graded tells the student
        // and parents at the same moment and a "handed in" message could never be true (ADR 0011).
        new(EventTypes.ExerciseGraded, "exercise.graded", NotificationCategory.Academic, Audience.Student | Audience.Parents),
        new(EventTypes.LevelChanged, "level.changed", NotificationCategory.Academic, Audience.Student | Audience.Parents),
        new(EventTypes.BadgeEarned, "badge.earned", NotificationCategory.Gamification, Audience.Student | Audience.Parents),
        new(EventTypes.LevelUp, "level.up", NotificationCategory.Gamification, Audience.Student),
        new(EventTypes.StreakBroken, "streak.broken", NotificationCategory.Gamification, Audience.Student),
        new(EventTypes.StreakMilestone, "streak.milestone", NotificationCategory.Gamification, Audience.Student),
        new(EventTypes.InvoiceCreated, "invoice.created", NotificationCategory.Finance, Audience.NamedParent),
        // The contract's payloads for these name no person; the finance module adds the invoice's parentId (ADR 0011).
        new(EventTypes.PaymentReceived, "payment.received", NotificationCategory.Finance, Audience.NamedParent),
        new(EventTypes.InvoiceOverdue, "invoice.overdue", NotificationCategory.Finance, Audience.NamedParent),
        new(EventTypes.RefundApproved, "refund.approved", NotificationCategory.Finance, Audience.NamedParent),
        new(EventTypes.TicketCreated, "ticket.created", NotificationCategory.Operations, Audience.Supervisors),
        new(EventTypes.TicketEscalated, "ticket.escalated", NotificationCategory.Operations, Audience.Supervisors),
        new(EventTypes.CheckinRecorded, "checkin.recorded", NotificationCategory.Attendance, Audience.Parents),
        new(EventTypes.CheckoutRecorded, "checkout.recorded", NotificationCategory.Attendance, Audience.Parents),
        new(EventTypes.HomeworkAssigned, "homework.assigned", NotificationCategory.Homework, Audience.Student | Audience.Parents),
        new(EventTypes.HomeworkSubmitted, "homework.submitted", NotificationCategory.Homework, Audience.HomeworkSetter),
        new(EventTypes.HomeworkOverdue, "homework.overdue", NotificationCategory.Homework, Audience.Student | Audience.Parents),
    ];

    /// <summary>The channels each routed template is written for (a test checks every one renders).</summary>
    public static IReadOnlyList<NotificationChannel> Channels { get; } = [NotificationChannel.InApp, NotificationChannel.Email, NotificationChannel.Push];

    public static IEnumerable<string> RoutedEventTypes => All.Select(r => r.EventType).Distinct();

    public static IEnumerable<NotificationRoute> For(string eventType) => All.Where(r => r.EventType == eventType);

    /// <summary>The centre feature (<see cref="Centres.CentreFeatures"/>) without which a category's routes do not fire, if any.</summary>
    public static string? FeatureOf(NotificationCategory category) => category switch
    {
        NotificationCategory.Gamification => Centres.CentreFeatures.Gamification,
        NotificationCategory.Homework => Centres.CentreFeatures.Homework,
        _ => null,
    };
}
