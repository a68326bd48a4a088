using System.Globalization;

namespace AetherLearn.Core.Common;

/// <summary>
/// Currencies (ISO 4217 codes) as the machine's culture data knows them, so no hand-kept list goes stale: which codes
/// exist, and amounts as people read them in a centre's currency (£120.50, $80.00, €15.00).
/// </summary>
public static class Money
{
    /// <summary>Each known code with the cultures that use it, English-speaking ones first (the symbol before the number).</summary>
    private static readonly Lazy<Dictionary<string, CultureInfo>> Cultures = new(() =>
    {
        var byCode = new Dictionary<string, CultureInfo>(StringComparer.OrdinalIgnoreCase);
        var preferred = new[] { "en-GB", "en-US", "en-IE" };
        var cultures = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .OrderBy(c => Array.IndexOf(preferred, c.Name) is var i && i >= 0 ? i : c.TwoLetterISOLanguageName == "en" ? preferred.Length : preferred.Length + 1);
        foreach (var culture in cultures)
        {
            try { byCode.TryAdd(new RegionInfo(culture.Name).ISOCurrencySymbol, culture); }
            catch (ArgumentException) { /* neutral or unknown region: not a currency source */ }
        }
        return byCode;
    });

    private static readonly string[] Always = ["GBP", "EUR", "USD"];

    public static bool IsKnownCurrency(string code) =>
        code.Length == 3 && (Always.Contains(code.ToUpperInvariant()) || Cultures.Value.ContainsKey(code));

    public static string Format(decimal amount, string? currency)
    {
        if (string.IsNullOrWhiteSpace(currency)) { return amount.ToString("0.00", CultureInfo.InvariantCulture); }
        return Cultures.Value.TryGetValue(currency, out var culture)
            ? amount.ToString("C", culture)
            : $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";
    }
}
