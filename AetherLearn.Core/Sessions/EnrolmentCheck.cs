using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

internal sealed class EnrolmentCheck(IDbSessionFactory dbFactory) : IEnrolmentCheck
{
    public async Task<bool> IsStudentsEnrolmentAsync(Guid enrolmentId, Guid studentId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISessionsDb>();
        return await db.Enrolments.AnyAsync(e => e.Id == enrolmentId && e.StudentId == studentId && e.RemovedAt == null, ct);
    }
}
