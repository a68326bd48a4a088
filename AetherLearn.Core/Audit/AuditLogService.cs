using System.Text.Json;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Audit;

internal sealed class AuditLogService(IDbSessionFactory dbFactory, ICurrentUser currentUser, TimeProvider clock) : IAuditLog
{
    public async Task<CursorPage<AuditEntryDto>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Role.CentreAdmin)) { throw new ForbiddenException(); }
        var limit = Math.Clamp(query.Limit, 1, 200);
        await using var db = currentUser.Role == Role.SuperAdmin
            ? dbFactory.CreateSystem<IAuditDb>(Actor.From(currentUser))
            : dbFactory.Create<IAuditDb>();
        var entries = db.AuditEntries.AsNoTracking();
        if (query.CentreId is { } centre) { entries = entries.Where(e => e.CentreId == centre); }
        if (query.Action is { } action) { entries = entries.Where(e => e.Action == action); }
        if (!string.IsNullOrWhiteSpace(query.EntityType)) { entries = entries.Where(e => e.EntityType == query.EntityType); }
        if (!string.IsNullOrWhiteSpace(query.EntityId)) { entries = entries.Where(e => e.EntityId == query.EntityId); }
        if (query.UserId is { } user) { entries = entries.Where(e => e.UserId == user); }
        if (query.From is { } from) { entries = entries.Where(e => e.Timestamp >= from.ToUniversalTime()); }
        if (query.To is { } to) { entries = entries.Where(e => e.Timestamp < to.ToUniversalTime()); }
        if (query.Cursor is not null)
        {
            // Ids are UUID v7: ordering by id is ordering by time, and the last id is a stable cursor.
            if (!Guid.TryParse(query.Cursor, out var after)) { throw DomainValidationException.For("cursor", "Cursor is not valid"); }
            entries = entries.Where(e => e.Id.CompareTo(after) < 0);
        }
        var rows = await entries.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(e => new AuditEntryDto(e.Id, e.CentreId, e.UserId, e.UserEmail, e.Action, e.EntityType, e.EntityId,
            e.Changes is null ? null : JsonDocument.Parse(e.Changes).RootElement.Clone(), e.IpAddress, e.Timestamp)).ToList();
        return new CursorPage<AuditEntryDto>(items, rows.Count > limit ? items[^1].Id.ToString() : null);
    }

    public async Task RecordAsync(AuditAction action, Guid? userId, string? email, Guid? centreId, string? ipAddress, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<IAuditDb>();
        db.AuditEntries.Add(new AuditEntry
        {
            Action = action,
            EntityType = "Session",
            EntityId = userId?.ToString(),
            UserId = userId,
            UserEmail = email,
            CentreId = centreId,
            IpAddress = ipAddress,
            Timestamp = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }
}
