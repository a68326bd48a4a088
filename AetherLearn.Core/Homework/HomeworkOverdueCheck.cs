using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Homework;

internal sealed class HomeworkOverdueCheck(IDbSessionFactory dbFactory, TimeProvider clock, ICentreFeatures features) : IHomeworkOverdueCheck
{
    /// <summary>Days past the due date at which a reminder goes out.</summary>
    internal static readonly int[] ReminderDays = [1, 3, 7];

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.UtcNowForStorage();
        var firstDue = now.AddDays(-ReminderDays[0]);
        List<(Guid Id, Guid CentreId)> candidates;
        await using (var db = dbFactory.CreateSystem<IHomeworkDb>())
        {
            candidates = (await db.Homework.AsNoTracking()
                .Where(h => h.SubmittedAt == null && h.DueAt <= firstDue && h.OverdueReminders < ReminderDays.Length)
                .Select(h => new { h.Id, h.CentreId }).ToListAsync(ct)).Select(h => (h.Id, h.CentreId)).ToList();
        }
        var raised = 0;
        foreach (var (id, centreId) in candidates)
        {
            // A centre with homework off is not reminded; its reminders due meanwhile go out once it is back on.
            if (!await features.IsOnAsync(centreId, CentreFeatures.Homework, ct)) { continue; }
            // Each in its own centre (the event carries it) and its own transaction with the event it raises.
            await using var db = dbFactory.CreateSystem<IHomeworkDb>(Actor.SystemIn(centreId));
            var homework = await db.Homework.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id && h.SubmittedAt == null, ct);
            if (homework is null) { continue; }
            var daysPastDue = (int)Math.Floor((now - homework.DueAt).TotalDays);
            var due = ReminderDays.Count(d => d <= daysPastDue);
            if (due <= homework.OverdueReminders) { continue; }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Only if nothing changed since it was read: not handed in, same due date, same count (another node, a tutor's new date).
            var won = await db.Homework.Where(h => h.Id == id && h.SubmittedAt == null && h.DueAt == homework.DueAt && h.OverdueReminders == homework.OverdueReminders)
                .ExecuteUpdateAsync(u => u.SetProperty(h => h.OverdueReminders, due), ct);
            if (won == 0) { continue; }
            db.Publish(new HomeworkOverdue(homework.Id, homework.StudentId, daysPastDue));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            raised++;
        }
        return raised;
    }
}
