using System.Globalization;
using AetherLearn.Web.Common;

namespace AetherLearn.Tests.Components;

/// <summary>The app's date shapes follow the reader's culture: day or month first, 24- or 12-hour clock.</summary>
public sealed class LocalTextTests
{
    private static readonly DateTime Moment = new(2026, 12, 3, 15, 30, 5);

    [Theory]
    [InlineData("en-GB", "3 Dec 2026", "Thu 3 Dec", "15:30", "3 December 2026")]
    [InlineData("en-US", "Dec 3, 2026", "Thu Dec 3", "3:30 PM", "December 3, 2026")]
    [InlineData("en-AU", "3 Dec 2026", "Thu 3 Dec", "3:30 pm", "3 December 2026")]
    public void Dates_and_times_are_written_the_readers_way(string culture, string date, string day, string time, string longDate)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            Assert.Equal(date, Spaced(LocalText.Date(Moment)));
            Assert.Equal(day, Spaced(LocalText.Day(Moment)));
            Assert.Equal(time, Spaced(LocalText.Time(Moment)));
            Assert.Equal(longDate, Spaced(LocalText.LongDate(Moment)));
            Assert.Equal($"{date} {time}", Spaced(LocalText.DateAndTime(Moment)));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    // ICU separates AM/PM with a narrow no-break space.
    private static string Spaced(string text) => string.Join(' ', text.Split([' ', '\u00A0', '\u202F'], StringSplitOptions.RemoveEmptyEntries));
}
