namespace AetherLearn.Web.Identity;

/// <summary>
/// The one rule for every redirect to an address a user supplied (sign-in, refresh, centre switch, two-factor set-up):
/// a plain path on this site, else the fallback (the role's home). Anything doubtful is refused rather than repaired:
/// browsers drop tabs and new lines and read a backslash as a slash, so "/\t/evil.example" or "/\evil.example"
/// would leave the site, and a character outside printable ASCII cannot go into a Location header at all.
/// </summary>
public static class ReturnUrls
{
    private const int MaxLength = 2048;

    public static string SafeOr(string? returnUrl, string fallback) => IsSafe(returnUrl) ? returnUrl! : fallback;

    public static bool IsSafe(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= MaxLength
        && IsPlainPath(returnUrl, c => c is > ' ' and < '\u007f')
        // Once decoded too, so an encoded "//", backslash or control character cannot turn into one further on
        // (an encoded space or letter is harmless there).
        && IsPlainPath(Uri.UnescapeDataString(returnUrl), c => !char.IsControl(c));

    private static bool IsPlainPath(string path, Func<char, bool> allowed) =>
        path.Length > 0 && path[0] == '/'
        && (path.Length == 1 || path[1] is not ('/' or '\\'))
        && path.All(c => c != '\\' && allowed(c));
}
