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

    public static async Task<Ok<ApiEnvelope<GamificationProfile>>> Profile(IGamificationService gamification, Guid? studentId, ICurrentUser user, CancellationToken ct)
    {
        // The contract gives this endpoint to students and parents; staff read a student through /users/:id/gamification.
        if (user.Role is not (Role.Student or Role.Parent)) { throw new AetherLearn.Core.Common.Errors.ForbiddenException(); }
        return TypedResults.Ok(Envelope.Of(await gamification.ProfileAsync(studentId, ct)));
    }

    public static async Task<Ok<ApiEnvelope<GamificationProfile>>> UserProfile(Guid id, IGamificationService gamification, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await gamification.ProfileAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<XpLedgerItem>>>> Ledger(IGamificationService gamification, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Cursor(await gamification.LedgerAsync(cursor, limit ?? 20, ct)));

    public static async Task<Ok<ApiEnvelope<StreakView>>> RepairStreak(RepairStreakRequest request, IGamificationService gamification, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await gamification.RepairStreakAsync(request, ct)));

    public static async Task<Ok<ApiEnvelope<LeaderboardView>>> Leaderboard(ILeaderboards leaderboards, string? period, string? scope, int? limit, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await leaderboards.ReadAsync(period, scope, limit, ct)));

    public static async Task<Ok<ApiEnvelope<LeaderboardChoice>>> LeaderboardChoice(ILeaderboards leaderboards, Guid? studentId, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await leaderboards.ChoiceAsync(studentId, ct)));

    public static async Task<Ok<ApiEnvelope<LeaderboardChoice>>> OptIn(LeaderboardOptInRequest request, ILeaderboards leaderboards, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await leaderboards.SetOptInAsync(request, ct)));

    public static async Task<Ok<ApiEnvelope<LeaderboardChoice>>> ParentBlock(LeaderboardBlockRequest request, ILeaderboards leaderboards, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await leaderboards.SetParentBlockAsync(request, ct)));

    public static Ok<ApiEnvelope<IReadOnlyList<BadgeView>>> Badges(IGamificationService gamification) => TypedResults.Ok(Envelope.Of(gamification.Badges()));
}
