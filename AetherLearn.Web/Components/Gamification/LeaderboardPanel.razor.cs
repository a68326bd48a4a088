using AetherLearn.Core.Gamification;
using AetherLearn.Core.Gamification.Rules;
using Microsoft.AspNetCore.Components;

namespace AetherLearn.Web.Components.Gamification;

/// <summary>A centre's leaderboard: staff see it; a student sees it once they choose to appear on it (and can change that here).</summary>
public partial class LeaderboardPanel
{
    [Parameter] public bool Staff { get; set; }
    [Inject] private ILeaderboards Leaderboards { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;

    private static readonly (LeaderboardPeriod Period, string Label)[] Periods =
        [(LeaderboardPeriod.Week, "This week"), (LeaderboardPeriod.Month, "This month"), (LeaderboardPeriod.AllTime, "All time")];

    private LeaderboardChoice? _choice;
    private LeaderboardView? _view;
    private LeaderboardPeriod _period = LeaderboardPeriod.Week;
    private bool _loading;
    private string? _error;
    // A new key redraws the switch from the saved choice when saving failed (it had already flipped itself).
    private int _switchVersion;

    private string PeriodPhrase => _period switch
    {
        LeaderboardPeriod.Week => "this week",
        LeaderboardPeriod.Month => "this month",
        _ => "so far",
    };

    protected override async Task OnInitializedAsync()
    {
        // Read once, in the interactive render: a first read can recompute a board, which the prerender must not do twice.
        if (!RendererInfo.IsInteractive) { return; }
        _error = await Actions.LoadAsync(async () =>
        {
            await Time.ZoneAsync();
            if (!Staff) { _choice = await Leaderboards.ChoiceAsync(null); }
        }, "The leaderboard could not be loaded. Please refresh the page.");
        if (_error is null && (Staff || _choice!.OnLeaderboard)) { await ShowAsync(_period); }
    }

    private async Task ShowAsync(LeaderboardPeriod period)
    {
        _period = period;
        _loading = true;
        _error = await Actions.LoadAsync(async () => _view = await Leaderboards.ReadAsync(period.ToString(), "centre", null),
            "The leaderboard could not be loaded. Please try again.");
        _loading = false;
    }

    private async Task SetOptInAsync(bool optIn)
    {
        var saved = await Actions.RunAsync(async () => _choice = await Leaderboards.SetOptInAsync(new LeaderboardOptInRequest(optIn)),
            optIn ? "You are on the leaderboard" : "You are no longer on the leaderboard", "Your choice could not be saved. Please try again.");
        if (!saved)
        {
            _switchVersion++;
            return;
        }
        _view = null;
        if (_choice!.OnLeaderboard) { await ShowAsync(_period); }
    }
}
