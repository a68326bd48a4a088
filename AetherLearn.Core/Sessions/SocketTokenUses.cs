using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

/// <summary>
/// A live-session socket token that has opened a socket: remembered until the token expires, so the token cannot open
/// another one. Kept in the database rather than a node's memory, so a token replayed at any node is refused.
/// </summary>
public sealed class SocketTokenUse
{
    /// <summary>The token's own id (carried inside the protected token).</summary>
    public Guid Id { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class SocketTokenUses(IDbSessionFactory dbFactory, TimeProvider clock) : ISocketTokenUses
{
    public async Task<bool> TryUseAsync(Guid tokenId, DateTime expiresAt, CancellationToken ct = default)
    {
        if (tokenId == Guid.Empty) { return false; }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.CreateSystem<ISessionsDb>();
        // Expired tokens are refused by their expiry already: their rows are no longer needed (a minute's grace for clock skew between nodes).
        await db.SocketTokenUses.Where(u => u.ExpiresAt < now.AddMinutes(-1)).ExecuteDeleteAsync(ct);
        db.SocketTokenUses.Add(new SocketTokenUse { Id = tokenId, ExpiresAt = expiresAt });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException) { return false; }
    }
}
