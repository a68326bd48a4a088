using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;
using MaxLengthAttribute = System.ComponentModel.DataAnnotations.MaxLengthAttribute;

namespace AetherLearn.Core.Notifications;

internal sealed class NotificationService(IDbSessionFactory dbFactory, ICurrentUser currentUser, TimeProvider clock) : INotificationService
{
    private const int ReplayLimit = 200;

    public async Task<CursorPage<NotificationView>> ListAsync(string? cursor, int limit, bool unreadOnly, CancellationToken ct = default)
    {
        var me = Me();
        limit = Math.Clamp(limit, 1, 100);
        await using var db = dbFactory.Create<INotificationsDb>();
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == me && !n.Hidden);
        if (unreadOnly) { query = query.Where(n => n.ReadAt == null); }
        if (cursor is not null)
        {
            // Ids only grow (MonotonicIds): the last id of a page is a stable cursor.
            if (!Guid.TryParse(cursor, out var after)) { throw DomainValidationException.For("cursor", "Cursor is not valid"); }
            query = query.Where(n => n.Id.CompareTo(after) < 0);
        }
        var rows = await query.OrderByDescending(n => n.Id).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(View).ToList();
        return new CursorPage<NotificationView>(items, rows.Count > limit ? items[^1].Id.ToString() : null);
    }

    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        var me = Me();
        await using var db = dbFactory.Create<INotificationsDb>();
        return await db.Notifications.CountAsync(n => n.UserId == me && n.ReadAt == null && !n.Hidden, ct);
    }

    public async Task<NotificationView> MarkReadAsync(Guid id, CancellationToken ct = default)
    {
        var me = Me();
        await using var db = dbFactory.Create<INotificationsDb>();
        // Someone else's notification is answered as missing.
        var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserId == me && !x.Hidden, ct) ?? throw new NotFoundException("Notification");
        n.ReadAt ??= clock.UtcNowForStorage();
        await db.SaveChangesAsync(ct);
        return View(n);
    }

    public async Task<int> MarkAllReadAsync(CancellationToken ct = default)
    {
        var me = Me();
        var now = clock.UtcNowForStorage();
        await using var db = dbFactory.Create<INotificationsDb>();
        return await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    public async Task<IReadOnlyList<NotificationView>> AfterAsync(Guid lastSeenId, CancellationToken ct = default)
    {
        var me = Me();
        await using var db = dbFactory.Create<INotificationsDb>();
        var rows = await db.Notifications.AsNoTracking().Where(n => n.UserId == me && !n.Hidden && n.Id.CompareTo(lastSeenId) > 0)
            .OrderBy(n => n.Id).Take(ReplayLimit).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task<NotificationPreferences> GetPreferencesAsync(CancellationToken ct = default)
    {
        var me = Me();
        await using var db = dbFactory.Create<INotificationsDb>();
        return await ReadAsync(db, me, ct);
    }

    public async Task<NotificationPreferences> UpdatePreferencesAsync(UpdatePreferencesRequest request, CancellationToken ct = default)
    {
        TextRules.Check(request);
        var me = Me();
        var v = new Validator();
        var from = Time(request.QuietFrom, "quietFrom", v);
        var to = Time(request.QuietTo, "quietTo", v);
        v.Check(string.IsNullOrEmpty(request.QuietFrom) == string.IsNullOrEmpty(request.QuietTo), "quietTo",
            "Give quiet hours as a start and an end (empty strings clear them)");
        foreach (var (category, modes) in request.Categories ?? [])
        {
            // Field names as the API spells the category (ATTENDANCE).
            var name = System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(category.ToString());
            v.Check(modes.InApp != DeliveryMode.Digest, $"categories.{name}.inApp", "A daily digest is an e-mail: choose ON or OFF for in-app");
            v.Check(modes.Push != DeliveryMode.Digest, $"categories.{name}.push", "A daily digest is an e-mail: choose ON or OFF for push");
        }
        v.ThrowIfInvalid();
        await using var db = dbFactory.Create<INotificationsDb>();
        var stored = await db.NotificationPreferences.Where(p => p.UserId == me).ToListAsync(ct);
        foreach (var (category, modes) in request.Categories ?? [])
        {
            foreach (var (channel, mode) in new[] { (NotificationChannel.InApp, modes.InApp), (NotificationChannel.Email, modes.Email), (NotificationChannel.Push, modes.Push) })
            {
                if (mode is not { } chosen) { continue; }
                var row = stored.FirstOrDefault(p => p.Category == category && p.Channel == channel);
                if (row is null) { db.NotificationPreferences.Add(new NotificationPreference { UserId = me, Category = category, Channel = channel, Mode = chosen }); }
                else { row.Mode = chosen; }
            }
        }
        if (request.QuietFrom is not null || request.QuietTo is not null)
        {
            var settings = await db.NotificationSettings.FirstOrDefaultAsync(s => s.UserId == me, ct);
            if (settings is null) { db.NotificationSettings.Add(settings = new NotificationSettings { UserId = me }); }
            (settings.QuietFrom, settings.QuietTo) = (from, to);
        }
        await db.SaveChangesAsync(ct);
        return await ReadAsync(db, me, ct);
    }

    private static async Task<NotificationPreferences> ReadAsync(INotificationsDb db, Guid me, CancellationToken ct)
    {
        var stored = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == me).ToListAsync(ct);
        var settings = await db.NotificationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == me, ct);
        DeliveryMode Mode(NotificationCategory c, NotificationChannel ch) => stored.FirstOrDefault(p => p.Category == c && p.Channel == ch)?.Mode ?? DeliveryMode.On;
        return new NotificationPreferences(
            Enum.GetValues<NotificationCategory>().ToDictionary(c => c, c => new ChannelModes(Mode(c, NotificationChannel.InApp), Mode(c, NotificationChannel.Email), Mode(c, NotificationChannel.Push))),
            settings?.QuietFrom?.ToString("HH:mm"), settings?.QuietTo?.ToString("HH:mm"));
    }

    private static TimeOnly? Time(string? value, string field, Validator v)
    {
        if (string.IsNullOrEmpty(value)) { return null; }
        // Browsers' time inputs may add seconds ("21:00:00"); quiet hours keep minutes.
        if (TimeOnly.TryParseExact(value, ["HH:mm", "HH:mm:ss"], out var time)) { return new TimeOnly(time.Hour, time.Minute); }
        v.Check(false, field, "Use a 24-hour time such as 21:00");
        return null;
    }

    private Guid Me() => currentUser.IsAuthenticated && currentUser.UserId is { } id && currentUser.Role is not null ? id : throw new ForbiddenException();

    internal static NotificationView View(Notification n) => new(n.Id, n.Category, n.TemplateKey, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt);
}
