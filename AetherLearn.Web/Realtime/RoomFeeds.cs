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
        // The change is saved; a room that misses it catches up when it is next rebuilt, so this never fails the action.
        try { await bus.PublishAsync(new SessionChanged(clock.GetUtcNow(), signal), CancellationToken.None); }
        catch (Exception ex) { logger.LogError(ex, "Could not tell room {SessionId} about {Signal}", signal.SessionId, signal.Change.GetType().Name); }
        if (signal.Change is HelpRequestChanged { Request.Status: HelpRequestStatus.Open } raised) { await NotifyTutorAsync(raised.Request); }
    }

    private async Task NotifyTutorAsync(HelpRequestView request)
    {
        try
        {
            if (await sessions.FindAsync(request.SessionId) is not { } session) { return; }
            await notify.NotifyAsync(request.Id, "help.requested", NotificationCategory.Academic, [session.TutorId],
                new Dictionary<string, object?> { ["sessionId"] = request.SessionId, ["studentName"] = request.StudentName, ["sessionName"] = session.Title, ["message"] = request.Message }, email: false);
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
        .OnEvent<ExerciseStarted>(ExerciseStarted, OnStartedAsync)
        .OnEvent<ExerciseSubmitted>(ExerciseSubmitted, OnSubmittedAsync);

    private static async Task OnStartedAsync(ExerciseStarted e, EventMetadata meta, IServiceProvider services, CancellationToken ct)
    {
        var title = (await services.GetRequiredService<IExerciseCatalog>().FindAsync(e.ExerciseId, ct))?.Title ?? "";
        await PublishAsync(services, e.StudentId, e.AttemptId, (session, at) => new ExerciseStartedSignal(session, at, e.StudentId, e.ExerciseId, title, e.AttemptId), ct);
    }

    private static Task OnSubmittedAsync(ExerciseSubmitted e, EventMetadata meta, IServiceProvider services, CancellationToken ct) =>
        PublishAsync(services, e.StudentId, e.AttemptId, (session, at) => new ExerciseSubmittedSignal(session, at, e.StudentId, e.ExerciseId, e.AttemptId, e.Score), ct);

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
