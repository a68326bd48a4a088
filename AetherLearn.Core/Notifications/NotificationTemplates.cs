using System.Collections.Concurrent;
using System.Text.Json;
using HandlebarsDotNet;

namespace AetherLearn.Core.Notifications;

/// <summary>One channel's text of a template. In-app and push use Title/Body; e-mail uses Subject, Html and Text.</summary>
public sealed record ChannelTemplate(string? Title = null, string? Body = null, string? Subject = null, string? Html = null, string? Text = null);

public sealed record TemplateSet(ChannelTemplate? InApp, ChannelTemplate? Email, ChannelTemplate? Push, ChannelTemplate? Sms)
{
    public ChannelTemplate? For(NotificationChannel channel) => channel switch
    {
        NotificationChannel.InApp => InApp,
        NotificationChannel.Email => Email,
        NotificationChannel.Push => Push,
        _ => Sms,
    };
}

/// <summary>A rendered message: title and body for in-app and push; subject, HTML and plain text for e-mail.</summary>
public sealed record RenderedMessage(string Title, string Body, string? Subject = null, string? Html = null, string? Text = null);

/// <summary>
/// The notification templates (Handlebars), shipped in <c>templates.json</c>. Values are HTML-escaped where the result
/// is HTML (the e-mail's HTML part) and left as written everywhere else.
/// </summary>
public sealed class NotificationTemplates
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IHandlebars _html = Handlebars.Create();
    private readonly IHandlebars _plain = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
    private readonly ConcurrentDictionary<(string Source, bool Html), HandlebarsTemplate<object, object>> _compiled = new();

    public NotificationTemplates()
    {
        using var stream = typeof(NotificationTemplates).Assembly.GetManifestResourceStream("AetherLearn.Core.Notifications.templates.json")
            ?? throw new InvalidOperationException("The notification templates are missing from the build");
        Defaults = JsonSerializer.Deserialize<Dictionary<string, TemplateSet>>(stream, Json)!;
    }

    /// <summary>The shipped templates by key (e.g. <c>attendance.absent</c>).</summary>
    public IReadOnlyDictionary<string, TemplateSet> Defaults { get; }

    /// <summary>
    /// The message for a channel, or null when the template has no text for it; <paramref name="wording"/> is a centre's
    /// own wording of that channel, used instead of the shipped one.
    /// </summary>
    public RenderedMessage? Render(string key, NotificationChannel channel, IReadOnlyDictionary<string, object?> data, ChannelTemplate? wording = null)
    {
        if (wording is null && (!Defaults.TryGetValue(key, out var set) || set.For(channel) is null)) { return null; }
        var t = wording ?? Defaults[key].For(channel)!;
        string Plain(string? source) => source is null ? "" : Compile(source, html: false)(data);
        return channel == NotificationChannel.Email
            ? new RenderedMessage(Plain(t.Subject), Plain(t.Text), Plain(t.Subject), t.Html is null ? null : Compile(t.Html, html: true)(data), Plain(t.Text))
            : new RenderedMessage(Plain(t.Title), Plain(t.Body));
    }

    /// <summary>Values for previews: what a real notification about the demo's Ella Thompson would carry.</summary>
    public static Dictionary<string, object?> SampleValues() => new()
    {
        ["recipientName"] = "Hannah Thompson", ["toStudent"] = false, ["studentName"] = "Ella Thompson", ["sessionName"] = "Maths club", ["date"] = "Wednesday 2 December",
        ["time"] = "16:05", ["exerciseName"] = "Tens and ones — Practice", ["courseName"] = "Mathematics", ["score"] = 80m, ["oldLevel"] = 1m, ["newLevel"] = 2m,
        ["badgeName"] = "First steps", ["levelTitle"] = "Explorer", ["streakType"] = "practice", ["count"] = 7m, ["amount"] = "£40.00", ["centreName"] = "Northside",
        ["category"] = "billing", ["reason"] = "No answer within 24 hours", ["dueDate"] = "Fri 4 Dec 18:00", ["daysPastDue"] = 2m, ["overdueBy"] = "2 days", ["onTime"] = true,
        ["exercisesCompleted"] = 9, ["message"] = "Is 3/6 the same as 1/2?",
    };

    private HandlebarsTemplate<object, object> Compile(string source, bool html)
    {
        // Centres' own wordings come and go: the cache is emptied now and then rather than growing for ever.
        if (_compiled.Count > 2000) { _compiled.Clear(); }
        return _compiled.GetOrAdd((source, html), k => (k.Html ? _html : _plain).Compile(k.Source));
    }
}
