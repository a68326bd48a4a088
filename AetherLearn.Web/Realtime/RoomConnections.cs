using AetherLearn.Core.Sessions;
using AetherLearn.Web.Identity;

namespace AetherLearn.Web.Realtime;

/// <summary>Lets the pages of a circuit join rooms as the signed-in user: the same rooms, rules and actions as the socket.</summary>
internal sealed class RoomConnections(ILiveSessions live, CurrentUser currentUser, RoomRegistry rooms, RoomCommandHandler handler)
{
    /// <summary>Joins (after the same check as <c>/ws-token</c>); <paramref name="onMessage"/> runs on the room's loop and must not block.</summary>
    public async Task<RoomConnection> JoinAsync(Guid sessionId, Action<ServerMessage> onMessage, CancellationToken ct = default)
    {
        var join = await live.AuthorizeJoinAsync(sessionId, ct);
        var member = new CallbackRoomMember(join, currentUser.Principal, onMessage);
        var room = await rooms.JoinAsync(member, ct);
        return new RoomConnection(room, member, rooms, handler);
    }
}

/// <summary>A page's membership of a room; leaving is disposing.</summary>
internal sealed class RoomConnection(LiveRoom room, RoomMember member, RoomRegistry rooms, RoomCommandHandler handler) : IAsyncDisposable
{
    private int _left;

    public RoomView View => room.View;
    public LiveJoin Join => member.Join;

    /// <exception cref="RoomCommandException">The room refused the message (the error says why).</exception>
    public Task SendAsync(RoomCommand command, CancellationToken ct = default) => handler.ExecuteAsync(room, member, command, ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0) { await rooms.LeaveAsync(member); }
    }
}
