using System.Collections.Concurrent;
using System.Threading.Channels;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using static AetherLearn.Web.Realtime.RoomMessageTypes;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// One live session on this node: its authoritative state and its local members. Every change arrives as a
/// <see cref="RoomSignal"/> from the bus and is applied on one loop, in order, so no lock guards the state and a
/// slow member never holds up the others.
/// </summary>
internal sealed class LiveRoom : IAsyncDisposable
{
    private readonly Channel<RoomSignal> _inbox = Channel.CreateUnbounded<RoomSignal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, RoomMember> _members = new();
    private readonly Dictionary<Guid, StudentEntry> _students = new();
    private readonly List<(ServerMessage Message, Func<RoomMember, bool> To)> _outgoing = [];
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private IDisposable? _subscription;
    private Task _loop = Task.CompletedTask;
    private string _title = "";
    private string? _courseTitle;
    private SessionStatus _status;

    public LiveRoom(Guid sessionId, RealtimeOptions options, TimeProvider clock, ILogger logger)
    {
        SessionId = sessionId;
        _options = options;
        _clock = clock;
        _logger = logger;
        View = new RoomView(sessionId, "", null, SessionStatus.Scheduled, [], []);
    }

    public Guid SessionId { get; }

    /// <summary>The latest state, replaced (never changed) after each signal.</summary>
    public RoomView View { get; private set; }

    public int LocalMembers => _members.Count;

    /// <summary>Listens to the bus before the snapshot is read, so nothing that happens during the read is missed.</summary>
    public void Listen(RoomBus bus) => _subscription = bus.Subscribe(SessionId, Post);

    /// <summary>Takes the persisted state and starts applying signals (those that arrived meanwhile first).</summary>
    public void Start(LiveSnapshot snapshot)
    {
        _title = snapshot.Title;
        _courseTitle = snapshot.CourseTitle;
        _status = snapshot.Status;
        foreach (var s in snapshot.Students) { _students[s.StudentId] = new StudentEntry(s, snapshot.CourseTitle); }
        RefreshView();
        _loop = Task.Run(RunAsync);
    }

    public void Post(RoomSignal signal) => _inbox.Writer.TryWrite(signal);

    public void AddMember(RoomMember member) => _members[member.ConnectionId] = member;

    public bool RemoveMember(RoomMember member) => _members.TryRemove(member.ConnectionId, out _);

    /// <summary>Checks presence: heartbeats that stopped make a student idle, then offline.</summary>
    public void Sweep() => Post(new PresenceSweep(SessionId, _clock.GetUtcNow()));

    private async Task RunAsync()
    {
        await foreach (var signal in _inbox.Reader.ReadAllAsync())
        {
            try
            {
                if (Apply(signal)) { RefreshView(); }
            }
            catch (Exception ex)
            {
                // A bad signal costs that signal only; the room goes on for everyone.
                _logger.LogError(ex, "Room {SessionId} could not apply {Signal}", SessionId, signal.GetType().Name);
            }
            // Members hear of a change only once the view shows it (pages re-read the view when told).
            Flush();
        }
    }

    /// <summary>Applies one signal and tells the members it concerns; true when the state changed.</summary>
    private bool Apply(RoomSignal signal)
    {
        switch (signal)
        {
            case MemberJoined joined: return Joined(joined);
            case MemberLeft left: return Left(left);
            case StudentReported reported: return Reported(reported);
            case TutorSpoke spoke:
                var message = new ServerMessage(MessageReceived, new { from = spoke.TutorName, text = spoke.Text, broadcast = spoke.StudentId is null }, spoke.At, spoke.TutorId.ToString());
                if (spoke.StudentId is { } to) { ToStudent(to, message); } else { ToStudents(message); }
                return false;
            case SessionChanged changed: return Changed(changed.Signal, changed.At);
            case ExerciseStartedSignal started when Find(started.StudentId) is { } st:
                // A socket submit reports its result at once; the outbox's "started" for that attempt may come after it.
                if (st.LastAttemptId == started.AttemptId || (st.ExerciseId == started.ExerciseId && st.ExerciseStartedAt is not null)) { return false; }
                st.ExerciseId = started.ExerciseId;
                st.ExerciseTitle = started.ExerciseTitle;
                st.ExerciseStartedAt = started.At.UtcDateTime;
                st.AnsweredCount = 0;
                st.ProgressPct = 0;
                if (st.AssignedExerciseId == started.ExerciseId) { st.AssignedExerciseId = null; st.AssignedExerciseTitle = null; }
                UpdateTutors(st, started.At, st.StudentId.ToString());
                return true;
            case ExerciseSubmittedSignal submitted when Find(submitted.StudentId) is { } st:
                // The socket's submit and the outbox event both report a submission; the second changes nothing.
                if (st.LastAttemptId == submitted.AttemptId) { return false; }
                st.LastAttemptId = submitted.AttemptId;
                st.LastScore = submitted.ScorePercent;
                if (st.ExerciseId == submitted.ExerciseId) { st.ExerciseId = null; st.ExerciseTitle = null; st.ExerciseStartedAt = null; st.AnsweredCount = 0; st.ProgressPct = 0; }
                UpdateTutors(st, submitted.At, st.StudentId.ToString());
                return true;
            case PresenceSweep sweep: return Swept(sweep.At);
            default: return false;
        }
    }

    private bool Joined(MemberJoined joined)
    {
        Func<RoomMember, bool> newcomer = m => m.ConnectionId == joined.ConnectionId;
        if (joined.Side == RoomSide.Tutor)
        {
            Deliver(new ServerMessage(SessionSync, SyncPayload(), joined.At, ServerMessage.Server), newcomer);
            return false;
        }
        if (Find(joined.UserId) is not { } st) { return false; }
        var first = st.Connections.Count == 0;
        st.Connections.Add(joined.ConnectionId);
        st.LastSeenAt = joined.At;
        st.Presence = PresenceStatus.Active;
        if (first)
        {
            ToTutors(new ServerMessage(StudentJoined, new { studentId = st.StudentId, name = st.Name, course = st.Course, level = st.Level }, joined.At, st.StudentId.ToString()));
        }
        UpdateTutors(st, joined.At, st.StudentId.ToString());
        Deliver(new ServerMessage(SessionWelcome, new { sessionId = SessionId, title = _title, course = _courseTitle, status = _status, you = st.ToState() },
            joined.At, ServerMessage.Server), newcomer);
        return true;
    }

    private bool Left(MemberLeft left)
    {
        if (left.Side != RoomSide.Student || Find(left.UserId) is not { } st || !st.Connections.Remove(left.ConnectionId)) { return false; }
        if (st.Connections.Count > 0) { return false; }
        st.Presence = PresenceStatus.Offline;
        ToTutors(new ServerMessage(StudentLeft, new { studentId = st.StudentId }, left.At, st.StudentId.ToString()));
        return true;
    }

    private bool Reported(StudentReported r)
    {
        if (Find(r.StudentId) is not { } st) { return false; }
        st.LastSeenAt = r.At;
        // Progress is activity; a heartbeat says whether the page is on screen.
        st.Presence = !r.Heartbeat || r.IsActive ? PresenceStatus.Active : PresenceStatus.Idle;
        if (r.ExerciseId is { } exercise && exercise != st.ExerciseId)
        {
            st.ExerciseId = exercise;
            st.ExerciseTitle = r.ExerciseTitle;
            st.ExerciseStartedAt = r.At.UtcDateTime;
            st.AnsweredCount = 0;
        }
        if (r.AnsweredCount is { } answered) { st.AnsweredCount = answered; }
        if (r.ProgressPct is { } progress && r.ExerciseId is not null) { st.ProgressPct = progress; }
        UpdateTutors(st, r.At, st.StudentId.ToString());
        return true;
    }

    /// <summary>A committed change of the Sessions module: a catalogue event's record or a room-only change.</summary>
    private bool Changed(LiveSignal signal, DateTimeOffset at)
    {
        var sender = signal.ChangedBy.ToString();
        switch (signal.Change)
        {
            case HelpRequestChanged help: return HelpChanged(help.Request, at, sender);
            case AttendanceRecorded attendance when Find(attendance.StudentId) is { } st:
                st.Attendance = attendance.Status;
                ToStudent(st.StudentId, new ServerMessage(AttendanceMarked, new { status = attendance.Status }, at, sender));
                UpdateTutors(st, at, sender);
                return true;
            case Core.Progression.ContentAssigned content when Find(content.StudentId) is { } st:
                st.AssignedExerciseId = content.ExerciseId;
                st.AssignedExerciseTitle = content.ExerciseTitle;
                ToStudent(st.StudentId, new ServerMessage(RoomMessageTypes.ContentAssigned, new { exerciseId = content.ExerciseId, exerciseTitle = content.ExerciseTitle },
                    at, sender));
                UpdateTutors(st, at, sender);
                return true;
            case Core.Sessions.SessionStarted: return StatusChanged(SessionStatus.InProgress, null, at, sender);
            case Core.Sessions.SessionEnded ended: return StatusChanged(SessionStatus.Completed, ended.Summary, at, sender);
            case SessionCancelled: return StatusChanged(SessionStatus.Cancelled, null, at, sender);
            case EnrolmentChanged enrolment: return EnrolmentChanged(enrolment, at, sender);
            default: return false;
        }
    }

    private bool HelpChanged(HelpRequestView request, DateTimeOffset at, string sender)
    {
        if (Find(request.StudentId) is not { } st) { return false; }
        var open = request.Status is HelpRequestStatus.Open or HelpRequestStatus.Acknowledged;
        var known = st.Help?.Id == request.Id;
        if (!open && !known) { return false; }
        if (known && st.Help!.Status == request.Status) { return false; }
        st.Help = open ? request : null;
        if (request.Status == HelpRequestStatus.Open && !known)
        {
            ToTutors(new ServerMessage(HelpNew, new { requestId = request.Id, studentId = request.StudentId, message = request.Message, studentName = request.StudentName,
                createdAt = request.CreatedAt }, at, sender));
        }
        else
        {
            ToTutors(new ServerMessage(HelpUpdated, HelpPayload(request), at, sender));
        }
        ToStudent(st.StudentId, new ServerMessage(HelpUpdated, HelpPayload(request), at, sender));
        return true;
    }

    private static object HelpPayload(HelpRequestView r) =>
        new { requestId = r.Id, studentId = r.StudentId, status = r.Status, message = r.Message, createdAt = r.CreatedAt, acknowledgedAt = r.AcknowledgedAt };

    private bool StatusChanged(SessionStatus status, SessionSummary? summary, DateTimeOffset at, string sender)
    {
        if (_status == status) { return false; }
        _status = status;
        // The contract names the students; tutors receive it too, so a second tutor's view follows.
        if (status == SessionStatus.InProgress) { ToAll(new ServerMessage(RoomMessageTypes.SessionStarted, new { }, at, sender)); }
        if (status == SessionStatus.Completed) { ToAll(new ServerMessage(RoomMessageTypes.SessionEnded, new { summary }, at, sender)); }
        if (status == SessionStatus.Cancelled) { ToAll(new ServerMessage(RoomMessageTypes.SessionEnded, new { summary = (SessionSummary?)null, cancelled = true }, at, sender)); }
        return true;
    }

    private bool EnrolmentChanged(EnrolmentChanged signal, DateTimeOffset at, string sender)
    {
        if (signal.Student is { } added)
        {
            if (_students.ContainsKey(added.StudentId)) { return false; }
            var st = _students[added.StudentId] = new StudentEntry(added, _courseTitle);
            UpdateTutors(st, at, sender);
            return true;
        }
        if (!_students.Remove(signal.StudentId)) { return false; }
        ToTutors(new ServerMessage(StudentLeft, new { studentId = signal.StudentId, removed = true }, at, sender));
        // A student taken off the session leaves its room.
        foreach (var member in _members.Values.Where(m => m.Side == RoomSide.Student && m.UserId == signal.StudentId))
        {
            member.Evict(RoomCloseCodes.Forbidden, "You are no longer enrolled in this session");
        }
        return true;
    }

    private bool Swept(DateTimeOffset now)
    {
        var changed = false;
        foreach (var st in _students.Values.Where(s => s.Presence != PresenceStatus.Offline && s.LastSeenAt is not null))
        {
            var silent = now - st.LastSeenAt!.Value;
            var presence = silent >= TimeSpan.FromSeconds(_options.OfflineAfterSeconds) ? PresenceStatus.Offline
                : silent >= TimeSpan.FromSeconds(_options.IdleAfterSeconds) ? PresenceStatus.Idle : st.Presence;
            if (presence == st.Presence) { continue; }
            st.Presence = presence;
            UpdateTutors(st, now, ServerMessage.Server);
            changed = true;
        }
        return changed;
    }

    private StudentEntry? Find(Guid studentId) => _students.GetValueOrDefault(studentId);

    private object SyncPayload() => new
    {
        sessionId = SessionId,
        title = _title,
        course = _courseTitle,
        status = _status,
        students = _students.Values.ToDictionary(s => s.StudentId.ToString(), s => s.ToState()),
        helpRequests = HelpQueue(),
    };

    private List<HelpRequestView> HelpQueue() =>
        _students.Values.Where(s => s.Help is not null).Select(s => s.Help!).OrderBy(h => h.CreatedAt).ToList();

    private void UpdateTutors(StudentEntry st, DateTimeOffset at, string sender) =>
        ToTutors(new ServerMessage(StudentUpdate, st.ToState(), at, sender));

    private void ToTutors(ServerMessage message) => Deliver(message, m => m.Side == RoomSide.Tutor);

    private void ToStudents(ServerMessage message) => Deliver(message, m => m.Side == RoomSide.Student && _students.ContainsKey(m.UserId));

    private void ToStudent(Guid studentId, ServerMessage message) => Deliver(message, m => m.Side == RoomSide.Student && m.UserId == studentId);

    private void ToAll(ServerMessage message) => Deliver(message, m => m.Side == RoomSide.Tutor || _students.ContainsKey(m.UserId));

    private void Deliver(ServerMessage message, Func<RoomMember, bool> to) => _outgoing.Add((message, to));

    private void Flush()
    {
        foreach (var (message, to) in _outgoing)
        {
            foreach (var member in _members.Values)
            {
                if (!to(member)) { continue; }
                try { member.Deliver(message); }
                catch (Exception ex) { _logger.LogWarning(ex, "Delivering {Type} to a member of room {SessionId} failed", message.Type, SessionId); }
            }
        }
        _outgoing.Clear();
    }

    private void RefreshView() => View = new RoomView(SessionId, _title, _courseTitle, _status,
        _students.Values.OrderBy(s => s.Name).Select(s => s.ToState()).ToList(), HelpQueue());

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _inbox.Writer.TryComplete();
        await _loop;
    }

    /// <summary>A local timer tick; never on the bus (each node sweeps its own copy).</summary>
    private sealed record PresenceSweep(Guid SessionId, DateTimeOffset At) : RoomSignal(SessionId, At);
}
