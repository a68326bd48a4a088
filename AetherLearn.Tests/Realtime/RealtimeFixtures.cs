using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Sessions;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

public sealed class SqliteRealtimeApp : IAsyncLifetime
{
    public AppHost Host { get; private set; } = default!;
    public TestClock Clock { get; } = TestClock.WednesdayNoon();

    public async ValueTask InitializeAsync() =>
        Host = await AppHost.StartAsync(Provider.Sqlite, null, settings: RealtimeSettings.Fast(), services: s => s.AddSingleton<TimeProvider>(Clock));

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

public sealed class PostgresRealtimeApp(PostgresCluster cluster) : IAsyncLifetime
{
    private AppHost? _host;
    public TestClock Clock { get; } = TestClock.WednesdayNoon();

    public AppHost Host
    {
        get
        {
            if (cluster.UnavailableReason is { } reason) { Prerequisites.Missing(reason); }
            return _host!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (cluster.UnavailableReason is null)
        {
            _host = await AppHost.StartAsync(Provider.Postgres, cluster, settings: RealtimeSettings.Fast(), services: s => s.AddSingleton<TimeProvider>(Clock));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) { await _host.DisposeAsync(); }
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
