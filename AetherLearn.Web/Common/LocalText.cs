using System.Globalization;
using System.Text.RegularExpressions;

namespace AetherLearn.Web.Common;

/// <summary>
/// Dates and times already in the centre's zone, written the reader's way: the current culture (set per request and
/// per circuit from the browser's Accept-Language, <see cref="ReaderCulture"/>) chooses the order of day and month, the
/// 12- or 24-hour clock and the names. One place for the app's few date shapes, so no page writes a format string.
/// </summary>
public static partial class LocalText
{
    /// <summary>"3 Dec 2026" (en-GB), "Dec 3, 2026" (en-US).</summary>
    public static string Date(DateTime local) => local.ToString(ShortMonths(WithoutWeekday(Format.LongDatePattern)), Culture);

    /// <summary>"3 December 2026" (en-GB), "December 3, 2026" (en-US): a heading (the week of a schedule).</summary>
    public static string LongDate(DateTime local) => local.ToString(WithoutWeekday(Format.LongDatePattern), Culture);

    /// <summary>"Thu 3 Dec" (en-GB), "Thu Dec 3" (en-US).</summary>
    public static string Day(DateTime local) => local.ToString("ddd " + ShortMonths(Format.MonthDayPattern), Culture);

    /// <summary>"15:30" (en-GB), "3:30 PM" (en-US).</summary>
    public static string Time(DateTime local) => local.ToString(Format.ShortTimePattern, Culture);

    public static string Time(TimeOnly time) => time.ToString(Format.ShortTimePattern, Culture);

    public static string TimeWithSeconds(DateTime local) => local.ToString(Format.LongTimePattern, Culture);

    public static string DateAndTime(DateTime local) => $"{Date(local)} {Time(local)}";

    public static string DayAndTime(DateTime local) => $"{Day(local)} {Time(local)}";

    /// <summary>"Thursday 3 December" (en-GB), "Thursday December 3" (en-US): a day as a heading.</summary>
    public static string WeekdayDate(DateTime local) => local.ToString("dddd " + Format.MonthDayPattern, Culture);

    /// <summary>"Thursday, 3 December 2026" (en-GB), "Thursday, December 3, 2026" (en-US): today, on a home.</summary>
    public static string FullDate(DateTime local) => local.ToString(Format.LongDatePattern, Culture);

    /// <summary>"3 Dec" (en-GB), "Dec 3" (en-US): a week on a chart's axis.</summary>
    public static string DayMonth(DateTime local) => local.ToString(ShortMonths(Format.MonthDayPattern), Culture);

    /// <summary>A session's centre-local "yyyy-MM-dd HH:mm" (SessionListItem.LocalStart/LocalEnd) as a date and time.</summary>
    public static DateTime Parse(string localIso) => DateTime.ParseExact(localIso, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"16:00–17:00" (en-GB), "4:00 PM–5:00 PM" (en-US): a session's times, from its centre-local strings.</summary>
    public static string Span(string localStart, string localEnd) => $"{Time(Parse(localStart))}–{Time(Parse(localEnd))}";

    /// <summary>"Thu 3 Dec 16:00–17:00": a session's day and times, from its centre-local strings.</summary>
    public static string When(string localStart, string localEnd) => $"{Day(Parse(localStart))} {Span(localStart, localEnd)}";

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    private static DateTimeFormatInfo Format => Culture.DateTimeFormat;

    private static string WithoutWeekday(string pattern) => Weekday().Replace(pattern, "").Trim();

    private static string ShortMonths(string pattern) => pattern.Replace("MMMM", "MMM", StringComparison.Ordinal);

    [GeneratedRegex(@"dddd[,.]?\s*")]
    private static partial Regex Weekday();
}
