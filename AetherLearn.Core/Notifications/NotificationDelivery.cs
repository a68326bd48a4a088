using AetherLearn.Core.Common.Persistence;

namespace AetherLearn.Core.Notifications;

public enum DeliveryState
{
    /// <summary>Waiting to be sent (at <see cref="NotificationDelivery.NextAttemptAt"/>).</summary>
    Pending,
    /// <summary>Made during the recipient's quiet hours: sent when they end.</summary>
    Held,
    Sent,
    /// <summary>Gave up after its retries; an admin can send it again.</summary>
    Failed,
    /// <summary>Collected for the recipient's daily digest e-mail.</summary>
    Digest,
    /// <summary>Nothing left to send to: every push device of the recipient had unsubscribed.</summary>
    Skipped,
}

/// <summary>One notification on one channel beyond the app (e-mail, push): its state, attempts and last error.</summary>
public sealed class NotificationDelivery : ICentreOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid NotificationId { get; set; }
    public Guid UserId { get; set; }
    public NotificationChannel Channel { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>A sender working on it holds it until then (several nodes may send).</summary>
    public DateTime? LockedUntil { get; set; }
    /// <summary>The rendered message (e-mail: subject, text, HTML; push: title and body).</summary>
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
}

/// <summary>Quiet hours in the recipient's centre time zone; a period may run over midnight (21:00–07:00).</summary>
public static class QuietHours
{
    /// <summary>When the quiet period that contains <paramref name="utcNow"/> ends (UTC), or null when it is not quiet now.</summary>
    public static DateTime? EndsAt(DateTime utcNow, TimeZoneInfo zone, TimeOnly? from, TimeOnly? to)
    {
        if (from is not { } start || to is not { } end || start == end) { return null; }
        var local = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
        var time = TimeOnly.FromDateTime(local);
        var overnight = start > end;
        var quiet = overnight ? time >= start || time < end : time >= start && time < end;
        if (!quiet) { return null; }
        var endDate = overnight && time >= start ? local.Date.AddDays(1) : local.Date;
        var endLocal = DateTime.SpecifyKind(endDate + end.ToTimeSpan(), DateTimeKind.Unspecified);
        // An end that falls in a spring-forward gap is moved to the first valid minute after it.
        while (zone.IsInvalidTime(endLocal)) { endLocal = endLocal.AddMinutes(1); }
        return TimeZoneInfo.ConvertTimeToUtc(endLocal, zone);
    }
}
