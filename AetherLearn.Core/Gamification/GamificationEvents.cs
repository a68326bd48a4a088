using System.Text.Json;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Content;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Gamification;

/// <summary>
/// The contract's gamification handlers (§3): XP for attendance, marked work, homework and level advancement, each
/// keyed by what earned it so a re-delivered event pays once. Auto-marked work raises both <c>exercise.submitted</c>
/// and <c>exercise.graded</c>; XP follows the mark, so it listens to <c>exercise.graded</c> only.
/// </summary>
internal static class GamificationEvents
{
    public static void Register(EventHandlerRegistry registry)
    {
        // While the centre has gamification off nothing is awarded or counted, and work done meanwhile is never paid later.
        registry.OnEvent(EventTypes.AttendanceRecorded, "gamification.attendance", WhenOn([CentreFeatures.Gamification], AttendanceAsync));
        registry.OnEvent(EventTypes.ExerciseGraded, "gamification.exercise", WhenOn([CentreFeatures.Gamification], ExerciseAsync));
        registry.OnEvent(EventTypes.HomeworkSubmitted, "gamification.homework", WhenOn([CentreFeatures.Gamification, CentreFeatures.Homework], HomeworkAsync));
        registry.OnEvent(EventTypes.LevelChanged, "gamification.level-advancement", WhenOn([CentreFeatures.Gamification], LevelChangedAsync));
        // The contract's "leaderboard cache invalidation": the centre's boards are recomputed soon after.
        registry.OnEvent(EventTypes.XpAwarded, "gamification.leaderboard", WhenOn([CentreFeatures.Gamification, CentreFeatures.Leaderboards], (e, services, ct) =>
            e.Metadata.CentreId is { } centre ? services.GetRequiredService<LeaderboardKeeper>().MarkStaleAsync(centre, ct) : Task.CompletedTask));
    }

    /// <summary>The handler runs only while the event's centre has every one of <paramref name="features"/> on.</summary>
    private static Func<DomainEvent, IServiceProvider, CancellationToken, Task> WhenOn(string[] features, Func<DomainEvent, IServiceProvider, CancellationToken, Task> handle) =>
        async (e, services, ct) =>
        {
            if (e.Metadata.CentreId is not { } centre) { return; }
            var switches = services.GetRequiredService<ICentreFeatures>();
            foreach (var feature in features)
            {
                if (!await switches.IsOnAsync(centre, feature, ct)) { return; }
            }
            await handle(e, services, ct);
        };

    private static Task AwardAsync(DomainEvent e, IServiceProvider services, XpAward award, CancellationToken ct) =>
        e.Metadata.CentreId is { } centre ? services.GetRequiredService<XpAwards>().AwardAsync(centre, award, ct) : Task.CompletedTask;

    private static async Task AttendanceAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
    {
        if (e.Metadata.CentreId is not { } centre) { return; }
        var (student, session) = (Id(e.Payload, "studentId"), Id(e.Payload, "sessionId"));
        // The mark as it stands, not as this event says: a tutor's correction may have overtaken it.
        var sessions = services.GetRequiredService<ISessionFacts>();
        async Task<bool> CountsAsync(CancellationToken token) =>
            await sessions.AttendanceAsync(session, student, token) is { } status && XpRules.ForAttendance(status.ToString()) > 0;
        var present = await services.GetRequiredService<XpAwards>().SettleAttendanceAsync(centre, student, session, CountsAsync, e.Metadata.Timestamp, ct);
        // A streak day, once counted, stays (a correction does not break a streak).
        if (present && XpRules.ForAttendance(e.Payload.GetProperty("status").GetString() ?? "") > 0)
        {
            await StreakAsync(e, services, student, StreakType.Attendance, e.Metadata.Timestamp, ct);
        }
    }

    /// <summary>
    /// An exercise pays once, at the student's best score (docs/gamification.md): the first graded attempt pays, a better
    /// retake tops it up, an equal or worse one pays nothing, and so does one started after the answers were shown. Every
    /// graded attempt is a practice day.
    /// </summary>
    private static async Task ExerciseAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
    {
        if (e.Metadata.CentreId is not { } centre) { return; }
        var queries = services.GetRequiredService<IAttemptQueries>();
        var attempt = await queries.FindAsync(Id(e.Payload, "attemptId"), ct);
        if (attempt?.ScorePercent is null) { return; }
        var exercise = await services.GetRequiredService<IExerciseCatalog>().FindAsync(attempt.ExerciseId, ct);
        var difficulty = Enum.TryParse<ExerciseDifficulty>(exercise?.Difficulty.ToString(), out var d) ? d : ExerciseDifficulty.Easy;
        async Task<(int?, IReadOnlyList<string>)> ScoresAsync(CancellationToken token)
        {
            var submitted = await queries.SubmittedAtExerciseAsync(attempt.StudentId, attempt.ExerciseId, token);
            // An attempt started after the review showed the correct answers could copy them: it pays nothing more.
            var shownSince = await queries.AnswersShownSinceAsync(centre, attempt.StudentId, attempt.ExerciseId, token);
            var best = submitted.Where(a => shownSince is not { } since || a.StartedAt < since).Max(a => a.ScorePercent);
            return (best, submitted.Select(a => a.Id.ToString()).ToList());
        }
        await services.GetRequiredService<XpAwards>().SettleExerciseAsync(centre, attempt.StudentId, attempt.ExerciseId, difficulty, ScoresAsync, e.Metadata.Timestamp, ct);
        await StreakAsync(e, services, attempt.StudentId, StreakType.Practice, attempt.SubmittedAt ?? e.Metadata.Timestamp, ct);
    }

    private static async Task HomeworkAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
    {
        var onTime = e.Payload.TryGetProperty("onTime", out var t) && t.ValueKind == JsonValueKind.True;
        await AwardAsync(e, services, new XpAward(Id(e.Payload, "studentId"), XpRules.ForHomework(onTime), XpSource.Homework, Id(e.Payload, "homeworkId").ToString(),
            e.Metadata.Timestamp, new ActivityDelta(HomeworkOnTime: onTime ? 1 : 0)), ct);
        var submittedAt = e.Payload.TryGetProperty("submittedAt", out var at) && at.TryGetDateTime(out var when) ? when.ToUniversalTime() : e.Metadata.Timestamp;
        await StreakAsync(e, services, Id(e.Payload, "studentId"), StreakType.Homework, submittedAt, ct);
    }

    private static async Task LevelChangedAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
    {
        var (oldLevel, newLevel) = (e.Payload.GetProperty("oldLevel").GetInt32(), e.Payload.GetProperty("newLevel").GetInt32());
        if (newLevel <= oldLevel) { return; }
        await AwardAsync(e, services, new XpAward(Id(e.Payload, "studentId"), XpRules.LevelAdvancement, XpSource.LevelAdvancement,
            $"{Id(e.Payload, "courseId")}:{newLevel}", e.Metadata.Timestamp, new ActivityDelta(LevelsMastered: 1)), ct);
    }

    /// <summary>The day counts for the streak (once: a re-delivered event finds it counted).</summary>
    private static Task StreakAsync(DomainEvent e, IServiceProvider services, Guid studentId, StreakType type, DateTime atUtc, CancellationToken ct) =>
        e.Metadata.CentreId is { } centre ? services.GetRequiredService<StreakKeeper>().RecordAsync(centre, studentId, type, atUtc, ct) : Task.CompletedTask;

    private static Guid Id(JsonElement payload, string name) => payload.GetProperty(name).GetGuid();
}
