using System.Security.Claims;
using System.Text.Json;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Realtime;

/// <summary>The answer of <c>GET /api/v1/sessions/:id/ws-token</c>.</summary>
public sealed record WsTokenResponse(string Token, DateTimeOffset ExpiresAt, string Path, RoomSide Side);

/// <summary>
/// What a valid token admits: one user, on one side of one session's room, from one sign-in. Its
/// <c>TokenId</c> is the token's own id: it opens one socket, once (<see cref="ISocketTokenUses"/>).
/// </summary>
public sealed record WsTicket(LiveJoin Join, ClaimsPrincipal Principal, Guid? SignInSessionId, Guid TokenId, DateTime ExpiresAt);

/// <summary>
/// Short-lived, signed and encrypted tokens for the live-session socket. Browsers cannot set headers on a
/// WebSocket, so the token travels in the URL; it is therefore scoped to one session, lives two minutes and opens one
/// socket only (its id is remembered until it expires, by the socket endpoint).
/// </summary>
public sealed class WsTokens(IDataProtectionProvider protection, IOptions<RealtimeOptions> options, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("AetherLearn.Realtime.WsToken.v1");

    private sealed record Payload(Guid U, Guid C, Guid S, RoomSide D, string N, string? E, string R, Guid? Sid, long Exp, Guid J);

    public WsTokenResponse Issue(LiveJoin join, ClaimsPrincipal user)
    {
        var expiresAt = clock.GetUtcNow().AddSeconds(options.Value.TokenLifetimeSeconds);
        var payload = new Payload(join.UserId, join.CentreId, join.SessionId, join.Side, join.Name, user.FindFirstValue(ClaimTypes.Email),
            user.FindFirstValue(ClaimTypes.Role) ?? "", user.SessionId(), expiresAt.ToUnixTimeMilliseconds(), Guid.NewGuid());
        var token = WebEncoders.Base64UrlEncode(_protector.Protect(JsonSerializer.SerializeToUtf8Bytes(payload)));
        return new WsTokenResponse(token, expiresAt, $"/ws/session/{join.SessionId}?token={token}", join.Side);
    }

    /// <summary>The ticket, or null when the token is missing, altered, from another key ring, or expired.</summary>
    public WsTicket? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096) { return null; }
        Payload? p;
        try { p = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))); }
        catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException or JsonException) { return null; }
        if (p is null || p.Exp < clock.GetUtcNow().ToUnixTimeMilliseconds()) { return null; }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, p.U.ToString()), new(ClaimTypes.Name, p.N), new(ClaimTypes.Role, p.R), new(AetherClaims.Centre, p.C.ToString()),
        };
        if (p.E is not null) { claims.Add(new Claim(ClaimTypes.Email, p.E)); }
        if (p.Sid is { } sid) { claims.Add(new Claim(AetherClaims.Session, sid.ToString())); }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "ws-token", ClaimTypes.Name, ClaimTypes.Role));
        return new WsTicket(new LiveJoin(p.S, p.C, p.U, p.N, p.D), principal, p.Sid, p.J, DateTimeOffset.FromUnixTimeMilliseconds(p.Exp).UtcDateTime);
    }
}
