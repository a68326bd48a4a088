using System.Globalization;

namespace AetherLearn.Web.Components.Layout;

/// <summary>
/// A centre's brand colour as the app bar and filled buttons use it: with white text on it. A light colour (a pale yellow,
/// a sky blue) is darkened, keeping its hue, until white reads on it at 4.5:1 (WCAG AA), so no centre's choice makes the
/// app unreadable.
/// </summary>
public static class BrandColour
{
    public const double MinimumContrast = 4.5;

    public static string Readable(string hex)
    {
        if (!TryParse(hex, out var rgb)) { return hex; }
        for (var i = 0; i < 40 && ContrastWithWhite(rgb) < MinimumContrast; i++)
        {
            rgb = (rgb.R * 0.92, rgb.G * 0.92, rgb.B * 0.92);
        }
        return $"#{(int)Math.Round(rgb.R):X2}{(int)Math.Round(rgb.G):X2}{(int)Math.Round(rgb.B):X2}";
    }

    public static double ContrastWithWhite(string hex) => TryParse(hex, out var rgb) ? ContrastWithWhite(rgb) : 0;

    private static double ContrastWithWhite((double R, double G, double B) rgb) => 1.05 / (Luminance(rgb) + 0.05);

    private static double Luminance((double R, double G, double B) rgb)
    {
        static double Channel(double c) { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4); }
        return 0.2126 * Channel(rgb.R) + 0.7152 * Channel(rgb.G) + 0.0722 * Channel(rgb.B);
    }

    private static bool TryParse(string hex, out (double R, double G, double B) rgb)
    {
        rgb = default;
        if (hex is not { Length: 7 } || hex[0] != '#' || !int.TryParse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)) { return false; }
        rgb = ((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF);
        return true;
    }
}
