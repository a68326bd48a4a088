using AetherLearn.Core.Gamification;

namespace AetherLearn.Web.Jobs;

/// <summary>
/// The "on demand" half of <c>leaderboard.recompute</c>: when XP is awarded the centre's boards are marked stale and this
/// recomputes them, each at most once per <c>Gamification:LeaderboardRefreshSeconds</c> (30 by default) so a busy lesson
/// costs one recompute per board per interval, not one per award. Boards marked stale on another node are found by polling.
/// </summary>
internal sealed class LeaderboardRefresher(IServiceScopeFactory scopes, LeaderboardSignal signal, IConfiguration configuration,
    ILogger<LeaderboardRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gap = TimeSpan.FromSeconds(configuration.GetValue("Gamification:LeaderboardRefreshSeconds", 30.0));
        var wait = gap < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : gap;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ILeaderboardRecompute>().RefreshStaleAsync(gap, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { logger.LogError(ex, "Leaderboard refresh failed; the next round tries again"); }
        }
    }
}
