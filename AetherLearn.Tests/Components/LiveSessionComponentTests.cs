using AetherLearn.Core.Sessions;
using AetherLearn.Web.Components.Sessions;
using AetherLearn.Web.Realtime;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace AetherLearn.Tests.Components;

/// <summary>The tutor's student card and help queue, rendered on their own.</summary>
public sealed class LiveSessionComponentTests : IAsyncDisposable
{
    private static readonly DateTime Now = new(2026, 11, 27, 16, 20, 0, DateTimeKind.Utc);
    private readonly BunitContext _context = new();

    public LiveSessionComponentTests()
    {
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static StudentState Ella(PresenceStatus presence = PresenceStatus.Active, HelpFlag? help = null, Guid? exercise = null, int progress = 0,
        int answered = 0, int? lastScore = null, AttendanceStatus? attendance = null) =>
        new(Guid.NewGuid(), "Ella Thompson", "Mathematics", 2, attendance, presence, presence != PresenceStatus.Offline, exercise,
            exercise is null ? null : "Tens and ones — Practice", exercise is null ? null : Now.AddMinutes(-7), answered, progress, lastScore, null, null, help, Now);

    [Fact]
    public void A_card_shows_presence_work_progress_score_and_a_raised_hand()
    {
        var card = _context.Render<StudentCard>(p => p
            .Add(c => c.State, Ella(help: new HelpFlag(Guid.NewGuid(), HelpRequestStatus.Open, "Stuck", Now.AddMinutes(-2), null),
                exercise: Guid.NewGuid(), progress: 40, answered: 2, lastScore: 80, attendance: AttendanceStatus.Late))
            .Add(c => c.NowUtc, Now));

        Assert.Equal("Active", card.Find("[data-testid=presence]").TextContent.Trim());
        Assert.Equal("Hand up", card.Find("[data-testid=help-flag]").TextContent.Trim());
        Assert.Contains("Working on Tens and ones — Practice · 7 min", card.Find("[data-testid=work]").TextContent.Replace("\n", " "));
        Assert.Equal("40% · 2 answered", card.Find("[data-testid=progress]").TextContent.Trim());
        Assert.Equal("Last score 80%", card.Find("[data-testid=last-score]").TextContent.Trim());
        Assert.Equal("true", card.Find("button[aria-pressed=true]").GetAttribute("aria-pressed"));
        Assert.Equal("Late", card.Find("button[aria-pressed=true]").TextContent.Trim());
        Assert.Contains("hand-up", card.Find("[data-testid=student-card]").ClassName);
    }

    [Fact]
    public void An_offline_student_without_work_says_so_and_an_acknowledged_hand_shows_the_tutor_is_coming()
    {
        var card = _context.Render<StudentCard>(p => p
            .Add(c => c.State, Ella(PresenceStatus.Offline, new HelpFlag(Guid.NewGuid(), HelpRequestStatus.Acknowledged, null, Now, Now)))
            .Add(c => c.NowUtc, Now));

        Assert.Equal("Offline", card.Find("[data-testid=presence]").TextContent.Trim());
        Assert.Equal("Hand up · on the way", card.Find("[data-testid=help-flag]").TextContent.Trim());
        Assert.Contains("Not working on an exercise", card.Find("[data-testid=work]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=progress]"));
        Assert.Empty(card.FindAll("[data-testid=last-score]"));
    }

    [Fact]
    public void The_card_reports_attendance_and_messages_to_the_page()
    {
        AttendanceStatus? marked = null;
        string? sent = null;
        var card = _context.Render<StudentCard>(p => p
            .Add(c => c.State, Ella())
            .Add(c => c.NowUtc, Now)
            .Add(c => c.Mark, (AttendanceStatus s) => marked = s)
            .Add(c => c.Message, (string text) => sent = text));

        card.FindAll("button").Single(b => b.TextContent.Trim() == "Absent").Click();
        Assert.Equal(AttendanceStatus.Absent, marked);

        card.Find("button[aria-label='Message Ella Thompson']").Click();
        card.Find("input").Input("  See me after class ");
        card.FindAll("button").Single(b => b.TextContent.Trim() == "Send").Click();
        Assert.Equal("See me after class", sent);
        Assert.Empty(card.FindAll("input"));
    }

    [Fact]
    public void The_help_queue_lists_requests_with_wait_times_and_offers_the_right_actions()
    {
        HelpRequestView? acknowledged = null, resolved = null;
        var session = Guid.NewGuid();
        var older = new HelpRequestView(Guid.NewGuid(), session, Guid.NewGuid(), "Noah Patel", "What is a remainder?", HelpRequestStatus.Open, Now.AddMinutes(-6), null, null);
        var newer = new HelpRequestView(Guid.NewGuid(), session, Guid.NewGuid(), "Isla Murphy", null, HelpRequestStatus.Acknowledged, Now.AddSeconds(-20), Now, null);
        var queue = _context.Render<HelpQueue>(p => p
            .Add(c => c.Items, [older, newer])
            .Add(c => c.NowUtc, Now)
            .Add(c => c.Acknowledge, (HelpRequestView h) => acknowledged = h)
            .Add(c => c.Resolve, (HelpRequestView h) => resolved = h));

        Assert.Contains("Help requests (2)", queue.Markup);
        var items = queue.FindAll("[data-testid=help-item]");
        Assert.Contains("Noah Patel · waiting 6 min", items[0].TextContent);
        Assert.Contains("“What is a remainder?”", items[0].TextContent);
        Assert.Contains("Isla Murphy · waiting under a minute", items[1].TextContent);
        Assert.Contains("On the way", items[1].TextContent);
        // An acknowledged request cannot be acknowledged again; both can be resolved.
        Assert.Empty(queue.FindAll("button[aria-label='On my way to Isla Murphy']"));

        queue.Find("button[aria-label='On my way to Noah Patel']").Click();
        Assert.Equal(older, acknowledged);
        queue.Find("button[aria-label='Resolved Isla Murphy']").Click();
        Assert.Equal(newer, resolved);
    }

    [Fact]
    public void An_empty_queue_says_no_hands_are_up()
    {
        var queue = _context.Render<HelpQueue>(p => p.Add(c => c.Items, []).Add(c => c.NowUtc, Now));
        Assert.Contains("Help requests (0)", queue.Markup);
        Assert.Contains("No hands up.", queue.Markup);
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
