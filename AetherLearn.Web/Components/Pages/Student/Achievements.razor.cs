using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Gamification;
using AetherLearn.Core.Gamification.Rules;
using AetherLearn.Web.Components.Gamification;
using AetherLearn.Web.Gamification;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Student;

/// <summary>
/// A student's XP, level, streaks, badges and leaderboard (<c>/achievements</c>), or the same read-only for a parent's
/// child. It follows new XP as it is awarded.
/// </summary>
public partial class Achievements
{
    [Parameter] public Guid? StudentId { get; set; }
    [Inject] private IGamificationService Gamification { get; set; } = default!;
    [Inject] private ICurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ProgressFeed Progress { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;

    private GamificationProfile? _profile;
    private string? _error;
    private IDisposable? _subscription;

    private bool ForStudent => StudentId is null;
    // A page for someone else (staff, or a child not linked) is not fixed by trying again.
    private bool CanRetry => _error is not null && (ForStudent ? CurrentUser.Role == Role.Student : CurrentUser.Role == Role.Parent) && _error != NotLinked;
    private const string NotLinked = "This child is not linked to your account.";

    private string Heading => ForStudent ? "My achievements" : _profile is null ? "Progress" : $"{_profile.StudentName}'s progress";

    protected override async Task OnParametersSetAsync()
    {
        var allowed = ForStudent ? CurrentUser.Role == Role.Student : CurrentUser.Role == Role.Parent;
        if (!allowed)
        {
            _error = ForStudent ? "This page is for students. Staff see a student's XP on the session cards and the leaderboard." : "This page is for parents.";
            return;
        }
        // Read in the interactive render only (the prerender shows the loading bar).
        if (!RendererInfo.IsInteractive) { return; }
        await Time.ZoneAsync();
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Subscribed from the interactive render only (never the prerender), once the student is known.
        if (_subscription is null && _profile is not null && RendererInfo.IsInteractive)
        {
            _subscription = Progress.Subscribe(_profile.StudentId, notice => _ = InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
        }
    }

    private async Task LoadAsync()
    {
        _error = await Actions.LoadAsync(async () => _profile = await Gamification.ProfileAsync(StudentId), "Progress could not be loaded. Check your connection and try again.",
            ex => ex is NotFoundException ? NotLinked : null);
    }

    private async Task RepairAsync(StreakType type)
    {
        if (await Actions.RunAsync(() => Gamification.RepairStreakAsync(new RepairStreakRequest(type)),
            $"Your {StreakPanel.Label(type).ToLowerInvariant()} streak is back", "The streak could not be repaired. Please try again."))
        {
            await LoadAsync();
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
