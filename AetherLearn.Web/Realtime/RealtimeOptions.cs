namespace AetherLearn.Web.Realtime;

/// <summary>Settings of the live-session rooms (section <c>Realtime</c>).</summary>
public sealed class RealtimeOptions
{
    /// <summary>How long a token from <c>/ws-token</c> may be used to connect.</summary>
    public int TokenLifetimeSeconds { get; set; } = 120;
    public int IdleAfterSeconds { get; set; } = 30;
    public int OfflineAfterSeconds { get; set; } = 90;
    public int SweepMilliseconds { get; set; } = 2000;
    /// <summary>Largest message a client may send; larger ones are refused with an error.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024;
    /// <summary>Sustained messages per second per connection, and the burst above it.</summary>
    public int MessagesPerSecond { get; set; } = 20;
    public int MessageBurst { get; set; } = 40;
    /// <summary>Refused messages within ten seconds after which the socket is closed as flooding.</summary>
    public int FloodCloseAfter { get; set; } = 100;
    /// <summary>Messages waiting for a slow client before it is disconnected.</summary>
    public int SendQueueLimit { get; set; } = 512;
    /// <summary>How often a connected socket checks (and keeps alive) the sign-in its token came from.</summary>
    public int SignInCheckSeconds { get; set; } = 60;
    /// <summary>
    /// Sockets one user may hold open on this node (a tutor's several tabs or devices); one more is closed with 4409.
    /// Counted per node: several nodes do not share the count yet.
    /// </summary>
    public int MaxSocketsPerUser { get; set; } = 10;
}
