using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Web.Components.Layout;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace AetherLearn.Tests.Components;

/// <summary>
/// One page per purpose in the menu: for every role no two entries lead to the same page, and on every page the menu
/// leads to (and a page under it) at most one entry is highlighted.
/// </summary>
public sealed class NavigationTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public NavigationTests()
    {
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public static TheoryData<Role> Roles => new(RoleRanks.All);

    private IRenderedComponent<NavMenu> MenuAt(Role role, string path)
    {
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo(path);
        return _context.Render<NavMenu>(p => p.Add(m => m.Role, role).Add(m => m.FeaturesOn, CentreFeatures.Keys.ToHashSet()));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void No_two_menu_entries_lead_to_the_same_page(Role role)
    {
        var hrefs = MenuAt(role, NavItems.HomeOf(role)).FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(hrefs.Distinct().Count(), hrefs.Count);
        Assert.Equal(NavItems.HomeOf(role), hrefs[0]);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Each_page_of_the_menu_highlights_exactly_one_entry_and_a_page_under_it_at_most_one(Role role)
    {
        var hrefs = MenuAt(role, NavItems.HomeOf(role)).FindAll("a").Select(a => a.GetAttribute("href")!).ToList();
        foreach (var href in hrefs)
        {
            var active = MenuAt(role, href).FindAll("a.active").Select(a => a.GetAttribute("href")).ToList();
            Assert.True(active.SequenceEqual([href]), $"{role} on {href}: highlighted {string.Join(", ", active)}");
            var under = MenuAt(role, $"{href.TrimEnd('/')}/{Guid.NewGuid()}").FindAll("a.active").Select(a => a.GetAttribute("href")).ToList();
            Assert.True(under.Count <= 1, $"{role} under {href}: highlighted {string.Join(", ", under)}");
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
