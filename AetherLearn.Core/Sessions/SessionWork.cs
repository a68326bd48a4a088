using AetherLearn.Core.Attempts;

namespace AetherLearn.Core.Sessions;

/// <summary>
/// Which attempts are a session's work, the one rule for its dashboard, its end-of-session summary, the tutor's live
/// cards and the room rebuilt after a restart. An attempt started with one of the session's enrolments is its work
/// whenever it was made, and an attempt started with another session's enrolment never is. An attempt started with no
/// enrolment (the student's own player) counts by when the lesson actually ran: from its actual start (or the scheduled
/// one, whichever was earlier: a lesson started two hours early) to its actual end (while it runs, the later of the
/// scheduled end and now), widened by <see cref="Margin"/> on each side for work begun just before or finished just after.
/// </summary>
internal static class SessionWork
{
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(30);

    public static (DateTime From, DateTime To) Window(TutoringSession session, DateTime now)
    {
        var from = session.StartedAt is { } started && started < session.StartsAt ? started : session.StartsAt;
        var to = session.EndedAt ?? (session.Status == SessionStatus.InProgress && now > session.EndsAt ? now : session.EndsAt);
        return (from - Margin, to + Margin);
    }

    public static Task<IReadOnlyList<AttemptSummary>> AttemptsAsync(IAttemptQueries attempts, TutoringSession session, IReadOnlyList<Enrolment> enrolments,
        DateTime now, CancellationToken ct)
    {
        if (enrolments.Count == 0) { return Task.FromResult<IReadOnlyList<AttemptSummary>>([]); }
        var (from, to) = Window(session, now);
        return attempts.ForSessionAsync(enrolments.Select(e => e.Id).ToList(), enrolments.Select(e => e.StudentId).Distinct().ToList(), from, to, ct);
    }
}
