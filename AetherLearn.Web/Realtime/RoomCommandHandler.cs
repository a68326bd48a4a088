using System.Collections.Concurrent;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Content;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Identity;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// Carries out a member's message. Anything that changes data goes through the same Core services as the REST API
/// and the pages (which tell the room after saving); presence and progress go straight onto the bus.
/// </summary>
internal sealed class RoomCommandHandler(RoomBus bus, IServiceScopeFactory scopes, TimeProvider clock, ILogger<RoomCommandHandler> logger)
{
    // Exercise titles for progress reports; titles change rarely and a stale one only mislabels a card.
    // Keyed by centre too: a centre's own exercises are not another centre's to name.
    private readonly ConcurrentDictionary<(Guid Centre, Guid Exercise), string?> _titles = new();

    /// <summary>Runs the command as the member; a refusal comes back as a <see cref="RoomCommandException"/> with the error to send.</summary>
    public async Task ExecuteAsync(LiveRoom room, RoomMember member, RoomCommand command, CancellationToken ct = default)
    {
        if (command.Side != member.Side)
        {
            throw new RoomCommandException(new RoomError(RoomErrorCodes.Forbidden,
                member.Side == RoomSide.Student ? "Students cannot send tutor messages" : "Tutors cannot send student messages", command.Type));
        }
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<CurrentUser>().Set(member.Principal);
        try
        {
            await RunAsync(room, member, command, services, ct);
        }
        catch (RoomCommandException) { throw; }
        catch (DomainValidationException ex) { throw Refuse(RoomErrorCodes.ValidationError, ex.Message, command, ex.Details); }
        catch (NotFoundException ex) { throw Refuse(RoomErrorCodes.NotFound, ex.Message, command); }
        catch (ForbiddenException ex) { throw Refuse(RoomErrorCodes.Forbidden, ex.Message, command); }
        catch (ConflictException ex) { throw Refuse(RoomErrorCodes.Conflict, ex.Message, command); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception ex)
        {
            logger.LogError(ex, "Room {SessionId}: {Type} from {UserId} failed", room.SessionId, command.Type, member.UserId);
            throw Refuse(RoomErrorCodes.InternalError, "That did not work; nothing was changed. Please try again.", command);
        }
    }

    private async Task RunAsync(LiveRoom room, RoomMember member, RoomCommand command, IServiceProvider services, CancellationToken ct)
    {
        var sessionId = room.SessionId;
        var now = clock.GetUtcNow();
        switch (command)
        {
            case StudentHeartbeat beat:
                await bus.PublishAsync(new StudentReported(sessionId, now, member.UserId, Heartbeat: true, beat.IsActive, beat.CurrentExerciseId,
                    await TitleAsync(member.Join.CentreId, beat.CurrentExerciseId, services, ct), null, beat.ProgressPct), ct);
                break;
            case StudentExerciseProgress progress:
                await bus.PublishAsync(new StudentReported(sessionId, now, member.UserId, Heartbeat: false, true, progress.ExerciseId,
                    await TitleAsync(member.Join.CentreId, progress.ExerciseId, services, ct), progress.AnsweredCount, progress.ProgressPct), ct);
                break;
            case StudentHelpRequest raise:
                await services.GetRequiredService<IHelpRequests>().RaiseAsync(sessionId, new RaiseHandRequest(raise.Message), ct);
                break;
            case StudentHelpCancel:
                var mine = room.View.Student(member.UserId)?.Help ?? throw Refuse(RoomErrorCodes.NotFound, "You have no open help request", command);
                await services.GetRequiredService<IHelpRequests>().CancelAsync(mine.RequestId, ct);
                break;
            case StudentExerciseSubmit submit:
                await SubmitAsync(sessionId, member, submit, services, ct);
                break;
            case TutorAssignContent assign:
                var enrolment = await services.GetRequiredService<ILiveSessions>().EnrolmentOfAsync(sessionId, assign.StudentId, ct);
                await services.GetRequiredService<ILessonPlanning>().AssignContentAsync(enrolment, new AssignContentRequest(assign.ExerciseId), ct);
                break;
            case TutorMessage message:
                if (room.View.Student(message.StudentId) is null) { throw Refuse(RoomErrorCodes.NotFound, "This student is not in the session", command); }
                await bus.PublishAsync(new TutorSpoke(sessionId, now, member.UserId, member.Join.Name, message.StudentId, message.Text), ct);
                break;
            case TutorBroadcast broadcast:
                await bus.PublishAsync(new TutorSpoke(sessionId, now, member.UserId, member.Join.Name, null, broadcast.Text), ct);
                break;
            case TutorAttendance attendance:
                await services.GetRequiredService<IAttendanceRegister>().MarkAttendanceAsync(sessionId, new AttendanceRequest(attendance.StudentId, attendance.Status), ct);
                break;
            case TutorHelpAcknowledge acknowledge:
                await services.GetRequiredService<IHelpRequests>().AcknowledgeAsync(RequestInRoom(room, acknowledge.RequestId, command), ct);
                break;
            case TutorHelpResolve resolve:
                await services.GetRequiredService<IHelpRequests>().ResolveAsync(RequestInRoom(room, resolve.RequestId, command), ct);
                break;
            case TutorSessionStart:
                await services.GetRequiredService<ILessonService>().StartAsync(sessionId, ct);
                break;
            case TutorSessionEnd:
                await services.GetRequiredService<ILessonService>().EndAsync(sessionId, ct);
                break;
            default:
                throw Refuse(RoomErrorCodes.UnknownType, $"'{command.Type}' is not handled", command);
        }
    }

    /// <summary>Submits the student's answers (starting the attempt if they had not), then tells them the result.</summary>
    private async Task SubmitAsync(Guid sessionId, RoomMember member, StudentExerciseSubmit submit, IServiceProvider services, CancellationToken ct)
    {
        var enrolment = await services.GetRequiredService<ILiveSessions>().EnrolmentOfAsync(sessionId, member.UserId, ct);
        var attempts = services.GetRequiredService<IAttemptService>();
        var attempt = await attempts.StartAsync(submit.ExerciseId, new StartAttemptRequest(enrolment), ct);
        var result = await attempts.SubmitAsync(attempt.Id, new SubmitRequest(submit.Answers), ct);
        var now = clock.GetUtcNow();
        member.Deliver(new ServerMessage(RoomMessageTypes.ExerciseSubmitted, new
        {
            attemptId = result.Id, exerciseId = result.ExerciseId, status = result.Status, scorePercent = result.ScorePercent, score = result.Score, maxScore = result.MaxScore,
        }, now, ServerMessage.Server));
        await bus.PublishAsync(new ExerciseSubmittedSignal(sessionId, now, member.UserId, result.ExerciseId, result.Id, result.ScorePercent), ct);
    }

    private static Guid RequestInRoom(LiveRoom room, Guid requestId, RoomCommand command) =>
        room.View.HelpQueue.Any(h => h.Id == requestId) ? requestId
            : throw Refuse(RoomErrorCodes.NotFound, "No open help request with this id in this session", command);

    private async Task<string?> TitleAsync(Guid centre, Guid? exerciseId, IServiceProvider services, CancellationToken ct)
    {
        if (exerciseId is not { } id) { return null; }
        if (_titles.TryGetValue((centre, id), out var title)) { return title; }
        title = (await services.GetRequiredService<IExerciseCatalog>().FindAsync(id, ct))?.Title;
        if (title is not null) { _titles[(centre, id)] = title; }
        return title;
    }

    private static RoomCommandException Refuse(string code, string error, RoomCommand command, IReadOnlyDictionary<string, string>? details = null) =>
        new(new RoomError(code, error, command.Type, details));
}
