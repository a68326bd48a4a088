using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AetherLearn.Core.Users;

public sealed class UserSessionOptions
{
    /// <summary>A browser session ends after this long without a request.</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;
    /// <summary>Lifetime of an API bearer token.</summary>
    public int TokenLifetimeMinutes { get; set; } = 60;
}

internal sealed class UserSessions(IDbSessionFactory dbFactory, IOptions<UserSessionOptions> options, TimeProvider clock) : IUserSessions
{
    // Writing last-seen on every request would make each request a write; once a minute is precise enough.
    private static readonly TimeSpan TouchGranularity = TimeSpan.FromMinutes(1);

    public async Task<StartedSession> StartAsync(Guid userId, SessionKind kind, string? ipAddress, string? userAgent, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            UserId = userId,
            Kind = kind,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = kind == SessionKind.Bearer ? now.AddMinutes(options.Value.TokenLifetimeMinutes) : null,
            IpAddress = ipAddress,
            UserAgent = userAgent is { Length: > 400 } ? userAgent[..400] : userAgent,
        };
        await using var db = dbFactory.CreateSystem<IUsersDb>();
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return new StartedSession(session.Id, session.ExpiresAt);
    }

    public Task<bool> TouchAsync(Guid sessionId, CancellationToken ct = default) => CheckAsync(sessionId, touch: true, ct);

    public Task<bool> IsAliveAsync(Guid sessionId, CancellationToken ct = default) => CheckAsync(sessionId, touch: false, ct);

    private async Task<bool> CheckAsync(Guid sessionId, bool touch, CancellationToken ct)
    {
        await using var db = dbFactory.CreateSystem<IUsersDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || session.EndedAt is not null) { return false; }
        var alive = session.Kind == SessionKind.Bearer
            ? session.ExpiresAt > now
            : session.LastSeenAt.AddMinutes(options.Value.IdleTimeoutMinutes) > now;
        if (!alive)
        {
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
            return false;
        }
        if (touch && now - session.LastSeenAt >= TouchGranularity)
        {
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
        }
        return true;
    }

    public async Task EndAsync(Guid sessionId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<IUsersDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }

    public async Task EndAllAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<IUsersDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }

    public async Task EndOthersAsync(Guid userId, Guid keepSessionId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<IUsersDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.UserSessions.Where(s => s.UserId == userId && s.Id != keepSessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }
}
