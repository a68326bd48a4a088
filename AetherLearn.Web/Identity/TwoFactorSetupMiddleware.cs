using AetherLearn.Web.Common;

namespace AetherLearn.Web.Identity;

/// <summary>Until a staff member sets up the two-factor their centre requires, the API answers 403 outside the auth endpoints.</summary>
internal sealed class TwoFactorSetupMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(c => c.Type == AetherClaims.TwoFactorSetupRequired)
            && context.Request.Path.StartsWithSegments("/api/v1") && !context.Request.Path.StartsWithSegments("/api/v1/auth"))
        {
            await WriteSetupRequiredAsync(context);
            return;
        }
        await next(context);
    }

    public static Task WriteSetupRequiredAsync(HttpContext context) =>
        ApiPaths.WriteErrorAsync(context, 403, "Your centre requires two-factor authentication: set it up before continuing",
            new Dictionary<string, string> { ["twoFactor"] = "SETUP_REQUIRED" });
}
