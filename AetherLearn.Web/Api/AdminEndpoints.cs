using AetherLearn.Core.Audit;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Notifications;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Policies.AdminPlus);
        admin.MapGet("/audit-log", GetAuditLog);
        admin.MapGet("/dead-letters", ListDeadLetters);
        admin.MapPost("/dead-letters/{id:guid}/retry", RetryDeadLetter);
        admin.MapGet("/notification-deliveries", ListDeliveries);
        admin.MapPost("/notification-deliveries/{id:guid}/retry", RetryDelivery);
        // Not in the contract's tables: the centre's own wording of notifications (docs/notifications.md).
        admin.MapGet("/notification-templates", ListTemplates);
        admin.MapPost("/notification-templates/{key}/{channel}/preview", PreviewTemplate);
        admin.MapPut("/notification-templates/{key}/{channel}", SaveTemplate);
        admin.MapDelete("/notification-templates/{key}/{channel}", ResetTemplate);
        return app;
    }

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<AuditEntryDto>>>> GetAuditLog(
        IAuditLog audit, string? cursor, int? limit, EnumName<AuditAction>? action, string? entityType, string? entityId, Guid? userId,
        DateTime? from, DateTime? to, Guid? centreId, CancellationToken ct)
    {
        var query = new AuditQuery(cursor, limit ?? 50, action?.Value, entityType, entityId, userId, from, to, centreId);
        return TypedResults.Ok(Envelope.Cursor(await audit.QueryAsync(query, ct)));
    }

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<DeadLetter>>>> ListDeadLetters(IDeadLetterService deadLetters, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await deadLetters.ListAsync(ct)));

    public static async Task<Ok<ApiEnvelope<Acknowledged>>> RetryDeadLetter(Guid id, IDeadLetterService deadLetters, CancellationToken ct)
    {
        await deadLetters.RetryAsync(id, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Queued for another attempt")));
    }

    /// <summary>E-mail and push deliveries of the centre, newest first; <c>state=FAILED</c> for those that gave up.</summary>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<DeliveryView>>>> ListDeliveries(INotificationDeliveries deliveries, EnumName<DeliveryState>? state, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await deliveries.ListAsync(state?.Value, ct)));

    public static async Task<Ok<ApiEnvelope<Acknowledged>>> RetryDelivery(Guid id, INotificationDeliveries deliveries, CancellationToken ct)
    {
        await deliveries.RetryAsync(id, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Queued for another attempt")));
    }

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<TemplateView>>>> ListTemplates(INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.ListAsync(ct)));

    /// <summary>Renders the wording with sample values, checking it as a save would; nothing is stored.</summary>
    public static Ok<ApiEnvelope<RenderedMessage>> PreviewTemplate(string key, string channel, SaveTemplateRequest request, INotificationTemplateAdmin templates) =>
        TypedResults.Ok(Envelope.Of(templates.Preview(key, channel, request)));

    public static async Task<Ok<ApiEnvelope<TemplateView>>> SaveTemplate(string key, string channel, SaveTemplateRequest request,
        INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.SaveAsync(key, channel, request, ct)));

    /// <summary>Back to the shipped wording for that channel.</summary>
    public static async Task<Ok<ApiEnvelope<TemplateView>>> ResetTemplate(string key, string channel, INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.ResetAsync(key, channel, ct)));
}
