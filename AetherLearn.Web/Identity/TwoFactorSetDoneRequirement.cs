using Microsoft.AspNetCore.Authorization;

namespace AetherLearn.Web.Identity;

internal sealed class TwoFactorSetDoneRequirement : IAuthorizationRequirement;

/// <summary>Met unless the principal carries the "two-factor set-up required" claim.</summary>
internal sealed class TwoFactorSetDoneHandler : AuthorizationHandler<TwoFactorSetDoneRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TwoFactorSetDoneRequirement requirement)
    {
        if (!context.User.HasClaim(c => c.Type == AetherClaims.TwoFactorSetupRequired)) { context.Succeed(requirement); }
        return Task.CompletedTask;
    }
}
