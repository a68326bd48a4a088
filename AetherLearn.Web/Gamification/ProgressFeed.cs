using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Gamification;
using AetherLearn.Web.Common;

namespace AetherLearn.Web.Gamification;

/// <summary>XP just awarded to a student.</summary>
public sealed record XpAwardedNotice(Guid StudentId, int Amount);

/// <summary>
/// Tells the open pages on this node that a student earned XP (their own XP chip, a tutor's card for them), so they
/// re-read it at once instead of polling. Keyed by student: a page hears only the students it shows.
/// </summary>
public sealed class ProgressFeed(ILogger<ProgressFeed> logger)
{
    private readonly Subscribers<Guid, XpAwardedNotice> _students = new(logger);

    public void Publish(XpAwardedNotice notice) => _students.Publish(notice.StudentId, notice);

    /// <summary>Listens for one student's awards until disposed; the callback must not block.</summary>
    public IDisposable Subscribe(Guid studentId, Action<XpAwardedNotice> listener) => _students.Subscribe(studentId, listener);

    public static void Register(EventHandlerRegistry registry) =>
        registry.OnEvent<XpAwarded>("web.progress-live", (e, _, services, _) =>
        {
            services.GetRequiredService<ProgressFeed>().Publish(new XpAwardedNotice(e.StudentId, e.Amount));
            return Task.CompletedTask;
        });
}
