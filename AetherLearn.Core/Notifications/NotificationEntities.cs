using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Notifications;

/// <summary>What a notification is about; preferences are set per category and channel.</summary>
public enum NotificationCategory
{
    Academic,
    Homework,
    Attendance,
    Gamification,
    Finance,
    Operations,
}

public enum NotificationChannel
{
    InApp,
    Email,
    Push,
    /// <summary>Reserved: templates may have it; no adapter sends it yet.</summary>
    Sms,
}

/// <summary>A user's choice for one category on one channel.</summary>
public enum DeliveryMode
{
    On,
    Off,
    /// <summary>Collected into one daily e-mail (e-mail only).</summary>
    Digest,
}

/// <summary>One notification for one person, as the bell and the notifications page show it.</summary>
public sealed class Notification : ICentreOwned
{
    public Guid Id { get; set; } = MonotonicIds.Next();
    public Guid CentreId { get; set; }
    public Guid UserId { get; set; }
    public NotificationCategory Category { get; set; }
    /// <summary>The template it was made from (e.g. <c>attendance.absent</c>).</summary>
    public required string TemplateKey { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>The page it is about, when there is one.</summary>
    public string? Link { get; set; }
    /// <summary>The domain event it came from: with the user and template, what makes a redelivery harmless.</summary>
    public Guid SourceEventId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    /// <summary>The recipient turned this category off in the app: kept for the other channels, not shown.</summary>
    public bool Hidden { get; set; }
}

/// <summary>A user's mode for one category on one channel; absent means the default (on).</summary>
public sealed class NotificationPreference : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid UserId { get; set; }
    public NotificationCategory Category { get; set; }
    public NotificationChannel Channel { get; set; }
    public DeliveryMode Mode { get; set; }
}

/// <summary>A user's quiet hours, in their centre's time zone (e-mail and push wait until they end).</summary>
public sealed class NotificationSettings : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid UserId { get; set; }
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietTo { get; set; }
}

/// <summary>
/// Version 7 ids that never go backwards within this process, so "everything after the last id I saw" (the SSE
/// stream's Last-Event-ID) misses nothing made in the same millisecond.
/// </summary>
public static class MonotonicIds
{
    private static readonly Lock Gate = new();
    private static Guid _last;

    public static Guid Next()
    {
        lock (Gate)
        {
            var id = Guid.CreateVersion7();
            if (id.CompareTo(_last) <= 0) { id = Increment(_last); }
            return _last = id;
        }
    }

    private static Guid Increment(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        // The last byte is random; carrying into the ones before keeps the version and variant bits (bytes 6 and 8) untouched in practice.
        for (var i = 15; i > 8; i--)
        {
            if (++bytes[i] != 0) { break; }
        }
        return new Guid(bytes, bigEndian: true);
    }
}
