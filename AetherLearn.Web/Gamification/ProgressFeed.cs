using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Gamification;

namespace AetherLearn.Web.Gamification;

/// <summary>XP just awarded to a student.</summary>
public sealed record XpAwardedNotice(Guid StudentId, int Amount);

/// <summary>
/// Tells the open pages that a student earned XP (their own XP chip, a tutor's card for them), through the live bus so
/// pages on every node hear it, and they re-read it at once instead of polling. Keyed by student: a page hears only the
/// students it shows.
/// </summary>
public sealed class ProgressFeed(ILiveBus bus, ILogger<ProgressFeed> logger)
{
    public static readonly LiveTopic<Guid, XpAwardedNotice> Topic = new("progress");

    public void Publish(XpAwardedNotice notice) => bus.Post(Topic, notice.StudentId, notice, logger);

    /// <summary>Listens for one student's awards until disposed; the callback must not block.</summary>
    public IDisposable Subscribe(Guid studentId, Action<XpAwardedNotice> listener) => bus.Subscribe(Topic, studentId, listener);

    public static void Register(EventHandlerRegistry registry) =>
        registry.OnEvent<XpAwarded>("web.progress-live", (e, _, services, _) =>
        {
            services.GetRequiredService<ProgressFeed>().Publish(new XpAwardedNotice(e.StudentId, e.Amount));
            return Task.CompletedTask;
        });
}
