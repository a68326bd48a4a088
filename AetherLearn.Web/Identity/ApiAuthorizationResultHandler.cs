using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AetherLearn.Web.Identity;

/// <summary>Under /api an unauthenticated call is a 401 and a forbidden one a 403, both in the envelope; pages keep the redirects.</summary>
internal sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (ApiPaths.IsApi(context))
        {
            if (authorizeResult.Challenged) { await ApiPaths.WriteErrorAsync(context, 401, "Authentication required"); return; }
            if (authorizeResult.Forbidden && context.User.HasClaim(c => c.Type == AetherClaims.TwoFactorSetupRequired))
            {
                await TwoFactorSetupMiddleware.WriteSetupRequiredAsync(context);
                return;
            }
            if (authorizeResult.Forbidden) { await ApiPaths.WriteErrorAsync(context, 403, "You do not have permission to do this"); return; }
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
