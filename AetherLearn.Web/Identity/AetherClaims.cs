using System.Security.Claims;
using AetherLearn.Core.Common.Security;

namespace AetherLearn.Web.Identity;

/// <summary>The claims a signed-in principal carries.</summary>
public static class AetherClaims
{
    public const string Centre = "aether:centre";
    public const string Session = "aether:sid";
    /// <summary>Present while a staff member of a centre that requires two-factor has not set it up yet.</summary>
    public const string TwoFactorSetupRequired = "aether:2fa-setup";

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? CentreId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Centre), out var id) ? id : null;

    public static Guid? SessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Session), out var id) ? id : null;

    public static Role? AppRole(this ClaimsPrincipal user) =>
        Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;
}

/// <summary>
/// The acting user for this scope: set from the HTTP request by middleware, and from the
/// authentication state inside a Blazor circuit.
/// </summary>
public sealed class CurrentUser : ICurrentUser, IBackgroundIdentity
{
    private ClaimsPrincipal _principal = new(new ClaimsIdentity());

    public ClaimsPrincipal Principal => _principal;

    public void Set(ClaimsPrincipal principal, string? ipAddress = null)
    {
        _principal = principal;
        if (ipAddress is not null) { IpAddress = ipAddress; }
    }

    /// <summary>Background work in one centre: a principal with the centre and (when known) the user who caused the event, and no role.</summary>
    public void ActAs(Actor actor)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, actor.Email ?? "system") };
        claims.Add(new Claim(ClaimTypes.NameIdentifier, (actor.UserId ?? Guid.Empty).ToString()));
        if (actor.CentreId is { } centre) { claims.Add(new Claim(AetherClaims.Centre, centre.ToString())); }
        _principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "background", ClaimTypes.Name, ClaimTypes.Role));
    }

    public bool IsAuthenticated => _principal.Identity?.IsAuthenticated == true && UserId is not null;
    public Guid? UserId => _principal.UserId();
    public string? Email => _principal.FindFirstValue(ClaimTypes.Email);
    public string? Name => _principal.FindFirstValue(ClaimTypes.Name);
    public Role? Role => IsAuthenticated ? _principal.AppRole() : null;
    public Guid? CentreId => IsAuthenticated ? _principal.CentreId() : null;
    public string? IpAddress { get; private set; }
}

internal sealed class CurrentUserMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, CurrentUser currentUser)
    {
        currentUser.Set(context.User, context.Connection.RemoteIpAddress?.ToString());
        return next(context);
    }
}
