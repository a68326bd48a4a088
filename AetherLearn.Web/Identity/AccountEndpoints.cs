using AetherLearn.Core.Common.Security;
using Microsoft.AspNetCore.Authentication;
using AetherLearn.Web.Components.Layout;
using Microsoft.AspNetCore.Mvc;

namespace AetherLearn.Web.Identity;

/// <summary>
/// Browser-only form posts that change the cookie. A Blazor circuit cannot set cookies, so pages
/// post or navigate here for sign-out, centre switching and refreshing the session after set-up.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/logout", Logout);
        account.MapGet("/refresh", Refresh).RequireAuthorization(Policies.Authenticated);
        account.MapPost("/switch-centre", SwitchCentre).RequireAuthorization(Policies.SuperAdmin);
        return app;
    }

    public static async Task<IResult> Logout(HttpContext http, SignInService signIn, CancellationToken ct)
    {
        await signIn.SignOutAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), ct);
        await http.SignOutAsync(AuthSchemes.Cookie);
        return TypedResults.LocalRedirect("/account/login?signedOut=1");
    }

    public static async Task<IResult> Refresh(HttpContext http, SignInService signIn, string? returnUrl, CancellationToken ct)
    {
        await Api.AuthEndpoints.RefreshCookieAsync(http, signIn, ct);
        return TypedResults.LocalRedirect(ReturnUrls.SafeOr(returnUrl, NavItems.HomeOf(http.User.AppRole())));
    }

    public static async Task<IResult> SwitchCentre(HttpContext http, SignInService signIn, [FromForm] Guid centreId, [FromForm] string? returnUrl, CancellationToken ct)
    {
        var principal = await signIn.SwitchCentreAsync(http.User.UserId()!.Value, http.User.SessionId()!.Value, centreId, ct);
        await http.SignInAsync(AuthSchemes.Cookie, principal);
        return TypedResults.LocalRedirect(ReturnUrls.SafeOr(returnUrl, NavItems.HomeOf(principal.AppRole())));
    }
}
