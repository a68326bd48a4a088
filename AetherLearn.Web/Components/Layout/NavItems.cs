using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using MudBlazor;

namespace AetherLearn.Web.Components.Layout;

/// <summary>A navigation entry; <see cref="Features"/> are the centre switches it needs (hidden while any is off).</summary>
public sealed record NavItem(string Title, string Href, string Icon, IReadOnlyList<Role> Roles, IReadOnlyList<string>? Features = null);

/// <summary>
/// What each role sees in the navigation. Only what exists: a part of the product that is not built yet has no entry
/// (greyed "coming soon" entries promised what nobody could use and failed contrast); it joins the list when it is built.
/// One page per purpose: every role's "Home" is its day (a tutor's lessons, the centre's day, the centres of a super
/// admin), so no entry repeats it, and no entry's address lies under another's (both would be highlighted at once).
/// </summary>
public static class NavItems
{
    public static string HomeOf(Role? role) => role is { } known ? RoleHomes.Of(known) : "/account/login";

    private static readonly IReadOnlyList<Role> Everyone = RoleRanks.All;
    private static readonly IReadOnlyList<Role> Admins = RoleRanks.AtLeast(Role.CentreAdmin);

    public static IReadOnlyList<NavItem> All { get; } =
    [
        new("Users", "/admin/users", Icons.Material.Filled.People, Admins),
        new("Centre settings", "/admin/centre", Icons.Material.Filled.Settings, Admins),
        new("Audit log", "/admin/audit", Icons.Material.Filled.History, Admins),
        new("Failed background tasks", "/admin/dead-letters", Icons.Material.Filled.ReportProblem, Admins),
        new("Notification deliveries", "/admin/notification-deliveries", Icons.Material.Filled.MarkEmailRead, Admins),
        new("Notification wording", "/admin/notification-templates", Icons.Material.Filled.EditNote, Admins),
        new("Schedule", "/supervisor/schedule", Icons.Material.Filled.CalendarMonth, RoleRanks.AtLeast(Role.Supervisor)),
        new("Content", "/content", Icons.Material.Filled.MenuBook, RoleRanks.AtLeast(Role.Teacher)),
        new("My progress", "/student/progress", Icons.Material.Filled.ShowChart, [Role.Student]),
        new("Achievements", "/achievements", Icons.Material.Filled.EmojiEvents, [Role.Student], Features: [CentreFeatures.Gamification]),
        new("Leaderboard", "/tutor/leaderboard", Icons.Material.Filled.Leaderboard, RoleRanks.AtLeast(Role.Teacher),
            Features: [CentreFeatures.Gamification, CentreFeatures.Leaderboards]),
        new("Notifications", "/notifications", Icons.Material.Filled.Notifications, Everyone),
        new("Account security", "/account/security", Icons.Material.Filled.Security, Everyone),
    ];

    /// <summary>
    /// The role's entries; with <paramref name="featuresOn"/> (the centre's switches that are on), those of a feature
    /// switched off are left out. Without it (no centre chosen yet) every entry shows.
    /// </summary>
    public static IEnumerable<NavItem> For(Role? role, IReadOnlySet<string>? featuresOn = null) => role is { } r
        ? All.Where(i => i.Roles.Contains(r) && (featuresOn is null || (i.Features ?? []).All(featuresOn.Contains)))
        : [];
}
