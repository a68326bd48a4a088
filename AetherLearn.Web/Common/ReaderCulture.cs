using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace AetherLearn.Web.Common;

/// <summary>
/// The reader's way of writing dates and times, from the browser's Accept-Language. The words of the app are English, so
/// the cultures offered are English ones (they differ in day/month order, the 12- or 24-hour clock and week start, not in the
/// decimal point an API message might carry); anything else reads as <c>Localization:DefaultCulture</c>. A Blazor circuit
/// keeps the culture of the request that opened it (the culture flows with the connection's execution context), so a
/// page's times stay in one form until it is reloaded.
/// </summary>
public static class ReaderCulture
{
    public static readonly string[] DefaultCultures = ["en-GB", "en-US", "en-CA", "en-AU", "en-NZ", "en-IE"];

    public static IApplicationBuilder UseAetherLocalization(this WebApplication app)
    {
        var cultures = app.Configuration.GetSection("Localization:Cultures").Get<string[]>() is { Length: > 0 } configured ? configured : DefaultCultures;
        var fallback = app.Configuration["Localization:DefaultCulture"] is { Length: > 0 } chosen ? chosen : cultures[0];
        var supported = cultures.Append(fallback).Distinct(StringComparer.OrdinalIgnoreCase).Select(CultureInfo.GetCultureInfo).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(fallback),
            SupportedCultures = supported,
            SupportedUICultures = supported,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        // Only the browser's language: no query string or cookie to set it by hand.
        options.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        return app.UseRequestLocalization(options);
    }
}
