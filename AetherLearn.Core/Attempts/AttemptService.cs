using System.Text.Json;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Attempts;

internal sealed class AttemptService(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    IExerciseCatalog catalog,
    IEnumerable<IExerciseAccessRule> accessRules,
    IEnrolmentCheck enrolments,
    IPeopleDirectory people,
    ICentreService centres,
    TimeProvider clock) : IAttemptService
{
    public async Task<AttemptView> StartAsync(Guid exerciseId, StartAttemptRequest request, CancellationToken ct = default)
    {
        var studentId = RequireStudent();
        var exercise = await catalog.FindAsync(exerciseId, ct) ?? throw new NotFoundException("Exercise");
        if (!await AnyRuleAllowsAsync(studentId, exerciseId, ct)) { throw new ForbiddenException("This exercise has not been set for you"); }
        if (request.SessionEnrollmentId is { } enrolmentId && !await enrolments.IsStudentsEnrolmentAsync(enrolmentId, studentId, ct))
        {
            throw DomainValidationException.For("sessionEnrollmentId", "This is not one of your session enrolments");
        }

        // One open attempt per exercise (a unique index enforces it): starting again resumes it exactly where the
        // student left it, and a second tab starting at the same moment resumes the first tab's attempt.
        for (var round = 0; ; round++)
        {
            await using var db = dbFactory.Create<IAttemptsDb>();
            var open = await db.Attempts.FirstOrDefaultAsync(a => a.StudentId == studentId && a.ExerciseId == exerciseId && a.Status == AttemptStatus.InProgress, ct);
            if (open is not null) { return await ViewAsync(open, exercise, ct); }
            try { return await CreateAsync(db, studentId, exercise, request, ct); }
            catch (DbUpdateException) when (round < 2) { }
        }
    }

    private async Task<AttemptView> CreateAsync(IAttemptsDb db, Guid studentId, ExerciseContent exercise, StartAttemptRequest request, CancellationToken ct)
    {
        var exerciseId = exercise.Id;
        var before = await db.Attempts.Where(a => a.StudentId == studentId && a.ExerciseId == exerciseId)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Submitted = g.Count(a => a.Status == AttemptStatus.Submitted) }).FirstOrDefaultAsync(ct);
        var maxAttempts = (await ConfigAsync(ct)).MaxAttemptsPerExercise;
        if (AnswerRevealRules.AttemptsLeft(maxAttempts, before?.Submitted ?? 0) == 0)
        {
            throw new ConflictException($"You have used all {maxAttempts} attempts at this exercise");
        }

        var now = clock.UtcNowForStorage();
        var attempt = new Attempt
        {
            StudentId = studentId, ExerciseId = exerciseId, CourseId = exercise.CourseId, EnrolmentId = request.SessionEnrollmentId,
            Number = (before?.Count ?? 0) + 1, Status = AttemptStatus.InProgress, StartedAt = now, LastSavedAt = now, MaxScore = exercise.MaxScore,
        };
        db.Attempts.Add(attempt);
        db.Publish(new ExerciseStarted(studentId, exerciseId, attempt.Id));
        await db.SaveChangesAsync(ct);
        return await ViewAsync(attempt, exercise, ct);
    }

    public async Task<AutosaveResult> AutosaveAsync(Guid attemptId, AutosaveRequest request, CancellationToken ct = default)
    {
        var studentId = RequireStudent();
        if (request.Answers is null) { throw DomainValidationException.For("answers", "Answers are required"); }
        TextRules.Check(request.Answers, "answers");
        if (request.Sequence is < 1 or > AttemptRules.MaxSaveSequence)
        {
            throw DomainValidationException.For("sequence", $"Sequence must be from 1 to {AttemptRules.MaxSaveSequence}");
        }
        for (var round = 0; ; round++)
        {
            await using var db = dbFactory.Create<IAttemptsDb>();
            var attempt = await OwnAsync(db, attemptId, studentId, ct);
            if (attempt.Status == AttemptStatus.Submitted) { throw new ConflictException("This attempt has been submitted; answers can no longer change"); }
            var exercise = await catalog.FindAsync(attempt.ExerciseId, ct) ?? throw new NotFoundException("Exercise");
            var stored = AttemptViews.ToStored(exercise, attempt.Id, request.Answers);
            ValidateAnswers(exercise, stored);
            // Last writer wins by the client's sequence number, not by arrival: a delayed older save is ignored.
            if (request.Sequence is { } seq && seq <= attempt.SaveSequence)
            {
                return new AutosaveResult(attempt.Id, false, attempt.SaveSequence, attempt.LastSavedAt);
            }
            attempt.Answers = stored;
            attempt.SaveSequence = request.Sequence ?? attempt.SaveSequence + 1;
            attempt.LastSavedAt = clock.UtcNowForStorage();
            attempt.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return new AutosaveResult(attempt.Id, true, attempt.SaveSequence, attempt.LastSavedAt);
            }
            catch (DbUpdateConcurrencyException) when (round < 5)
            {
                // Another save landed between our read and write: read again and compare sequence numbers afresh.
            }
        }
    }

    public async Task<AttemptView> SubmitAsync(Guid attemptId, SubmitRequest request, CancellationToken ct = default)
    {
        var studentId = RequireStudent();
        if (request.Answers is not null) { await AutosaveUnlessSubmittedAsync(attemptId, request, ct); }
        for (var round = 0; ; round++)
        {
            await using var db = dbFactory.Create<IAttemptsDb>();
            var attempt = await OwnAsync(db, attemptId, studentId, ct);
            var exercise = await catalog.FindAsync(attempt.ExerciseId, ct) ?? throw new NotFoundException("Exercise");
            if (attempt.Status == AttemptStatus.Submitted) { return await ViewAsync(attempt, exercise, ct); }
            // Nothing answered is not a go at the exercise: it would pay XP, count for badges, streaks and homework, and
            // use up an attempt towards seeing the answers. The player asks first and never sends one.
            if (!exercise.Questions.Any(q => Grading.IsAnswered(attempt.Answers.TryGetValue(q.Id, out var given) ? given : null)))
            {
                throw DomainValidationException.For("answers", "Answer at least one question before submitting");
            }

            var results = exercise.Questions.Select(q => Grading.Grade(q, attempt.Answers.TryGetValue(q.Id, out var a) ? a : null)).ToList();
            attempt.Results = results;
            attempt.Points = results.Sum(r => r.Points);
            attempt.MaxScore = exercise.MaxScore;
            attempt.ScorePercent = exercise.MaxScore == 0 ? 0 : (int)Math.Floor(attempt.Points.Value * 100m / exercise.MaxScore);
            attempt.Status = AttemptStatus.Submitted;
            attempt.SubmittedAt = clock.UtcNowForStorage();
            attempt.Version++;
            db.Publish(new ExerciseSubmitted(studentId, attempt.Id, attempt.ExerciseId, attempt.ScorePercent, exercise.Difficulty));
            db.Publish(new ExerciseGraded(attempt.Id, attempt.ScorePercent, AssessorId: null, studentId));
            try
            {
                await db.SaveChangesAsync(ct);
                return await ViewAsync(attempt, exercise, ct);
            }
            catch (DbUpdateConcurrencyException) when (round < 5)
            {
                // A racing submit or save won: the next round returns its result or grades the newer answers.
            }
        }
    }

    public async Task<AttemptView> GetAsync(Guid attemptId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IAttemptsDb>();
        var attempt = await db.Attempts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attemptId, ct) ?? throw new NotFoundException("Attempt");
        var allowed = currentUser.Role switch
        {
            Role.Student => attempt.StudentId == currentUser.UserId,
            Role.Parent => await people.IsParentOfAsync(currentUser.UserId!.Value, attempt.StudentId, ct),
            { } role => RoleRanks.Satisfies(role, Role.Teacher),
            null => false,
        };
        // Someone else's attempt is answered as missing, so students cannot probe ids.
        if (!allowed) { throw currentUser.Role is Role.Student or Role.Parent ? new NotFoundException("Attempt") : new ForbiddenException(); }
        var exercise = await catalog.FindAsync(attempt.ExerciseId, ct) ?? throw new NotFoundException("Exercise");
        return await ViewAsync(attempt, exercise, ct);
    }

    public async Task<AnswerReleaseView> ReleaseAnswersAsync(Guid exerciseId, ReleaseAnswersRequest request, CancellationToken ct = default)
    {
        if (currentUser.Role is not { } role || !RoleRanks.Satisfies(role, Role.Teacher) || currentUser.UserId is not { } tutorId) { throw new ForbiddenException(); }
        if (request.StudentId is not { } studentId) { throw DomainValidationException.For("studentId", "studentId is required"); }
        _ = await catalog.FindAsync(exerciseId, ct) ?? throw new NotFoundException("Exercise");
        // The directory sees the caller's centre only: another centre's student is answered as missing.
        if (!(await people.FindAsync([studentId], ct)).TryGetValue(studentId, out var student) || student.Role != Role.Student)
        {
            throw new NotFoundException("Student");
        }
        for (var round = 0; ; round++)
        {
            await using var db = dbFactory.Create<IAttemptsDb>();
            var release = await db.AnswerReleases.AsNoTracking().FirstOrDefaultAsync(r => r.StudentId == studentId && r.ExerciseId == exerciseId, ct);
            if (release is null)
            {
                release = new AnswerRelease { StudentId = studentId, ExerciseId = exerciseId, ReleasedBy = tutorId, ReleasedAt = clock.UtcNowForStorage() };
                db.AnswerReleases.Add(release);
                // Two tutors releasing at once: the unique key keeps one, and the next round returns it.
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException) when (round < 2) { continue; }
            }
            return new AnswerReleaseView(release.StudentId, release.ExerciseId, release.ReleasedBy, release.ReleasedAt);
        }
    }

    private async Task<CentreConfig> ConfigAsync(CancellationToken ct) =>
        currentUser.CentreId is { } centre ? await centres.FindConfigAsync(centre, ct) ?? CentreConfig.Default : CentreConfig.Default;

    private async Task AutosaveUnlessSubmittedAsync(Guid attemptId, SubmitRequest request, CancellationToken ct)
    {
        try { await AutosaveAsync(attemptId, new AutosaveRequest(request.Answers, request.Sequence), ct); }
        catch (ConflictException) { /* already submitted: the submit below returns the first result */ }
    }

    private Guid RequireStudent() =>
        currentUser.Role == Role.Student && currentUser.UserId is { } id ? id : throw new ForbiddenException("Only students make attempts");

    private static async Task<Attempt> OwnAsync(IAttemptsDb db, Guid attemptId, Guid studentId, CancellationToken ct) =>
        await db.Attempts.FirstOrDefaultAsync(a => a.Id == attemptId && a.StudentId == studentId, ct) ?? throw new NotFoundException("Attempt");

    private async Task<bool> AnyRuleAllowsAsync(Guid studentId, Guid exerciseId, CancellationToken ct)
    {
        foreach (var rule in accessRules)
        {
            if (await rule.AllowsAsync(studentId, exerciseId, ct)) { return true; }
        }
        return false;
    }

    internal static void ValidateAnswers(ExerciseContent exercise, IReadOnlyDictionary<string, JsonElement> answers)
    {
        var v = new Validator();
        var questions = exercise.Questions.ToDictionary(q => q.Id);
        foreach (var (id, value) in answers)
        {
            if (!questions.TryGetValue(id, out var question)) { v.Check(false, $"answers.{id}", "No such question in this exercise"); continue; }
            if (Grading.ShapeProblem(question, value) is { } problem) { v.Check(false, $"answers.{id}", problem); }
        }
        v.ThrowIfInvalid();
    }

    /// <summary>
    /// The attempt as its reader may see it: staff see the correct answers of a submitted attempt; the student and their
    /// parents see them once the centre's answer-reveal rule allows (until then the review has marks but no answers).
    /// </summary>
    private async Task<AttemptView> ViewAsync(Attempt a, ExerciseContent exercise, CancellationToken ct)
    {
        var config = await ConfigAsync(ct);
        await using var db = dbFactory.Create<IAttemptsDb>();
        var submitted = await db.Attempts.AsNoTracking()
            .Where(x => x.StudentId == a.StudentId && x.ExerciseId == a.ExerciseId && x.Status == AttemptStatus.Submitted)
            .Select(x => x.ScorePercent).ToListAsync(ct);
        var staff = currentUser.Role is { } role && role is not (Role.Student or Role.Parent) && RoleRanks.Satisfies(role, Role.Teacher);
        var released = await db.AnswerReleases.AnyAsync(r => r.StudentId == a.StudentId && r.ExerciseId == a.ExerciseId, ct);
        var facts = new RevealFacts(submitted.Max(), submitted.Count, released);
        var shown = a.Status == AttemptStatus.Submitted
            && (staff || AnswerRevealRules.Shown(config.AnswerReveal, config.MasteryThresholdPercent, config.MaxAttemptsPerExercise, facts));

        var questions = AttemptViews.ForStudent(exercise, a);
        var answers = AttemptViews.ToDisplay(exercise, a.Id, a.Answers);
        var review = a.Status == AttemptStatus.Submitted
            ? exercise.Questions.Select(q => AttemptViews.Review(q, a, answers, shown)).ToList()
            : null;
        return new AttemptView(a.Id, a.StudentId, a.ExerciseId, exercise.Title, exercise.Instructions, a.CourseId, a.EnrolmentId, a.Status, answers, a.SaveSequence,
            a.StartedAt, a.LastSavedAt, a.SubmittedAt, a.Points, a.MaxScore, a.ScorePercent, questions, review)
        {
            Number = a.Number,
            AnswersShown = shown,
            AnswersHiddenReason = a.Status == AttemptStatus.Submitted && !shown
                ? AnswerRevealRules.HiddenBecause(config.AnswerReveal, config.MasteryThresholdPercent, config.MaxAttemptsPerExercise)
                : null,
            AttemptsLeft = AnswerRevealRules.AttemptsLeft(config.MaxAttemptsPerExercise, submitted.Count),
        };
    }
}
