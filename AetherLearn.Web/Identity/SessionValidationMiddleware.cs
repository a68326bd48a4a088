using System.Security.Claims;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Authentication;

namespace AetherLearn.Web.Identity;

/// <summary>
/// A session that was signed out, timed out or revoked stops working at once: the request goes on as anonymous.
/// </summary>
internal sealed class SessionValidationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IUserSessions sessions)
    {
        if (context.User.Identity?.IsAuthenticated == true && !IsStaticAsset(context.Request.Path))
        {
            var sid = context.User.SessionId();
            if (sid is null || !await sessions.TouchAsync(sid.Value, context.RequestAborted))
            {
                if (!context.Request.Headers.Authorization.Any())
                {
                    await context.SignOutAsync(AuthSchemes.Cookie);
                }
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }
        await next(context);
    }

    private static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || Path.HasExtension(path.Value);
}
