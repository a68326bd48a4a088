using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Notifications;

namespace AetherLearn.Tests.Notifications;

public sealed class NotificationTemplateTests
{
    private static readonly NotificationTemplates Templates = new();

    /// <summary>
    /// The catalogue's events whose consumers include Notifications (contract §3), but for <c>exercise.submitted</c>: every
    /// exercise is marked when it is submitted, so <c>exercise.graded</c> speaks for it (ADR 0011).
    /// </summary>
    private static readonly string[] NotifyingEvents =
    [
        EventTypes.SessionStarted, EventTypes.SessionEnded, EventTypes.AttendanceRecorded, EventTypes.ExerciseGraded,
        EventTypes.LevelChanged, EventTypes.BadgeEarned, EventTypes.LevelUp, EventTypes.StreakBroken, EventTypes.StreakMilestone, EventTypes.InvoiceCreated,
        EventTypes.PaymentReceived, EventTypes.InvoiceOverdue, EventTypes.RefundApproved, EventTypes.TicketCreated, EventTypes.TicketEscalated,
        EventTypes.CheckinRecorded, EventTypes.CheckoutRecorded, EventTypes.HomeworkAssigned, EventTypes.HomeworkSubmitted, EventTypes.HomeworkOverdue,
    ];

    private static Dictionary<string, object?> Sample() => NotificationTemplates.SampleValues();

    [Fact]
    public void Every_catalogue_event_for_notifications_is_routed()
    {
        var routed = NotificationRoutes.RoutedEventTypes.ToHashSet();
        Assert.All(NotifyingEvents, type => Assert.Contains(type, routed));
        Assert.All(routed, type => Assert.Contains(type, NotifyingEvents));
    }

    [Fact]
    public void Work_handed_in_is_never_announced_since_every_exercise_is_marked_on_submission_and_the_mark_is_what_people_hear()
    {
        Assert.Empty(NotificationRoutes.For(EventTypes.ExerciseSubmitted));
        Assert.DoesNotContain("exercise.submitted", Templates.Defaults.Keys);
        Assert.Contains(NotificationRoutes.For(EventTypes.ExerciseGraded), r => r.Audience.HasFlag(Audience.Student));
    }

    [Fact]
    public void Every_shipped_template_is_sent_by_a_route_or_by_the_notifications_made_without_an_event()
    {
        string[] direct = ["help.requested", "digest"];
        var sent = NotificationRoutes.All.Select(r => r.TemplateKey).Concat(direct).ToHashSet();
        Assert.All(Templates.Defaults.Keys, key => Assert.True(sent.Contains(key), $"{key} is shipped but nothing sends it"));
    }

    [Fact]
    public void Every_routed_template_renders_on_every_channel_with_nothing_left_unfilled()
    {
        foreach (var route in NotificationRoutes.All)
        {
            foreach (var channel in NotificationRoutes.Channels)
            {
                var message = Templates.Render(route.TemplateKey, channel, Sample());
                Assert.True(message is not null, $"{route.TemplateKey} has no {channel} template");
                foreach (var text in new[] { message.Title, message.Body, message.Subject, message.Html, message.Text }.OfType<string>())
                {
                    Assert.DoesNotContain("{{", text);
                }
                Assert.False(string.IsNullOrWhiteSpace(message.Title), $"{route.TemplateKey}/{channel} has an empty title");
                Assert.False(string.IsNullOrWhiteSpace(message.Body), $"{route.TemplateKey}/{channel} has an empty body");
                if (channel == NotificationChannel.Email)
                {
                    Assert.False(string.IsNullOrWhiteSpace(message.Html), $"{route.TemplateKey} has no HTML e-mail");
                    Assert.Contains("Hannah Thompson", message.Text);
                }
            }
        }
    }

    [Fact]
    public void A_raised_hand_tells_the_tutor_with_or_without_a_message()
    {
        var data = Sample();
        data["message"] = "Is 3/6 the same as 1/2?";
        Assert.Equal("Ella Thompson needs help in Maths club: “Is 3/6 the same as 1/2?”", Templates.Render("help.requested", NotificationChannel.InApp, data)!.Body);
        data["message"] = null;
        Assert.Equal("Ella Thompson needs help in Maths club", Templates.Render("help.requested", NotificationChannel.InApp, data)!.Body);
        Assert.All(NotificationRoutes.Channels, channel => Assert.NotNull(Templates.Render("help.requested", channel, data)));
    }

    [Fact]
    public void Values_are_escaped_in_html_and_kept_as_written_in_text()
    {
        var data = Sample();
        data["studentName"] = "<b>Ella</b> & co";
        var email = Templates.Render("attendance.absent", NotificationChannel.Email, data)!;
        Assert.Contains("&lt;b&gt;Ella&lt;/b&gt; &amp; co was absent", email.Html);
        Assert.Contains("<b>Ella</b> & co was absent", email.Text);
        Assert.Equal("<b>Ella</b> & co - Absence notification", email.Subject);
        var inApp = Templates.Render("attendance.absent", NotificationChannel.InApp, data)!;
        Assert.Equal("<b>Ella</b> & co was absent from Maths club on Wednesday 2 December.", inApp.Body);
    }

    [Fact]
    public void Homework_handed_in_says_whether_it_was_on_time()
    {
        var data = Sample();
        Assert.Equal("Ella Thompson handed in Tens and ones — Practice on time.", Templates.Render("homework.submitted", NotificationChannel.InApp, data)!.Body);
        data["onTime"] = false;
        Assert.Equal("Ella Thompson handed in Tens and ones — Practice late.", Templates.Render("homework.submitted", NotificationChannel.InApp, data)!.Body);
    }

    [Fact]
    public void Ids_only_grow_even_within_one_millisecond()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => MonotonicIds.Next()).ToList();
        Assert.Equal(ids, ids.Order());
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
    }
}
