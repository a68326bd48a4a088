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

    /// <summary>The message for a channel, or null when the template has no text for it.</summary>
    public RenderedMessage? Render(string key, NotificationChannel channel, IReadOnlyDictionary<string, object?> data)
    {
        if (!Defaults.TryGetValue(key, out var set) || set.For(channel) is not { } t) { return null; }
        string Plain(string? source) => source is null ? "" : Compile(source, html: false)(data);
        return channel == NotificationChannel.Email
            ? new RenderedMessage(Plain(t.Subject), Plain(t.Text), Plain(t.Subject), t.Html is null ? null : Compile(t.Html, html: true)(data), Plain(t.Text))
            : new RenderedMessage(Plain(t.Title), Plain(t.Body));
    }

    private HandlebarsTemplate<object, object> Compile(string source, bool html) =>
        _compiled.GetOrAdd((source, html), k => (k.Html ? _html : _plain).Compile(k.Source));
}
