namespace AetherLearn.Web.Identity;

public static class AuthSchemes
{
    /// <summary>Picks the bearer scheme when an Authorization header is sent, the cookie otherwise.</summary>
    public const string Smart = "Smart";
    public const string Cookie = "Cookie";
    public const string Bearer = "Bearer";
    /// <summary>The session cookie's name (the cross-site check looks for it).</summary>
    public const string CookieName = "aether.session";
}
