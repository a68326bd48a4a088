using System.Text.RegularExpressions;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using HandlebarsDotNet;
using Microsoft.EntityFrameworkCore;
using MaxLengthAttribute = System.ComponentModel.DataAnnotations.MaxLengthAttribute;

namespace AetherLearn.Core.Notifications;

/// <summary>A centre's own wording of one template on one channel, used instead of the shipped one.</summary>
public sealed class NotificationTemplateOverride : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public required string TemplateKey { get; set; }
    public NotificationChannel Channel { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public string? Subject { get; set; }
    public string? Html { get; set; }
    public string? Text { get; set; }
    public DateTime UpdatedAt { get; set; }

    public ChannelTemplate AsTemplate() => new(Title, Body, Subject, Html, Text);
}

internal sealed partial class NotificationTemplateAdmin(IDbSessionFactory dbFactory, ICurrentUser currentUser, NotificationTemplates templates, TimeProvider clock)
    : INotificationTemplateAdmin
{
    /// <summary>Values every notification has, whatever its event.</summary>
    private static readonly string[] Common = ["recipientName", "toStudent", "centreName", "time", "date"];
    /// <summary>Values an event carries that its standard wording no longer shows (centres' own wordings may still use them).</summary>
    private static readonly Dictionary<string, string[]> Carried = new()
    {
        ["homework.overdue"] = ["daysPastDue"],
        ["invoice.overdue"] = ["daysPastDue"],
    };
    private static readonly NotificationChannel[] Editable = [NotificationChannel.InApp, NotificationChannel.Email, NotificationChannel.Push];

    /// <summary>The routed templates and the raised hand; the digest's layout (a list) is not reworded per centre.</summary>
    private IEnumerable<string> Keys => NotificationRoutes.All.Select(r => r.TemplateKey).Append("help.requested").Distinct().Order();

    public async Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken ct = default)
    {
        RequireAdmin();
        await using var db = dbFactory.Create<INotificationsDb>();
        var overrides = await db.NotificationTemplateOverrides.AsNoTracking().ToListAsync(ct);
        return Keys.Select(key => View(key, overrides)).ToList();
    }

    public RenderedMessage Preview(string key, string channel, SaveTemplateRequest request)
    {
        RequireAdmin();
        TextRules.Check(request);
        var (templateKey, ch) = Validate(key, channel, request);
        return templates.Render(templateKey, ch, NotificationTemplates.SampleValues(), new ChannelTemplate(request.Title, request.Body, request.Subject, request.Html, request.Text))!;
    }

    public async Task<TemplateView> SaveAsync(string key, string channel, SaveTemplateRequest request, CancellationToken ct = default)
    {
        RequireAdmin();
        TextRules.Check(request);
        var (templateKey, ch) = Validate(key, channel, request);
        await using var db = dbFactory.Create<INotificationsDb>();
        var row = await db.NotificationTemplateOverrides.FirstOrDefaultAsync(o => o.TemplateKey == templateKey && o.Channel == ch, ct);
        if (row is null) { db.NotificationTemplateOverrides.Add(row = new NotificationTemplateOverride { TemplateKey = templateKey, Channel = ch }); }
        // Only the fields the channel uses are kept.
        var email = ch == NotificationChannel.Email;
        (row.Title, row.Body) = email ? (null, null) : (request.Title, request.Body);
        (row.Subject, row.Html, row.Text) = email ? (request.Subject, request.Html, request.Text) : (null, null, null);
        row.UpdatedAt = clock.UtcNowForStorage();
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, templateKey, ct);
    }

    public async Task<TemplateView> ResetAsync(string key, string channel, CancellationToken ct = default)
    {
        RequireAdmin();
        var (templateKey, ch) = Known(key, channel, new Validator());
        await using var db = dbFactory.Create<INotificationsDb>();
        var row = await db.NotificationTemplateOverrides.FirstOrDefaultAsync(o => o.TemplateKey == templateKey && o.Channel == ch, ct);
        if (row is not null)
        {
            // Through the change tracker, so the audit log keeps the wording that was removed.
            db.NotificationTemplateOverrides.Remove(row);
            await db.SaveChangesAsync(ct);
        }
        return await ViewAsync(db, templateKey, ct);
    }

    private async Task<TemplateView> ViewAsync(INotificationsDb db, string key, CancellationToken ct) =>
        View(key, await db.NotificationTemplateOverrides.AsNoTracking().Where(o => o.TemplateKey == key).ToListAsync(ct));

    private TemplateView View(string key, IReadOnlyList<NotificationTemplateOverride> overrides)
    {
        var set = templates.Defaults[key];
        return new TemplateView(key, Placeholders(key).Order().ToList(), Editable.Where(c => set.For(c) is not null)
            .Select(c => new TemplateChannelView(c, set.For(c)!, overrides.FirstOrDefault(o => o.TemplateKey == key && o.Channel == c)?.AsTemplate())).ToList());
    }

    /// <summary>The values a template may use: those its shipped wording uses on any channel, and the common ones.</summary>
    private HashSet<string> Placeholders(string key)
    {
        var set = templates.Defaults[key];
        var used = Editable.Select(set.For).OfType<ChannelTemplate>()
            .SelectMany(t => new[] { t.Title, t.Body, t.Subject, t.Html, t.Text }).OfType<string>().SelectMany(Names);
        return used.Concat(Common).Concat(Carried.GetValueOrDefault(key, [])).ToHashSet();
    }

    private (string Key, NotificationChannel Channel) Known(string key, string channel, Validator v)
    {
        var known = Keys.Contains(key);
        if (!known) { throw new NotFoundException("Template"); }
        var normalized = channel.Replace("_", "").Replace("-", "");
        var parsed = Editable.Where(c => c.ToString().Equals(normalized, StringComparison.OrdinalIgnoreCase)).Cast<NotificationChannel?>().FirstOrDefault();
        v.Check(parsed is not null, "channel", "Channel must be IN_APP, EMAIL or PUSH");
        v.ThrowIfInvalid();
        return (key, parsed!.Value);
    }

    private (string Key, NotificationChannel Channel) Validate(string key, string channel, SaveTemplateRequest request)
    {
        var v = new Validator();
        var (templateKey, ch) = Known(key, channel, v);
        var allowed = Placeholders(templateKey);
        var fields = ch == NotificationChannel.Email
            ? new[] { ("subject", "Subject", request.Subject, 300), ("html", "HTML", request.Html, 10_000), ("text", "Plain text", request.Text, 10_000) }
            : [("title", "Title", request.Title, 200), ("body", "Body", request.Body, 1000)];
        foreach (var (field, label, value, max) in fields)
        {
            v.Require(field, value, label, max);
            if (string.IsNullOrWhiteSpace(value)) { continue; }
            // Values are always escaped in HTML (a student's message reaches a tutor's e-mail), and there are no partials.
            if (UnescapedPattern().IsMatch(value))
            {
                v.Check(false, field, $"{label} may only use values as {{{{name}}}}: {{{{{{name}}}}}}, {{{{& name}}}} and {{{{> partial}}}} are not available");
                continue;
            }
            // Only values and if/unless/each/with sections: anything else (a helper, a path) would print nothing or fail later.
            if (ExpressionPattern().Matches(value).Select(m => m.Groups["inner"].Value.Trim()).FirstOrDefault(e => !AllowedExpression().IsMatch(e)) is { } odd)
            {
                v.Check(false, field, $"{{{{{odd}}}}} is not something a notification can show: use a value such as {{{{studentName}}}} or {{{{#if name}}}}…{{{{/if}}}}");
                continue;
            }
            try { Handlebars.Create().Compile(value)(NotificationTemplates.SampleValues()); }
            catch (Exception ex) when (ex is HandlebarsException or InvalidOperationException or ArgumentException)
            {
                v.Check(false, field, $"{label} cannot be read as a template: {ex.Message}");
                continue;
            }
            // An unknown name renders as nothing: a typo would silently drop the child's name from every message.
            if (Names(value).FirstOrDefault(n => !allowed.Contains(n)) is { } unknown)
            {
                v.Check(false, field, $"{{{{{unknown}}}}} is not a value this notification has; use {string.Join(", ", allowed.Order().Select(a => $"{{{{{a}}}}}"))}");
            }
        }
        v.ThrowIfInvalid();
        return (templateKey, ch);
    }

    /// <summary>The value names a template uses: <c>{{name}}</c>, <c>{{#if name}}</c>, <c>{{#each name}}</c> (not helpers or <c>else</c>).</summary>
    private static IEnumerable<string> Names(string template) =>
        PlaceholderPattern().Matches(template).Select(m => m.Groups["name"].Value).Where(n => n is not "else" and not "this");

    [GeneratedRegex(@"\{\{\{?\s*(?:#(?:if|unless|each|with)\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}?\}\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\{\{\{|\{\{~?\s*[&>]")]
    private static partial Regex UnescapedPattern();

    [GeneratedRegex(@"\{\{~?(?<inner>[^{}]*?)~?\}\}")]
    private static partial Regex ExpressionPattern();

    [GeneratedRegex(@"^(?:[A-Za-z_][A-Za-z0-9_]*|#(?:if|unless|each|with)\s+[A-Za-z_][A-Za-z0-9_]*|/(?:if|unless|each|with)|else|![\s\S]*)$")]
    private static partial Regex AllowedExpression();

    private void RequireAdmin()
    {
        if (!currentUser.IsInRole(Role.CentreAdmin)) { throw new ForbiddenException(); }
    }
}
