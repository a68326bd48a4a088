using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Components.Layout;
using AetherLearn.Web.Components.Sessions;
using AetherLearn.Web.Realtime;
using Bunit;
using MudBlazor.Services;

namespace AetherLearn.Tests.Components;

/// <summary>The navigation and the tutor's card follow the centre's switches, rendered on their own.</summary>
public sealed class FeatureSwitchComponentTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public FeatureSwitchComponentTests()
    {
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static HashSet<string> AllOnBut(params string[] off) => CentreFeatures.Keys.Except(off).ToHashSet();

    private IReadOnlyList<string> Links(Role role, IReadOnlySet<string>? on) =>
        _context.Render<NavMenu>(p => p.Add(m => m.Role, role).Add(m => m.FeaturesOn, on)).FindAll("a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public void Navigation_leaves_out_what_the_centre_switched_off_and_keeps_the_rest()
    {
        Assert.Contains("Leaderboard", Links(Role.Teacher, AllOnBut()));
        Assert.DoesNotContain("Leaderboard", Links(Role.Teacher, AllOnBut(CentreFeatures.Leaderboards)));
        Assert.Contains("Content", Links(Role.Teacher, AllOnBut(CentreFeatures.Leaderboards)));
        // The leaderboard is part of gamification: without it there is no board either.
        Assert.DoesNotContain("Leaderboard", Links(Role.Teacher, AllOnBut(CentreFeatures.Gamification)));
        Assert.Contains("Achievements", Links(Role.Student, AllOnBut(CentreFeatures.Leaderboards)));
        Assert.DoesNotContain("Achievements", Links(Role.Student, AllOnBut(CentreFeatures.Gamification)));
        // No centre chosen yet (a super admin): nothing is hidden.
        Assert.Contains("Leaderboard", Links(Role.SuperAdmin, null));
    }

    [Fact]
    public void A_tutors_card_shows_no_xp_while_the_centre_has_gamification_off()
    {
        var now = new DateTime(2026, 11, 27, 16, 20, 0, DateTimeKind.Utc);
        var state = new StudentState(Guid.NewGuid(), "Ella Thompson", "Mathematics", 2, null, PresenceStatus.Active, true, null, null, null, 0, 0, null, null, null, null, now);
        var on = _context.Render<StudentCard>(p => p.Add(c => c.State, state).Add(c => c.NowUtc, now));
        Assert.Contains("No XP yet", on.Find("[data-testid=card-xp]").TextContent);
        var off = _context.Render<StudentCard>(p => p.Add(c => c.State, state).Add(c => c.NowUtc, now).Add(c => c.ShowXp, false));
        Assert.Empty(off.FindAll("[data-testid=card-xp]"));
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
