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

    /// <summary>Read the audit log: who did what, newest first.</summary>
    /// <remarks>Admins, for their centre (super admins any, with <c>centreId</c>). Filter by action, entity, user and time; a cursor page (<c>cursor</c>, <c>limit</c>, answered <c>nextCursor</c>).</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<AuditEntryDto>>>> GetAuditLog(
        IAuditLog audit, string? cursor, int? limit, EnumName<AuditAction>? action, string? entityType, string? entityId, Guid? userId,
        DateTime? from, DateTime? to, Guid? centreId, CancellationToken ct)
    {
        var query = new AuditQuery(cursor, limit ?? 50, action?.Value, entityType, entityId, userId, from, to, centreId);
        return TypedResults.Ok(Envelope.Cursor(await audit.QueryAsync(query, ct)));
    }

    /// <summary>List events whose handlers gave up.</summary>
    /// <remarks>Admins: events of the centre that a handler failed on after every retry, with the last error.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<DeadLetter>>>> ListDeadLetters(IDeadLetterService deadLetters, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await deadLetters.ListAsync(ct)));

    /// <summary>Queue a failed event for another attempt.</summary>
    /// <remarks>Admins: the handlers that gave up run again from the start of their retries.</remarks>
    public static async Task<Ok<ApiEnvelope<Acknowledged>>> RetryDeadLetter(Guid id, IDeadLetterService deadLetters, CancellationToken ct)
    {
        await deadLetters.RetryAsync(id, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Queued for another attempt")));
    }

    /// <summary>List the e-mails and push messages sent, held or failed.</summary>
    /// <remarks>Admins: the centre's notification deliveries, newest first; <c>state=FAILED</c> for those that gave up.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<DeliveryView>>>> ListDeliveries(INotificationDeliveries deliveries, EnumName<DeliveryState>? state, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await deliveries.ListAsync(state?.Value, ct)));

    /// <summary>Send a delivery that gave up again.</summary>
    /// <remarks>Admins: the e-mail or push message is queued again with fresh attempts.</remarks>
    [ErrorResponse(409, "Only a delivery that gave up can be sent again.")]
    public static async Task<Ok<ApiEnvelope<Acknowledged>>> RetryDelivery(Guid id, INotificationDeliveries deliveries, CancellationToken ct)
    {
        await deliveries.RetryAsync(id, ct);
        return TypedResults.Ok(Envelope.Of(new Acknowledged("Queued for another attempt")));
    }

    /// <summary>List the centre's wording of each notification.</summary>
    /// <remarks>Admins: for each notification and channel, the wording in use and whether it is the centre's own or the standard one.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<TemplateView>>>> ListTemplates(INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.ListAsync(ct)));

    /// <summary>Preview a notification's wording with sample values.</summary>
    /// <remarks>Admins: renders the wording as it would be sent, checking it as a save would (unknown values are refused); nothing is stored.</remarks>
    public static Ok<ApiEnvelope<RenderedMessage>> PreviewTemplate(string key, string channel, SaveTemplateRequest request, INotificationTemplateAdmin templates) =>
        TypedResults.Ok(Envelope.Of(templates.Preview(key, channel, request)));

    /// <summary>Save the centre's own wording of a notification.</summary>
    /// <remarks>Admins: checked for unknown values before saving; used for every later message of that notification and channel.</remarks>
    public static async Task<Ok<ApiEnvelope<TemplateView>>> SaveTemplate(string key, string channel, SaveTemplateRequest request,
        INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.SaveAsync(key, channel, request, ct)));

    /// <summary>Go back to the standard wording of a notification.</summary>
    /// <remarks>Admins: removes the centre's own wording for that channel.</remarks>
    public static async Task<Ok<ApiEnvelope<TemplateView>>> ResetTemplate(string key, string channel, INotificationTemplateAdmin templates, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await templates.ResetAsync(key, channel, ct)));
}
