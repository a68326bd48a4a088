using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Sessions;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Realtime;

/// <summary>Presence thresholds short enough to watch a student go idle and offline within a test.</summary>
internal static class RealtimeSettings
{
    public static Dictionary<string, string?> Fast() => new()
    {
        ["Realtime:IdleAfterSeconds"] = "2",
        ["Realtime:OfflineAfterSeconds"] = "4",
        ["Realtime:SweepMilliseconds"] = "250",
        ["Realtime:SignInCheckSeconds"] = "1",
    };
}

public sealed class SqliteRealtimeApp : SqliteAcademicApp
{
    protected override IDictionary<string, string?> Settings => RealtimeSettings.Fast();
}

public sealed class PostgresRealtimeApp(PostgresCluster cluster) : PostgresAcademicApp(cluster)
{
    protected override IDictionary<string, string?> Settings => RealtimeSettings.Fast();
}

/// <summary>A live lesson with its tutor in the room; students sign in and join as a test needs them. Disposing leaves and signs out.</summary>
public sealed class LiveClass : IAsyncDisposable
{
    private readonly AppHost _host;
    private readonly List<(ApiClient Api, RoomClient Room)> _students = [];

    private LiveClass(AppHost host, LiveLesson lesson, ApiClient tutor, RoomClient tutorRoom) =>
        (_host, Lesson, Tutor, TutorRoom) = (host, lesson, tutor, tutorRoom);

    public LiveLesson Lesson { get; }
    public ApiClient Tutor { get; }
    public RoomClient TutorRoom { get; }

    public static async Task<LiveClass> OpenAsync(AppHost host, TimeProvider clock, params int[] students)
    {
        var lesson = await LiveLesson.CreateAsync(host, clock, students);
        var tutor = await TestData.WithTokenAsync(host, Academic.Tutor);
        return new LiveClass(host, lesson, tutor, await RoomClient.JoinAsync(host, tutor, lesson.SessionId));
    }

    /// <summary>Demo student <paramref name="n"/> signs in and joins the room.</summary>
    public async Task<(ApiClient Api, RoomClient Room)> JoinAsync(int n)
    {
        var api = await TestData.WithTokenAsync(_host, Demo.Student(n));
        var joined = (api, await RoomClient.JoinAsync(_host, api, Lesson.SessionId));
        _students.Add(joined);
        // A member once welcomed: what the test does next is broadcast to this socket too (the socket's handshake
        // completes before the room has added it, so an action right after could otherwise miss it).
        await joined.Item2.ArrivedAsync("session:welcome");
        return joined;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (api, room) in _students)
        {
            await room.DisposeAsync();
            api.Dispose();
        }
        await TutorRoom.DisposeAsync();
        Tutor.Dispose();
    }
}

/// <summary>A lesson of Northside's tutor happening now, made directly in the database so each test has its own room.</summary>
public sealed record LiveLesson(Guid SessionId, IReadOnlyDictionary<int, Guid> Students, IReadOnlyDictionary<int, Guid> Enrolments)
{
    public static async Task<LiveLesson> CreateAsync(AppHost host, TimeProvider clock, params int[] students)
    {
        await using var db = host.Db();
        var centre = await db.Centres.SingleAsync(c => c.Slug == Demo.Northside);
        var tutor = await db.Users.SingleAsync(u => u.CentreId == centre.Id && u.Role == Role.Teacher);
        var maths = await db.Courses.SingleAsync(c => c.Key == "maths" && c.CentreId == null);
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new TutoringSession
        {
            CentreId = centre.Id, Title = $"Live lesson {Guid.NewGuid():N}"[..20], CourseId = maths.Id, Room = "Lab", TutorId = tutor.Id,
            StartsAt = now.AddMinutes(-5), EndsAt = now.AddMinutes(55), Capacity = 8, Status = SessionStatus.Scheduled,
        };
        db.TutoringSessions.Add(session);
        var ids = new Dictionary<int, Guid>();
        var enrolments = new Dictionary<int, Guid>();
        foreach (var n in students)
        {
            var email = Demo.Student(n).ToUpperInvariant();
            var student = await db.Users.SingleAsync(u => u.NormalizedEmail == email);
            var enrolment = new Enrolment { CentreId = centre.Id, SessionId = session.Id, StudentId = student.Id, EnrolledAt = now.AddDays(-1) };
            db.Enrolments.Add(enrolment);
            ids[n] = student.Id;
            enrolments[n] = enrolment.Id;
        }
        await db.SaveChangesAsync();
        return new LiveLesson(session.Id, ids, enrolments);
    }
}
