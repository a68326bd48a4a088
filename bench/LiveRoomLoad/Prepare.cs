using System.Security.Claims;
using System.Text.Json;
using AetherLearn.Core;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using AetherLearn.Data;
using AetherLearn.Data.Common;
using AetherLearn.Web.Identity;
using AetherLearn.Web.Realtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveRoomLoad;

/// <summary>One session's room for the load: its tutor's token and its students' tokens.</summary>
internal sealed record LoadPlan(Guid ExerciseId, IReadOnlyList<RoomTokens> Rooms);
internal sealed record RoomTokens(Guid SessionId, string TutorToken, IReadOnlyList<StudentToken> Students);
internal sealed record StudentToken(Guid StudentId, string Token);

/// <summary>
/// Makes the bench database: the demo data, then many live sessions of students, written directly (signing in
/// thousands of students through the API would measure password hashing, not the room). Tokens are issued with
/// the app's own key ring, exactly as <c>/ws-token</c> would issue them.
/// </summary>
internal static class Prepare
{
    public static async Task RunAsync(string database, int sessions, int perSession, string tokensFile)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = $"Data Source={database}",
            ["Realtime:TokenLifetimeSeconds"] = "86400",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddAetherCore();
        services.AddAetherData(configuration, Directory.GetCurrentDirectory());
        // Core and Data wake their workers through the live bus (the app registers it with its realtime services).
        AetherLearn.Web.Realtime.LiveBusSetup.AddInProcessLiveBus(services);
        services.AddSingleton<IPasswordHasher<AppUser>, PasswordHasher<AppUser>>();
        services.AddSingleton<ILookupNormalizer, UpperInvariantLookupNormalizer>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<IBackgroundIdentity>(sp => sp.GetRequiredService<CurrentUser>());
        // The same key ring and application name as the app (Identity/AuthSetup.cs), so the app reads these tokens.
        services.AddDataProtection().SetApplicationName("AetherLearn").PersistKeysToDbContext<AetherDbContext>();
        services.Configure<RealtimeOptions>(configuration.GetSection("Realtime"));
        services.AddSingleton<WsTokens>();
        await using var provider = services.BuildServiceProvider();

        await using (var scope = provider.CreateAsyncScope())
        {
            var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync();
            await initializer.SeedDemoAsync();
        }

        var now = DateTime.UtcNow;
        var rooms = new List<RoomTokens>();
        var tokens = provider.GetRequiredService<WsTokens>();
        await using var db = provider.GetRequiredService<SystemContexts>().System();
        var centre = await db.Centres.SingleAsync(c => c.Slug == "northside");
        var tutor = await db.Users.SingleAsync(u => u.CentreId == centre.Id && u.Role == Role.Teacher);
        var maths = await db.Courses.SingleAsync(c => c.Key == "maths" && c.CentreId == null);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var s = 0; s < sessions; s++)
        {
            var session = new TutoringSession
            {
                CentreId = centre.Id, Title = $"Load lesson {s + 1}", CourseId = maths.Id, Room = $"Lab {s + 1}", TutorId = tutor.Id,
                StartsAt = now.AddMinutes(-5), EndsAt = now.AddHours(3), Capacity = perSession, Status = SessionStatus.InProgress, StartedAt = now,
            };
            db.TutoringSessions.Add(session);
            var students = new List<StudentToken>();
            for (var i = 0; i < perSession; i++)
            {
                var email = $"load-{s + 1}-{i + 1}@bench.aetherlearn.test";
                var student = new AppUser
                {
                    DisplayName = $"Load Student {s + 1}.{i + 1}", Email = email, NormalizedEmail = email.ToUpperInvariant(), UserName = email,
                    NormalizedUserName = email.ToUpperInvariant(), Role = Role.Student, CentreId = centre.Id, CreatedAt = now, EmailConfirmed = true,
                };
                db.Users.Add(student);
                db.Enrolments.Add(new Enrolment { CentreId = centre.Id, SessionId = session.Id, StudentId = student.Id, EnrolledAt = now });
                students.Add(new StudentToken(student.Id, tokens.Issue(new LiveJoin(session.Id, centre.Id, student.Id, student.DisplayName, RoomSide.Student),
                    Principal(Role.Student)).Token));
            }
            rooms.Add(new RoomTokens(session.Id, tokens.Issue(new LiveJoin(session.Id, centre.Id, tutor.Id, tutor.DisplayName, RoomSide.Tutor),
                Principal(Role.Teacher)).Token, students));
        }
        await db.SaveChangesAsync();
        var exercise = await db.Exercises.Where(e => e.CourseId == maths.Id).OrderBy(e => e.LevelNumber).ThenBy(e => e.Sequence).Select(e => e.Id).FirstAsync();
        await File.WriteAllTextAsync(tokensFile, JsonSerializer.Serialize(new LoadPlan(exercise, rooms)));
        Console.WriteLine($"prepared {sessions} sessions × {perSession} students in {database}; tokens in {tokensFile}");
    }

    private static ClaimsPrincipal Principal(Role role) => new(new ClaimsIdentity([new Claim(ClaimTypes.Role, role.ToString())], "bench"));
}
