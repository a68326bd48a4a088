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

    /// <summary>List every centre.</summary>
    /// <remarks>Super admins only: all centres with their time zone and currency.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<CentreSummary>>>> ListCentres(ICentreService centres, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await centres.ListAsync(ct)));

    /// <summary>Read a centre and its settings.</summary>
    /// <remarks>Admins of the centre (super admins any): time zone, currency, opening hours, branding, feature switches and sign-in rules.</remarks>
    public static async Task<Ok<ApiEnvelope<CentreDetail>>> GetCentre(Guid id, ICentreService centres, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await centres.GetAsync(id, ct)));

    /// <summary>Change a centre's settings.</summary>
    /// <remarks>Admins of the centre. Only the settings sent change; each is checked (time zone, opening hours, colours…) and a refusal names the field.</remarks>
    public static async Task<Ok<ApiEnvelope<CentreDetail>>> UpdateConfig(Guid id, UpdateCentreConfigRequest request, ICentreService centres, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await centres.UpdateConfigAsync(id, request, ct)));
}
