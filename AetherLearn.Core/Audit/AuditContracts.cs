using System.Text.Json;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Audit;

public interface IAuditDb : IDbSession
{
    DbSet<AuditEntry> AuditEntries { get; }
}

public sealed record AuditQuery(
    string? Cursor = null,
    int Limit = 50,
    AuditAction? Action = null,
    string? EntityType = null,
    string? EntityId = null,
    Guid? UserId = null,
    DateTime? From = null,
    DateTime? To = null,
    Guid? CentreId = null);

public sealed record AuditEntryDto(
    Guid Id, Guid? CentreId, Guid? UserId, string? UserEmail, AuditAction Action, string EntityType, string? EntityId,
    JsonElement? Changes, string? IpAddress, DateTime Timestamp);

public interface IAuditLog
{
    /// <summary>Newest first. Centre admins see their centre; a super admin sees every centre (or one, with <see cref="AuditQuery.CentreId"/>).</summary>
    Task<CursorPage<AuditEntryDto>> QueryAsync(AuditQuery query, CancellationToken ct = default);

    /// <summary>Records an event that is not a data change (sign-in, sign-out, lock-out).</summary>
    Task RecordAsync(AuditAction action, Guid? userId, string? email, Guid? centreId, string? ipAddress, CancellationToken ct = default);
}
