namespace AetherLearn.Core.Integrations;

/// <summary>What a push message carries to the service worker: shown as a system notification that opens <see cref="Url"/>.</summary>
public sealed record PushPayload(string Title, string Body, string? Url, string Tag);

public enum PushOutcome
{
    Delivered,
    /// <summary>The push service no longer knows the subscription (404/410): forget the device.</summary>
    Gone,
}

/// <summary>Sends one encrypted Web Push message (RFC 8030/8291) signed with the server's VAPID key (RFC 8292).</summary>
public interface IPushSender
{
    /// <summary>Throws when the push service refused or could not be reached (to retry later).</summary>
    Task<PushOutcome> SendAsync(string endpoint, string p256dh, string auth, PushPayload payload, CancellationToken ct = default);
}
