using AetherLearn.Core.Progression;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Content;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Gamification;

/// <summary>
/// The contract's gamification handlers (§3): XP for attendance, marked work, homework and level advancement, each
/// keyed by what earned it so a re-delivered event pays once. Auto-marked work raises both <c>exercise.submitted</c>
/// and <c>exercise.graded</c>; XP follows the mark, so it listens to <c>exercise.graded</c> only.
/// </summary>
internal static class GamificationEventHandlers
{
    public static void Register(EventHandlerRegistry registry)
    {
        // While the centre has gamification off nothing is awarded or counted, and work done meanwhile is never paid later.
        registry.OnEvent<AttendanceRecorded>("gamification.attendance", WhenOn<AttendanceRecorded>([CentreFeatures.Gamification], AttendanceAsync));
        registry.OnEvent<ExerciseGraded>("gamification.exercise", WhenOn<ExerciseGraded>([CentreFeatures.Gamification], ExerciseAsync));
        registry.OnEvent<HomeworkSubmitted>("gamification.homework", WhenOn<HomeworkSubmitted>([CentreFeatures.Gamification, CentreFeatures.Homework], HomeworkAsync));
        registry.OnEvent<LevelChanged>("gamification.level-advancement", WhenOn<LevelChanged>([CentreFeatures.Gamification], LevelChangedAsync));
        // The contract's "leaderboard cache invalidation": the centre's boards are recomputed soon after.
        registry.OnEvent<XpAwarded>("gamification.leaderboard", WhenOn<XpAwarded>([CentreFeatures.Gamification, CentreFeatures.Leaderboards], (_, centre, _, services, ct) =>
            services.GetRequiredService<LeaderboardKeeper>().MarkStaleAsync(centre, ct)));
    }

    /// <summary>
    /// The handler runs only for an event of a centre (passed to it) while that centre has every one of
    /// <paramref name="features"/> on.
    /// </summary>
    private static Func<TEvent, EventMetadata, IServiceProvider, CancellationToken, Task> WhenOn<TEvent>(string[] features,
        Func<TEvent, Guid, EventMetadata, IServiceProvider, CancellationToken, Task> handle) =>
        async (e, meta, services, ct) =>
        {
            if (meta.CentreId is not { } centre) { return; }
            var switches = services.GetRequiredService<ICentreFeatures>();
            foreach (var feature in features)
            {
                if (!await switches.IsOnAsync(centre, feature, ct)) { return; }
            }
            await handle(e, centre, meta, services, ct);
        };

    private static async Task AttendanceAsync(AttendanceRecorded e, Guid centre, EventMetadata meta, IServiceProvider services, CancellationToken ct)
    {
        var (student, session) = (e.StudentId, e.SessionId);
        // The mark as it stands, not as this event says: a tutor's correction may have overtaken it.
        var sessions = services.GetRequiredService<ISessionFacts>();
        async Task<bool> CountsAsync(CancellationToken token) =>
            await sessions.AttendanceAsync(session, student, token) is { } status && XpRules.ForAttendance(status.ToString()) > 0;
        var present = await services.GetRequiredService<XpAwards>().SettleAttendanceAsync(centre, student, session, CountsAsync, meta.Timestamp, ct);
        // A streak day, once counted, stays (a correction does not break a streak).
        if (present && XpRules.ForAttendance(e.Status.ToString()) > 0)
        {
            await StreakAsync(centre, services, student, StreakType.Attendance, meta.Timestamp, ct);
        }
    }

    /// <summary>
    /// An exercise pays once, at the student's best score (docs/gamification.md): the first graded attempt pays, a better
    /// retake tops it up, an equal or worse one pays nothing, and so does one started after the answers were shown. Every
    /// graded attempt is a practice day.
    /// </summary>
    private static async Task ExerciseAsync(ExerciseGraded e, Guid centre, EventMetadata meta, IServiceProvider services, CancellationToken ct)
    {
        var queries = services.GetRequiredService<IAttemptQueries>();
        var attempt = await queries.FindAsync(e.AttemptId, ct);
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
        await services.GetRequiredService<XpAwards>().SettleExerciseAsync(centre, attempt.StudentId, attempt.ExerciseId, difficulty, ScoresAsync, meta.Timestamp, ct);
        await StreakAsync(centre, services, attempt.StudentId, StreakType.Practice, attempt.SubmittedAt ?? meta.Timestamp, ct);
    }

    private static async Task HomeworkAsync(HomeworkSubmitted e, Guid centre, EventMetadata meta, IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<XpAwards>().AwardAsync(centre, new XpAward(e.StudentId, XpRules.ForHomework(e.OnTime), XpSource.Homework, e.HomeworkId.ToString(),
            meta.Timestamp, new ActivityDelta(HomeworkOnTime: e.OnTime ? 1 : 0)), ct);
        // A row without the submission time (none was ever written so) counts the day the event was raised.
        var submittedAt = e.SubmittedAt == default ? meta.Timestamp : e.SubmittedAt.ToUniversalTime();
        await StreakAsync(centre, services, e.StudentId, StreakType.Homework, submittedAt, ct);
    }

    private static async Task LevelChangedAsync(LevelChanged e, Guid centre, EventMetadata meta, IServiceProvider services, CancellationToken ct)
    {
        if (e.NewLevel <= e.OldLevel) { return; }
        await services.GetRequiredService<XpAwards>().AwardAsync(centre, new XpAward(e.StudentId, XpRules.LevelAdvancement, XpSource.LevelAdvancement,
            $"{e.CourseId}:{e.NewLevel}", meta.Timestamp, new ActivityDelta(LevelsMastered: 1)), ct);
    }

    /// <summary>The day counts for the streak (once: a re-delivered event finds it counted).</summary>
    private static Task StreakAsync(Guid centre, IServiceProvider services, Guid studentId, StreakType type, DateTime atUtc, CancellationToken ct) =>
        services.GetRequiredService<StreakKeeper>().RecordAsync(centre, studentId, type, atUtc, ct);
}
