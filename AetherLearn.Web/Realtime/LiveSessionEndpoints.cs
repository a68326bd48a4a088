using System.Net.WebSockets;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Realtime;

/// <summary>The live-session socket (contract §7) and the endpoint that hands out its tokens.</summary>
public static class LiveSessionEndpoints
{
    public static IEndpointRouteBuilder MapLiveSessionEndpoints(this IEndpointRouteBuilder app)
    {
        // Tutor of the session, Supervisor+ or an enrolled student: the service decides.
        app.MapGet("/api/v1/sessions/{id:guid}/ws-token", IssueToken).WithTags("Sessions").RequireAuthorization(Policies.Authenticated);
        app.Map("/ws/session/{sessionId:guid}", ConnectAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Get a short-lived token to join a live session over WebSocket.</summary>
    /// <remarks>The tutor of the session, a supervisor+ or an enrolled student. Connect to <c>/ws/session/{id}?token=…</c> within two minutes; the protocol is in docs/realtime-protocol.md.</remarks>
    [ErrorResponse(409, "The session was cancelled.")]
    [EndpointName("issueLiveSessionToken")]
    public static async Task<Ok<ApiEnvelope<WsTokenResponse>>> IssueToken(Guid id, HttpContext http, ILiveSessions live, WsTokens tokens, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(tokens.Issue(await live.AuthorizeJoinAsync(id, ct), http.User)));

    internal static async Task ConnectAsync(HttpContext context, Guid sessionId, WsTokens tokens, RoomRegistry rooms, RoomCommandHandler handler,
        IUserSessions signIns, ISocketTokenUses tokenUses, [FromKeyedServices(ConnectionSlots.Sockets)] ConnectionSlots sockets,
        IOptions<RealtimeOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, IServiceScopeFactory scopes, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiPaths.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                "This endpoint speaks WebSocket: connect with a WebSocket client and a token from GET /api/v1/sessions/{id}/ws-token");
            return;
        }
        var ticket = tokens.Read(context.Request.Query["token"]);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        // Refusals are close frames with a code, which browsers can read (an HTTP status before the upgrade they cannot).
        if (ticket is null || (ticket.SignInSessionId is { } sid && !await signIns.IsAliveAsync(sid, context.RequestAborted)))
        {
            await SocketMember.CloseAsync(socket, RoomCloseCodes.Unauthorized, "Token missing, invalid or expired: get a new one from /ws-token");
            return;
        }
        if (ticket.Join.SessionId != sessionId)
        {
            await SocketMember.CloseAsync(socket, RoomCloseCodes.Forbidden, "This token is for another session");
            return;
        }
        // The token travels in a URL (logs, history): it opens one socket, once, at any node.
        if (!await tokenUses.TryUseAsync(ticket.TokenId, ticket.ExpiresAt, context.RequestAborted))
        {
            await SocketMember.CloseAsync(socket, RoomCloseCodes.Unauthorized, "This token was already used: get a new one from /ws-token for every connection");
            return;
        }
        // A cap per person on this node; the new socket is refused (an old one may be a tab still in use).
        using var slot = sockets.TryOpen(ticket.Join.UserId);
        if (slot is null)
        {
            await SocketMember.CloseAsync(socket, RoomCloseCodes.TooManySockets,
                $"Too many open sockets for this account (at most {sockets.Limit}): close one, then connect with a new token");
            return;
        }
        var member = new SocketMember(ticket, socket, options.Value, clock);
        LiveRoom room;
        try { room = await rooms.JoinAsync(member, context.RequestAborted); }
        catch (NotFoundException)
        {
            await SocketMember.CloseAsync(socket, RoomCloseCodes.SessionNotFound, "This session does not exist");
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(LiveSessionEndpoints)).LogError(ex, "Could not open the room of session {SessionId}", sessionId);
            await SocketMember.CloseAsync(socket, (int)WebSocketCloseStatus.InternalServerError, "The room could not be opened; try again");
            return;
        }
        using var stopping = lifetime.ApplicationStopping.Register(member.GoingAway);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var watching = ticket.SignInSessionId is { } signIn
            ? WatchSignInAsync(member, signIn, scopes, TimeSpan.FromSeconds(options.Value.SignInCheckSeconds), done.Token) : Task.CompletedTask;
        try { await member.RunAsync(room, handler, context.RequestAborted); }
        finally
        {
            await done.CancelAsync();
            await watching;
            await rooms.LeaveAsync(member);
        }
    }

    /// <summary>
    /// While connected, the socket counts as activity for the sign-in it came from, and a sign-in that ends (sign-out,
    /// revocation, a bearer token's expiry) closes the socket with 4401 within a minute.
    /// </summary>
    private static async Task WatchSignInAsync(SocketMember member, Guid signIn, IServiceScopeFactory scopes, TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using var scope = scopes.CreateAsyncScope();
                bool alive;
                try { alive = await scope.ServiceProvider.GetRequiredService<IUserSessions>().TouchAsync(signIn, stop); }
                catch (Exception ex) when (ex is not OperationCanceledException) { continue; /* the database is briefly away: check again next time */ }
                if (!alive)
                {
                    member.SignedOut();
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
