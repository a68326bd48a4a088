using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Content;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Attempts;

internal sealed class AttemptQueries(IDbSessionFactory dbFactory, ICentreService centres) : IAttemptQueries
{
    public async Task<IReadOnlyDictionary<Guid, int>> BestScoresAsync(Guid studentId, Guid courseId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IAttemptsDb>();
        return await db.Attempts.AsNoTracking()
            .Where(a => a.StudentId == studentId && a.CourseId == courseId && a.Status == AttemptStatus.Submitted)
            .GroupBy(a => a.ExerciseId)
            .Select(g => new { ExerciseId = g.Key, Best = g.Max(a => a.ScorePercent ?? 0) })
            .ToDictionaryAsync(x => x.ExerciseId, x => x.Best, ct);
    }

    public async Task<IReadOnlyList<AttemptSummary>> RecentAsync(Guid studentId, int take, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IAttemptsDb>();
        var rows = await db.Attempts.AsNoTracking().Where(a => a.StudentId == studentId)
            .OrderByDescending(a => a.StartedAt).Take(take).ToListAsync(ct);
        return await SummariseAsync(rows, ct);
    }

    public async Task<IReadOnlyList<AttemptSummary>> ForStudentsAsync(IReadOnlyCollection<Guid> studentIds, DateTime since, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IAttemptsDb>();
        var rows = await db.Attempts.AsNoTracking().Where(a => studentIds.Contains(a.StudentId) && a.StartedAt >= since)
            .OrderBy(a => a.StartedAt).ToListAsync(ct);
        return await SummariseAsync(rows, ct);
    }

    public async Task<IReadOnlyList<AttemptSummary>> ForSessionAsync(IReadOnlyCollection<Guid> enrolmentIds, IReadOnlyCollection<Guid> studentIds,
        DateTime from, DateTime to, CancellationToken ct = default)
    {
        if (enrolmentIds.Count == 0 && studentIds.Count == 0) { return []; }
        await using var db = dbFactory.Create<IAttemptsDb>();
        var rows = await db.Attempts.AsNoTracking()
            .Where(a => (a.EnrolmentId != null && enrolmentIds.Contains(a.EnrolmentId.Value))
                        || (a.EnrolmentId == null && studentIds.Contains(a.StudentId) && a.StartedAt >= from && a.StartedAt <= to))
            .OrderBy(a => a.StartedAt).ToListAsync(ct);
        return await SummariseAsync(rows, ct);
    }

    public async Task<AttemptSummary?> FindAsync(Guid attemptId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IAttemptsDb>();
        var rows = await db.Attempts.AsNoTracking().Where(a => a.Id == attemptId).ToListAsync(ct);
        return (await SummariseAsync(rows, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<AttemptSummary>> ForExerciseAsync(Guid studentId, Guid exerciseId, DateTime since, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IAttemptsDb>();
        // Active since: started then, submitted then, or still open (an attempt begun before a tutor set the
        // exercise still completes the override or homework when it is submitted).
        var rows = await db.Attempts.AsNoTracking()
            .Where(a => a.StudentId == studentId && a.ExerciseId == exerciseId
                        && (a.StartedAt >= since || a.SubmittedAt >= since || a.Status == AttemptStatus.InProgress))
            .OrderBy(a => a.StartedAt).ToListAsync(ct);
        return await SummariseAsync(rows, ct);
    }

    public async Task<IReadOnlyList<AttemptSummary>> SubmittedAtExerciseAsync(Guid studentId, Guid exerciseId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IAttemptsDb>();
        var rows = await db.Attempts.AsNoTracking()
            .Where(a => a.StudentId == studentId && a.ExerciseId == exerciseId && a.Status == AttemptStatus.Submitted)
            .OrderBy(a => a.StartedAt).ToListAsync(ct);
        return await SummariseAsync(rows, ct);
    }

    public async Task<DateTime?> AnswersShownSinceAsync(Guid centreId, Guid studentId, Guid exerciseId, CancellationToken ct = default)
    {
        var config = await centres.FindConfigAsync(centreId, ct) ?? CentreConfig.Default;
        await using var db = dbFactory.Create<IAttemptsDb>();
        var submitted = await db.Attempts.AsNoTracking()
            .Where(a => a.StudentId == studentId && a.ExerciseId == exerciseId && a.Status == AttemptStatus.Submitted && a.SubmittedAt != null)
            .OrderBy(a => a.SubmittedAt).Select(a => new { a.SubmittedAt, a.ScorePercent }).ToListAsync(ct);
        var released = await db.AnswerReleases.AsNoTracking().Where(r => r.StudentId == studentId && r.ExerciseId == exerciseId)
            .Select(r => (DateTime?)r.ReleasedAt).FirstOrDefaultAsync(ct);
        // Each moment at which the rule would first have shown them; the earliest wins.
        var moments = new List<DateTime?> { released };
        for (var i = 0; i < submitted.Count; i++)
        {
            var facts = new RevealFacts(submitted.Take(i + 1).Max(a => a.ScorePercent), i + 1, ReleasedByTutor: false);
            if (AnswerRevealRules.Shown(config.AnswerReveal, config.MasteryThresholdPercent, config.MaxAttemptsPerExercise, facts))
            {
                moments.Add(submitted[i].SubmittedAt);
                break;
            }
        }
        return moments.Where(m => m is not null).Min();
    }

    private static Task<IReadOnlyList<AttemptSummary>> SummariseAsync(List<Attempt> rows, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AttemptSummary>>(rows.Select(a => new AttemptSummary(a.Id, a.StudentId, a.ExerciseId, a.CourseId, a.EnrolmentId, a.Status,
            a.Answers.Count, a.Results?.Count ?? 0, a.StartedAt, a.SubmittedAt, a.ScorePercent)).ToList());
}

/// <summary>A student may reopen any exercise they have already started (to resume or to review it).</summary>
internal sealed class StartedExerciseAccessRule(IDbSessionFactory dbFactory) : IExerciseAccessRule
{
    public async Task<bool> AllowsAsync(Guid studentId, Guid exerciseId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IAttemptsDb>();
        return await db.Attempts.AnyAsync(a => a.StudentId == studentId && a.ExerciseId == exerciseId, ct);
    }
}
