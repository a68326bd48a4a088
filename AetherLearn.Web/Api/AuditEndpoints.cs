using AetherLearn.Core.Audit;
using AetherLearn.Core.Common.Security;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

/// <summary>The contract's audit log (under the administration paths).</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Policies.AdminPlus);
        admin.MapGet("/audit-log", GetAuditLog);
        return app;
    }

    /// <summary>Read the audit log: who did what, newest first.</summary>
    /// <remarks>Admins, for their centre (super admins any, with <c>centreId</c>). Filter by action, entity, user and time; a cursor page (<c>cursor</c>, <c>limit</c>, answered <c>nextCursor</c>).</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<AuditEntryDto>>>> GetAuditLog(
        IAuditLog audit, string? cursor, int? limit, EnumName<AuditAction>? action, string? entityType, string? entityId, Guid? userId,
        DateTime? from, DateTime? to, Guid? centreId, CancellationToken ct)
    {
        var query = new AuditQuery(cursor, limit ?? 50, action?.Value, entityType, entityId, userId, from, to, centreId);
        return TypedResults.Ok(Envelope.Cursor(await audit.QueryAsync(query, ct)));
    }
}
