using System.Collections.Concurrent;
using System.Globalization;

namespace AetherLearn.Core.Common;

/// <summary>Amounts as people read them in a centre's currency (ISO 4217 code): £120.50, $80.00, €15.00.</summary>
public static class Money
{
    private static readonly ConcurrentDictionary<string, CultureInfo?> Cultures = new(StringComparer.OrdinalIgnoreCase);

    public static string Format(decimal amount, string? currency)
    {
        if (string.IsNullOrWhiteSpace(currency)) { return amount.ToString("0.00", CultureInfo.InvariantCulture); }
        var culture = Cultures.GetOrAdd(currency, FindCulture);
        return culture is null ? $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}" : amount.ToString("C", culture);
    }

    /// <summary>An English-speaking culture that uses the currency (the symbol before the number), else any that does.</summary>
    private static CultureInfo? FindCulture(string currency)
    {
        var users = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Where(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol.Equals(currency, StringComparison.OrdinalIgnoreCase); } catch (ArgumentException) { return false; } })
            .ToList();
        return users.FirstOrDefault(c => c.Name == "en-GB" || c.Name == "en-US" || c.Name == "en-IE")
            ?? users.FirstOrDefault(c => c.TwoLetterISOLanguageName == "en") ?? users.FirstOrDefault();
    }
}
