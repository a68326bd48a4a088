using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

public static class CentresEndpoints
{
    public static IEndpointRouteBuilder MapCentresEndpoints(this IEndpointRouteBuilder app)
    {
        var centres = app.MapGroup("/api/v1/centres").WithTags("Centres");
        centres.MapGet("/", ListCentres).RequireAuthorization(Policies.SuperAdmin);
        centres.MapGet("/{id:guid}", GetCentre).RequireAuthorization(Policies.AdminPlus);
        centres.MapPatch("/{id:guid}/config", UpdateConfig).RequireAuthorization(Policies.AdminPlus);
        return app;
    }

    public static async Task<Ok<ApiEnvelope<IReadOnlyList<CentreSummary>>>> ListCentres(ICentreService centres, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await centres.ListAsync(ct)));

    public static async Task<Ok<ApiEnvelope<CentreDetail>>> GetCentre(Guid id, ICentreService centres, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await centres.GetAsync(id, ct)));

    public static async Task<Ok<ApiEnvelope<CentreDetail>>> UpdateConfig(Guid id, UpdateCentreConfigRequest request, ICentreService centres, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await centres.UpdateConfigAsync(id, request, ct)));
}
