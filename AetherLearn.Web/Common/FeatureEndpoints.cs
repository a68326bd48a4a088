using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;

namespace AetherLearn.Web.Common;

/// <summary>
/// The centre's feature switches on the API: an endpoint (or a whole group) of a feature answers 403 with
/// "… turned off for this centre" while the caller's centre has it off. Applied in the endpoint files, after authorization.
/// </summary>
public static class FeatureEndpoints
{
    /// <summary>
    /// Refuses the request while the caller's centre has <paramref name="feature"/> off; with <paramref name="onlyFor"/>,
    /// only callers of that role are refused (the parent portal gates parents, not the staff who use the same endpoint).
    /// </summary>
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string feature, Role? onlyFor = null) where TBuilder : IEndpointConventionBuilder
    {
        if (!CentreFeatures.Keys.Contains(feature)) { throw new ArgumentException($"'{feature}' is not a centre feature", nameof(feature)); }
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            var user = services.GetRequiredService<ICurrentUser>();
            // A caller in no centre (a super admin before choosing one) has nothing to switch; the handler decides.
            if (user.CentreId is { } centre && (onlyFor is null || user.Role == onlyFor))
            {
                await services.GetRequiredService<ICentreFeatures>().EnsureOnAsync(centre, feature, context.HttpContext.RequestAborted);
            }
            return await next(context);
        });
    }
}
