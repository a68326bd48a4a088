using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Content;
using AetherLearn.Core.Notifications;
using AetherLearn.Core.Sessions;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// The Sessions module's committed changes, put on the bus for the rooms; a newly raised hand also notifies the
/// session's tutor (in the app and by push, not e-mail: they are in the lesson).
/// </summary>
internal sealed class LiveSessionSignals(RoomBus bus, INotifyPeople notify, ISessionFacts sessions, TimeProvider clock, ILogger<LiveSessionSignals> logger)
    : ILiveSessionSignals
{
    public async Task RaiseAsync(LiveSignal signal, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        RoomSignal roomSignal = signal switch
        {
            HelpRequestChanged h => new HelpSignal(h.SessionId, now, h.Request, h.ChangedBy),
            AttendanceChanged a => new AttendanceSignal(a.SessionId, now, a.StudentId, a.Status, a.MarkedBy),
            ContentAssignedInSession c => new ContentSignal(c.SessionId, now, c.StudentId, c.ExerciseId, c.ExerciseTitle, c.AssignedBy),
            SessionStatusChanged s => new StatusSignal(s.SessionId, now, s.Status, s.Summary, s.ChangedBy),
            EnrolmentChanged e => new EnrolmentSignal(e.SessionId, now, e.StudentId, e.Student, e.ChangedBy),
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal.GetType().Name, "Unknown live signal"),
        };
        // The change is saved; a room that misses it catches up when it is next rebuilt, so this never fails the action.
        try { await bus.PublishAsync(roomSignal, CancellationToken.None); }
        catch (Exception ex) { logger.LogError(ex, "Could not tell room {SessionId} about {Signal}", signal.SessionId, signal.GetType().Name); }
        if (signal is HelpRequestChanged { Request.Status: HelpRequestStatus.Open } raised) { await NotifyTutorAsync(raised.Request); }
    }

    private async Task NotifyTutorAsync(HelpRequestView request)
    {
        try
        {
            if (await sessions.FindAsync(request.SessionId) is not { } session) { return; }
            await notify.NotifyAsync(request.Id, "help.requested", NotificationCategory.Academic, [session.TutorId],
                new Dictionary<string, object?> { ["studentName"] = request.StudentName, ["sessionName"] = session.Title, ["message"] = request.Message }, email: false);
        }
        catch (Exception ex) { logger.LogError(ex, "Could not notify the tutor of help request {RequestId}", request.Id); }
    }
}

/// <summary>
/// The catalogue's "real-time dashboard" consumers: <c>exercise.started</c> and <c>exercise.submitted</c> reach the
/// rooms of the sessions the student is in now (the attempts module knows nothing of sessions).
/// </summary>
internal static class RoomEventHandlers
{
    public const string ExerciseStarted = "realtime.exercise-started";
    public const string ExerciseSubmitted = "realtime.exercise-submitted";

    public static void Register(EventHandlerRegistry registry) => registry
        .OnEvent(EventTypes.ExerciseStarted, ExerciseStarted, OnStartedAsync)
        .OnEvent(EventTypes.ExerciseSubmitted, ExerciseSubmitted, OnSubmittedAsync);

    private static async Task OnStartedAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
    {
        var studentId = e.Payload.GetProperty("studentId").GetGuid();
        var exerciseId = e.Payload.GetProperty("exerciseId").GetGuid();
        var attemptId = e.Payload.GetProperty("attemptId").GetGuid();
        var title = (await services.GetRequiredService<IExerciseCatalog>().FindAsync(exerciseId, ct))?.Title ?? "";
        await PublishAsync(services, studentId, attemptId, (session, at) => new ExerciseStartedSignal(session, at, studentId, exerciseId, title, attemptId), ct);
    }

    private static async Task OnSubmittedAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
    {
        var studentId = e.Payload.GetProperty("studentId").GetGuid();
        var exerciseId = e.Payload.GetProperty("exerciseId").GetGuid();
        var attemptId = e.Payload.GetProperty("attemptId").GetGuid();
        int? score = e.Payload.TryGetProperty("score", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.Number ? s.GetInt32() : null;
        await PublishAsync(services, studentId, attemptId, (session, at) => new ExerciseSubmittedSignal(session, at, studentId, exerciseId, attemptId, score), ct);
    }

    private static async Task PublishAsync(IServiceProvider services, Guid studentId, Guid attemptId, Func<Guid, DateTimeOffset, RoomSignal> make, CancellationToken ct)
    {
        var bus = services.GetRequiredService<RoomBus>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // An attempt started with a session's enrolment is that session's work only (the rule of its dashboard and summary).
        var enrolment = (await services.GetRequiredService<IAttemptQueries>().FindAsync(attemptId, ct))?.EnrolmentId;
        foreach (var session in await services.GetRequiredService<ILiveSessions>().LiveSessionsOfStudentAsync(studentId, enrolment, ct))
        {
            await bus.PublishAsync(make(session, now), ct);
        }
    }
}
