using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

/// <summary>
/// The outbox's dead letters (under the administration paths): the events themselves are every module's, their
/// delivery is the shared plumbing of <c>Core/Common/Events</c>, so its endpoints have a file of their own.
/// </summary>
public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Policies.AdminPlus);
        admin.MapGet("/dead-letters", ListDeadLetters);
        admin.MapPost("/dead-letters/{id:guid}/retry", RetryDeadLetter);
        return app;
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
}
