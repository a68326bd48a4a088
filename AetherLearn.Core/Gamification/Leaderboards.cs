using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Gamification;

internal sealed class LeaderboardService(IDbSessionFactory dbFactory, ICurrentUser currentUser, IPeopleDirectory people, LeaderboardKeeper keeper,
    TimeProvider clock) : ILeaderboards
{
    public const int DefaultTop = 20;
    /// <summary>A centre with up to this many students with XP has its boards recomputed while a choice's maker waits (well under a second).</summary>
    private const int RecomputeWhileWaitingUpTo = 5000;

    public async Task<LeaderboardView> ReadAsync(string? period, string? scope, int? limit, CancellationToken ct = default)
    {
        var which = ParsePeriod(period);
        if (scope is not null && !scope.Equals("centre", StringComparison.OrdinalIgnoreCase) && !scope.Equals("center", StringComparison.OrdinalIgnoreCase))
        {
            throw DomainValidationException.For("scope", "Leaderboards are per centre: use scope=centre (or leave it out)");
        }
        var staff = currentUser.IsInRole(Role.Teacher);
        if (!staff && currentUser.Role != Role.Student) { throw new ForbiddenException(); }
        var centre = currentUser.CentreId ?? throw new ConflictException("Choose a centre first");
        Guid? me = currentUser.Role == Role.Student ? currentUser.UserId : null;
        if (me is { } student && !(await ChoiceOfAsync(student, ct)).OnLeaderboard)
        {
            throw new ForbiddenException("Leaderboards show only students who chose to appear on them: turn them on in your progress page first");
        }

        var board = await BoardAsync(centre, which, ct);
        if (board is null) { return new LeaderboardView(which, "centre", null, null, 0, [], null); }
        var top = Math.Clamp(limit ?? DefaultTop, 1, 100);
        await using var db = dbFactory.Create<IGamificationDb>();
        // The top and the caller's own place in one query: two index seeks (board and rank; board and student).
        var self = me ?? Guid.Empty;
        // Someone who opted out or was blocked since the board was computed is left out at once (a gap in the places until the
        // next recompute), whatever node is recomputing.
        var listed = db.StudentProgress.Where(p => p.LeaderboardOptIn && !p.LeaderboardBlockedByParent).Select(p => p.StudentId);
        var found = await db.LeaderboardPlaces.AsNoTracking().Where(p => p.LeaderboardId == board.Id && (p.Rank <= top || p.StudentId == self))
            .Where(p => listed.Contains(p.StudentId)).OrderBy(p => p.Rank).ToListAsync(ct);
        var names = await people.FindAsync(found.Select(p => p.StudentId), ct);
        // So is a student who left the centre since (deactivated); the next recompute closes the gap.
        found = found.Where(p => names.TryGetValue(p.StudentId, out var person) && person.IsActive).ToList();
        var places = found.Where(p => p.Rank <= top).ToList();
        var own = found.FirstOrDefault(p => p.StudentId == self);
        LeaderboardRow Row(LeaderboardPlace p) => new(p.Rank, p.StudentId, NameFor(p.StudentId, names), p.Xp, p.Level, p.StudentId == me);
        return new LeaderboardView(which, "centre", board.PeriodStart, board.ComputedAt, board.RankedCount, places.Select(Row).ToList(), own is null ? null : Row(own));
    }

    public async Task<LeaderboardChoice> ChoiceAsync(Guid? studentId, CancellationToken ct = default)
    {
        var student = await people.ReadableStudentAsync(currentUser, studentId, ct);
        return await ChoiceOfAsync(student.Id, ct);
    }

    public async Task<LeaderboardChoice> SetOptInAsync(LeaderboardOptInRequest request, CancellationToken ct = default)
    {
        if (currentUser.Role != Role.Student || currentUser.UserId is not { } me || currentUser.CentreId is not { } centre) { throw new ForbiddenException(); }
        if (request.OptIn is not { } optIn) { throw DomainValidationException.For("optIn", "Say true to appear on leaderboards or false not to"); }
        await SetAsync(centre, me, p => p.LeaderboardOptIn = optIn, ct);
        return await ChoiceOfAsync(me, ct);
    }

    public async Task<LeaderboardChoice> SetParentBlockAsync(LeaderboardBlockRequest request, CancellationToken ct = default)
    {
        if (currentUser.Role != Role.Parent || currentUser.CentreId is not { } centre) { throw new ForbiddenException(); }
        if (request.StudentId is not { } studentId) { throw DomainValidationException.For("studentId", "Choose which child"); }
        if (request.Blocked is not { } blocked) { throw DomainValidationException.For("blocked", "Say true to keep your child off leaderboards or false to let them choose"); }
        var child = await people.ReadableStudentAsync(currentUser, studentId, ct);
        await SetAsync(centre, child.Id, p => p.LeaderboardBlockedByParent = blocked, ct);
        return await ChoiceOfAsync(child.Id, ct);
    }

    /// <summary>Changes one choice on the student's progress row (made if they have no XP yet), then brings the boards up to date at once.</summary>
    private async Task SetAsync(Guid centre, Guid studentId, Action<StudentProgress> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = dbFactory.Create<IGamificationDb>();
            var progress = await db.StudentProgress.FirstOrDefaultAsync(p => p.StudentId == studentId, ct);
            if (progress is null) { db.StudentProgress.Add(progress = new StudentProgress { CentreId = centre, StudentId = studentId }); }
            change(progress);
            progress.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            // XP awarded (or the row made) at the same moment: read it again and apply the choice to the new row.
            catch (DbUpdateException) when (attempt < SaveConflicts.Attempts) { }
            await SaveConflicts.PauseAsync(attempt, ct);
        }
        await keeper.MarkStaleAsync(centre, ct);
        // Leaving takes effect at once (reads skip whoever is no longer listed); joining shows after a recompute. The student
        // expects to see it when they look next, so the boards are recomputed now, unless the centre is so large that a
        // recompute takes seconds (bench/README.md): then the refresher does it within its interval.
        if (await keeper.StudentsWithProgressAsync(centre, ct) > RecomputeWhileWaitingUpTo) { return; }
        foreach (var period in Enum.GetValues<LeaderboardPeriod>())
        {
            // Held by another node (the refresher, after an award) that may have read the standings before this change: wait
            // for it, then recompute if the board is still stale (a run that began after the change was marked clears the mark).
            await keeper.RecomputeWhenDueAsync(centre, period, b => b.ComputedAt == null || b.StaleSince != null, ct);
        }
    }

    private async Task<LeaderboardChoice> ChoiceOfAsync(Guid studentId, CancellationToken ct)
    {
        await using var db = dbFactory.Create<IGamificationDb>();
        var progress = await db.StudentProgress.AsNoTracking().Where(p => p.StudentId == studentId)
            .Select(p => new { p.LeaderboardOptIn, p.LeaderboardBlockedByParent }).FirstOrDefaultAsync(ct);
        return new LeaderboardChoice(studentId, progress?.LeaderboardOptIn ?? false, progress?.LeaderboardBlockedByParent ?? false);
    }

    /// <summary>The stored board, recomputed first when there is none yet or its week or month has ended.</summary>
    private async Task<Leaderboard?> BoardAsync(Guid centre, LeaderboardPeriod period, CancellationToken ct)
    {
        var board = await FindBoardAsync(centre, period, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (board?.ComputedAt is not null && (board.PeriodEnd is null || board.PeriodEnd > now)) { return board; }
        // Waits while another node computes it, rather than showing an empty board or last week's.
        await keeper.RecomputeWhenDueAsync(centre, period, b => b.ComputedAt == null || (b.PeriodEnd != null && b.PeriodEnd <= now), ct);
        board = await FindBoardAsync(centre, period, ct);
        return board?.ComputedAt is null ? null : board;
    }

    private async Task<Leaderboard?> FindBoardAsync(Guid centre, LeaderboardPeriod period, CancellationToken ct)
    {
        await using var db = dbFactory.Create<IGamificationDb>();
        return await db.Leaderboards.AsNoTracking().FirstOrDefaultAsync(b => b.CentreId == centre && b.Period == period, ct);
    }

    /// <summary>Students see each other by first name and initial; staff see full names.</summary>
    private string NameFor(Guid studentId, IReadOnlyDictionary<Guid, Person> names)
    {
        var name = names.TryGetValue(studentId, out var person) ? person.Name : "A student";
        if (currentUser.Role != Role.Student || studentId == currentUser.UserId) { return name; }
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length < 2 ? name : $"{parts[0]} {parts[^1][0]}.";
    }

    private static LeaderboardPeriod ParsePeriod(string? period) =>
        (period ?? "week").Replace("-", "").Replace("_", "").ToUpperInvariant() switch
        {
            "WEEK" or "WEEKLY" => LeaderboardPeriod.Week,
            "MONTH" or "MONTHLY" => LeaderboardPeriod.Month,
            "ALLTIME" or "ALL" => LeaderboardPeriod.AllTime,
            _ => throw DomainValidationException.For("period", "Choose WEEK, MONTH or ALL_TIME"),
        };
}
