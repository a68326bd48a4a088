using AetherLearn.Core.Audit;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Web.Audit;
using AetherLearn.Web.Common;
using AetherLearn.Web.Components.Layout;
using Bunit;
using MudBlazor.Services;

namespace AetherLearn.Tests.Components;

/// <summary>Labels are written for the people who read them: no enum or type names, no promises of unbuilt parts (issue #13).</summary>
public sealed class PlainWordsComponentTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public PlainWordsComponentTests()
    {
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void The_menu_lists_no_coming_soon_entries_for_any_role()
    {
        foreach (var role in RoleRanks.All)
        {
            var menu = _context.Render<NavMenu>(p => p.Add(m => m.Role, role).Add(m => m.FeaturesOn, CentreFeatures.Keys.ToHashSet()));
            Assert.DoesNotContain("coming soon", menu.Markup, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(menu.FindAll("a[aria-disabled=true], .mud-nav-link-disabled"));
        }
    }

    [Theory]
    [InlineData(AuditAction.SignIn, "Signed in")]
    [InlineData(AuditAction.SignInFailed, "Sign-in failed")]
    [InlineData(AuditAction.SignOut, "Signed out")]
    [InlineData(AuditAction.LockedOut, "Locked out")]
    [InlineData(AuditAction.Create, "Created")]
    [InlineData(AuditAction.Update, "Changed")]
    [InlineData(AuditAction.Delete, "Deleted")]
    public void Audit_actions_read_as_words(AuditAction action, string label) => Assert.Equal(label, AuditText.Action(action));

    [Theory]
    [InlineData("AppUser", "User account")]
    [InlineData("Session", "Sign-in")]
    [InlineData("TutoringSession", "Lesson")]
    [InlineData("ParentChildLink", "Parent–child link")]
    [InlineData("SomethingNew", "Something new")]
    public void Audit_record_types_read_as_words(string type, string label) => Assert.Equal(label, AuditText.Record(type));

    [Fact]
    public void Every_audited_record_type_has_a_label_of_its_own()
    {
        var audited = typeof(Core.Common.Persistence.IAudited).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(Core.Common.Persistence.IAudited).IsAssignableFrom(t)).Select(t => t.Name);
        Assert.All(audited, name => Assert.True(AuditText.Records.ContainsKey(name), $"{name} has no label"));
    }

    [Theory]
    [InlineData("attendance.recorded", "Attendance recorded")]
    [InlineData("xp.awarded", "XP awarded")]
    public void Background_task_events_read_as_words(string type, string label) => Assert.Equal(label, BackgroundTaskText.Event(type));

    [Theory]
    [InlineData("gamification.attendance", "XP, levels and badges")]
    [InlineData("notifications.router", "Notifications")]
    [InlineData("homework.complete-on-submission", "Homework")]
    [InlineData("web.progress-live", "Live pages")]
    public void Background_tasks_are_named_by_the_part_of_the_product(string handler, string label) => Assert.Equal(label, BackgroundTaskText.Task(handler));

    [Fact]
    public void Only_switches_of_built_features_are_offered()
    {
        Assert.Equal([CentreFeatures.Gamification, CentreFeatures.Leaderboards, CentreFeatures.Homework, CentreFeatures.ParentPortal], CentreFeatures.Built);
        // The stored settings and the API keep every switch.
        Assert.Contains(CentreFeatures.VideoSessions, CentreFeatures.Keys);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
