using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification.Rules;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

/// <summary>What a piece of work adds to a student's counts besides XP (for the badge rules).</summary>
public sealed record ActivityDelta(int Exercises = 0, int Perfect = 0, int HomeworkOnTime = 0, int Lessons = 0, int LevelsMastered = 0);

/// <summary>An award to make: the ledger row, and what it adds to the counts.</summary>
public sealed record XpAward(Guid StudentId, int Amount, XpSource Source, string SourceId, DateTime OccurredAt, ActivityDelta Delta);

/// <summary>
/// Writes an award in one transaction with its consequences: the ledger row, the totals, <c>xp.awarded</c>, a
/// <c>level.up</c> per level crossed and a <c>badge.earned</c> per new badge. An award already in the ledger does nothing.
/// </summary>
internal sealed class XpAwards(IDbSessionFactory dbFactory)
{
    /// <summary>Returns false when this source had already paid (a re-delivered event).</summary>
    public async Task<bool> AwardAsync(Guid centreId, XpAward award, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await TryAwardAsync(centreId, award, ct); }
            catch (DbUpdateException)
            {
                // The same event handled at the same moment elsewhere: the unique ledger key lets one win, and nothing is counted twice.
                if (await AlreadyAwardedAsync(centreId, award, ct)) { return false; }
                // Another award for the same student saved first (the running totals changed under this one): count it again on top.
                if (attempt == SaveConflicts.Attempts) { throw; }
            }
            await SaveConflicts.PauseAsync(attempt, ct);
        }
    }

    /// <summary>
    /// Brings a lesson's attendance XP in line with the attendance as it stands: paid once while the student is marked
    /// present or late, taken back by a correcting row (the ledger is append-only) when the mark is corrected to absent
    /// or excused, paid again if it is corrected back. The mark is read again after each write, so whatever order the
    /// events are handled in, on however many nodes, the ledger ends matching the last mark. Returns whether that mark
    /// counts (present or late).
    /// </summary>
    public async Task<bool> SettleAttendanceAsync(Guid centreId, Guid studentId, Guid sessionId, Func<CancellationToken, Task<bool>> countsNow, DateTime at,
        CancellationToken ct)
    {
        var lesson = sessionId.ToString();
        for (var attempt = 1; ; attempt++)
        {
            var counts = await countsNow(ct);
            List<(int Amount, DateTime OccurredAt)> rows;
            await using (var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId)))
            {
                rows = (await db.XpLedger.Where(x => x.StudentId == studentId && x.Source == XpSource.Attendance
                        && (x.SourceId == lesson || x.SourceId.StartsWith(lesson + "~")))
                    .Select(x => new { x.Amount, x.OccurredAt }).ToListAsync(ct)).Select(x => (x.Amount, x.OccurredAt)).ToList();
            }
            var owed = (counts ? XpRules.Attendance : 0) - rows.Sum(r => r.Amount);
            if (owed == 0) { return counts; }
            if (attempt > SaveConflicts.Attempts) { throw new InvalidOperationException($"The attendance XP of lesson {lesson} kept changing while it was settled"); }
            // The first row is keyed by the lesson, corrections by the lesson and their number (two handlings of one change
            // at once write the same key and only one lands). A correction is dated like the lesson's first row, so it
            // counts in the week or month that row did.
            var award = new XpAward(studentId, owed, XpSource.Attendance, rows.Count == 0 ? lesson : $"{lesson}~{rows.Count}",
                rows.Count == 0 ? at : rows.Min(r => r.OccurredAt), new ActivityDelta(Lessons: Math.Sign(owed)));
            try
            {
                // Written or not (another handling wrote that key first), the next round reads the mark and the rows again.
                if (await TryAwardAsync(centreId, award, ct)) { continue; }
            }
            catch (DbUpdateException) { }
            await SaveConflicts.PauseAsync(attempt, ct);
        }
    }

    /// <summary>
    /// Brings an exercise's XP up to what the student's best submitted score is worth (<see cref="XpRules.ForExerciseBest"/>):
    /// the first graded attempt pays under the exercise's id, a better retake adds a top-up row (<c>&lt;exercise&gt;~1</c>,
    /// <c>~2</c>…). The best score is read again after each write, so a redelivered event, or two attempts graded on two
    /// nodes at once, end with the exercise paid once at its best score (two handlings writing the same key: one lands).
    /// Rows from before this rule, keyed by an attempt's id, count as paid. Returns the XP added by this call.
    /// </summary>
    public async Task<int> SettleExerciseAsync(Guid centreId, Guid studentId, Guid exerciseId, ExerciseDifficulty difficulty,
        Func<CancellationToken, Task<(int? Best, IReadOnlyList<string> AttemptIds)>> scoresNow, DateTime at, CancellationToken ct)
    {
        var key = exerciseId.ToString();
        var added = 0;
        for (var attempt = 1; ; attempt++)
        {
            var (best, attempts) = await scoresNow(ct);
            if (best is not { } score) { return added; }
            var attemptIds = attempts.ToList();
            List<int> rows;
            await using (var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId)))
            {
                rows = await db.XpLedger.Where(x => x.StudentId == studentId && x.Source == XpSource.Exercise
                        && (x.SourceId == key || x.SourceId.StartsWith(key + "~") || attemptIds.Contains(x.SourceId)))
                    .Select(x => x.Amount).ToListAsync(ct);
            }
            var payment = XpRules.ForExerciseBest(difficulty, score, rows.Sum(), paidBefore: rows.Count > 0);
            if (payment.Amount == 0) { return added; }
            if (attempt > SaveConflicts.Attempts) { throw new InvalidOperationException($"The XP of exercise {key} kept changing while it was settled"); }
            var award = new XpAward(studentId, payment.Amount, XpSource.Exercise, rows.Count == 0 ? key : $"{key}~{rows.Count}", at,
                new ActivityDelta(Exercises: payment.CountsAsFinished ? 1 : 0, Perfect: payment.CountsAsPerfect ? 1 : 0));
            try
            {
                // Written or not (another handling wrote that key first), the next round reads the scores and the rows again.
                if (await TryAwardAsync(centreId, award, ct)) { added += payment.Amount; continue; }
            }
            catch (DbUpdateException) { }
            await SaveConflicts.PauseAsync(attempt, ct);
        }
    }

    private async Task<bool> TryAwardAsync(Guid centreId, XpAward award, CancellationToken ct)
    {
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
        if (await db.XpLedger.AnyAsync(x => x.StudentId == award.StudentId && x.Source == award.Source && x.SourceId == award.SourceId, ct)) { return false; }
        var progress = await db.StudentProgress.FirstOrDefaultAsync(p => p.StudentId == award.StudentId, ct);
        if (progress is null) { db.StudentProgress.Add(progress = new StudentProgress { CentreId = centreId, StudentId = award.StudentId }); }

        db.XpLedger.Add(new XpLedgerEntry
        {
            CentreId = centreId, StudentId = award.StudentId, Amount = award.Amount, Source = award.Source, SourceId = award.SourceId, OccurredAt = award.OccurredAt,
        });
        progress.TotalXp += award.Amount;
        // A correction paid again is dated like the lesson, maybe before later awards: the latest stays the latest.
        if (award.Amount > 0 && (progress.LastAwardAt is not { } last || award.OccurredAt > last)) { progress.LastAwardAt = award.OccurredAt; }
        progress.ExercisesCompleted += award.Delta.Exercises;
        progress.PerfectScores += award.Delta.Perfect;
        progress.HomeworkOnTime += award.Delta.HomeworkOnTime;
        progress.LessonsAttended += award.Delta.Lessons;
        progress.LevelsMastered += award.Delta.LevelsMastered;
        progress.Level = LevelCurve.For(progress.TotalXp).Level;

        // A correction (negative) is announced too: boards and open pages follow it.
        if (award.Amount != 0)
        {
            db.Publish(new XpAwarded(award.StudentId, award.Amount, award.Source.ToString().ToUpperInvariant(), award.SourceId));
        }
        foreach (var level in LevelCurve.Reached(progress.HighestLevel, progress.TotalXp))
        {
            db.Publish(new LevelUp(award.StudentId, level, LevelCurve.TitleOf(level)));
        }
        progress.HighestLevel = Math.Max(progress.HighestLevel, progress.Level);
        progress.Version++;
        await EarnBadgesAsync(db, progress, award.OccurredAt, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Adds the badges the student's counts now earn (once each), with their events, to the pending changes.</summary>
    internal static async Task EarnBadgesAsync(IGamificationDb db, StudentProgress progress, DateTime at, CancellationToken ct)
    {
        var held = (await db.StudentBadges.Where(b => b.StudentId == progress.StudentId).Select(b => b.BadgeKey).ToListAsync(ct)).ToHashSet();
        foreach (var badge in BadgeCatalogue.NewlyEarned(progress.Facts, held))
        {
            db.StudentBadges.Add(new StudentBadge { CentreId = progress.CentreId, StudentId = progress.StudentId, BadgeKey = badge.Key, EarnedAt = at });
            db.Publish(new BadgeEarned(progress.StudentId, badge.Key, badge.Name));
        }
    }

    private async Task<bool> AlreadyAwardedAsync(Guid centreId, XpAward award, CancellationToken ct)
    {
        await using var db = dbFactory.CreateSystem<IGamificationDb>(Actor.SystemIn(centreId));
        return await db.XpLedger.AnyAsync(x => x.StudentId == award.StudentId && x.Source == award.Source && x.SourceId == award.SourceId, ct);
    }
}
