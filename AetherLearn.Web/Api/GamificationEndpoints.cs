using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

/// <summary>The contract's "Gamification" table and <c>GET /api/v1/users/:id/gamification</c>.</summary>
public static class GamificationEndpoints
{
    public static IEndpointRouteBuilder MapGamificationEndpoints(this IEndpointRouteBuilder app)
    {
        // Every gamification endpoint belongs to the "gamification" switch; a parent's reads also to the parent portal.
        var group = app.MapGroup("/api/v1/gamification").WithTags("Gamification").RequireAuthorization(Policies.Authenticated)
            .RequireFeature(CentreFeatures.Gamification).RequireFeature(CentreFeatures.ParentPortal, onlyFor: Role.Parent);
        // Student (self) or Parent (own child, ?studentId=): the service decides, since "own" depends on the id.
        group.MapGet("/profile", Profile);
        group.MapGet("/xp-ledger", Ledger).RequireAuthorization(Policies.Student);
        group.MapGet("/badges", Badges);
        group.MapPost("/streak/repair", RepairStreak).RequireAuthorization(Policies.Student);
        // Student (opted in) or Teacher+: the service decides, since a student's access depends on their choice.
        group.MapGet("/leaderboard", Leaderboard).RequireFeature(CentreFeatures.Leaderboards);
        // The contract names no paths for the choices (docs/gamification.md).
        group.MapGet("/leaderboard/choice", LeaderboardChoice).RequireFeature(CentreFeatures.Leaderboards);
        group.MapPut("/leaderboard/opt-in", OptIn).RequireAuthorization(Policies.Student).RequireFeature(CentreFeatures.Leaderboards);
        group.MapPut("/leaderboard/parent-block", ParentBlock).RequireAuthorization(Policies.Parent).RequireFeature(CentreFeatures.Leaderboards);
        app.MapGet("/api/v1/users/{id:guid}/gamification", UserProfile).WithTags("Gamification").RequireAuthorization(Policies.Authenticated)
            .RequireFeature(CentreFeatures.Gamification).RequireFeature(CentreFeatures.ParentPortal, onlyFor: Role.Parent);
        return app;
    }

    /// <summary>A student's XP, level, streaks and badges.</summary>
    /// <remarks>Students read their own; parents name their child with <c>studentId</c>. Staff use <c>GET /api/v1/users/{id}/gamification</c>.</remarks>
    public static async Task<Ok<ApiEnvelope<GamificationProfile>>> Profile(IGamificationService gamification, Guid? studentId, ICurrentUser user, CancellationToken ct)
    {
        // The contract gives this endpoint to students and parents; staff read a student through /users/:id/gamification.
        if (user.Role is not (Role.Student or Role.Parent)) { throw new AetherLearn.Core.Common.Errors.ForbiddenException(); }
        return TypedResults.Ok(Envelope.Of(await gamification.ProfileAsync(studentId, ct)));
    }

    /// <summary>A student's XP, level, streaks and badges, for staff.</summary>
    /// <remarks>Staff of the centre (and the student or their parents).</remarks>
    public static async Task<Ok<ApiEnvelope<GamificationProfile>>> UserProfile(Guid id, IGamificationService gamification, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await gamification.ProfileAsync(id, ct)));

    /// <summary>The student's XP history, newest first.</summary>
    /// <remarks>Students: every award and correction with its reason; a cursor page.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<XpLedgerItem>>>> Ledger(IGamificationService gamification, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Cursor(await gamification.LedgerAsync(cursor, limit ?? 20, ct)));

    /// <summary>Repair a streak broken in the last 48 hours.</summary>
    /// <remarks>Students, once a month.</remarks>
    [ErrorResponse(409, "The streak cannot be repaired (not broken, too late, or already repaired this month).")]
    public static async Task<Ok<ApiEnvelope<StreakView>>> RepairStreak(RepairStreakRequest request, IGamificationService gamification, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await gamification.RepairStreakAsync(request, ct)));

    /// <summary>Read a leaderboard of the centre.</summary>
    /// <remarks><c>period</c> is WEEK, MONTH or ALL_TIME. Staff see the board; a student sees it once they chose to appear. Only students who chose to appear (and whose parents allow it) are listed.</remarks>
    [ErrorResponse(409, "The caller has no centre chosen (a super admin must switch to a centre first).")]
    public static async Task<Ok<ApiEnvelope<LeaderboardView>>> Leaderboard(ILeaderboards leaderboards, string? period, string? scope, int? limit, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await leaderboards.ReadAsync(period, scope, limit, ct)));

    /// <summary>Whether a student appears on leaderboards.</summary>
    /// <remarks>The student's own choice and their parents' block; parents name their child with <c>studentId</c>.</remarks>
    public static async Task<Ok<ApiEnvelope<LeaderboardChoice>>> LeaderboardChoice(ILeaderboards leaderboards, Guid? studentId, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await leaderboards.ChoiceAsync(studentId, ct)));

    /// <summary>Choose whether to appear on leaderboards.</summary>
    /// <remarks>Students; off by default.</remarks>
    public static async Task<Ok<ApiEnvelope<LeaderboardChoice>>> OptIn(LeaderboardOptInRequest request, ILeaderboards leaderboards, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await leaderboards.SetOptInAsync(request, ct)));

    /// <summary>Keep a child off leaderboards (or allow them again).</summary>
    /// <remarks>Parents, for their own children, whatever the child chooses.</remarks>
    public static async Task<Ok<ApiEnvelope<LeaderboardChoice>>> ParentBlock(LeaderboardBlockRequest request, ILeaderboards leaderboards, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await leaderboards.SetParentBlockAsync(request, ct)));

    /// <summary>List every badge and what earns it.</summary>
    /// <remarks>The badge catalogue, the same for everyone.</remarks>
    public static Ok<ApiEnvelope<IReadOnlyList<BadgeView>>> Badges(IGamificationService gamification) => TypedResults.Ok(Envelope.Of(gamification.Badges()));
}
