using System.Security.Claims;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Identity;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// The rooms open on this node. A room is built from the database when its first member joins (so after a restart
/// it comes back with its help requests, attendance and attempts) and dropped when its last member leaves.
/// </summary>
internal sealed class RoomRegistry(RoomBus bus, IServiceScopeFactory scopes, IOptions<RealtimeOptions> options, TimeProvider clock,
    ILogger<RoomRegistry> logger) : BackgroundService
{
    private readonly Dictionary<Guid, Slot> _rooms = new();

    private sealed class Slot(Task<LiveRoom> loading)
    {
        public Task<LiveRoom> Loading { get; } = loading;
        public int Members { get; set; }
    }

    /// <summary>Adds a member (loading the room if needed) and announces it; throws if the session cannot be loaded.</summary>
    public async Task<LiveRoom> JoinAsync(RoomMember member, CancellationToken ct = default)
    {
        var sessionId = member.Join.SessionId;
        Slot slot;
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(sessionId, out slot!))
            {
                slot = new Slot(LoadAsync(sessionId, member.Principal));
                _rooms[sessionId] = slot;
            }
            slot.Members++;
        }
        LiveRoom room;
        try { room = await slot.Loading.WaitAsync(ct); }
        catch
        {
            await ReleaseAsync(sessionId, slot);
            throw;
        }
        room.AddMember(member);
        try { await bus.PublishAsync(new MemberJoined(sessionId, clock.GetUtcNow(), member.ConnectionId, member.UserId, member.Side), ct); }
        catch
        {
            room.RemoveMember(member);
            await ReleaseAsync(sessionId, slot);
            throw;
        }
        return room;
    }

    public async Task LeaveAsync(RoomMember member)
    {
        var sessionId = member.Join.SessionId;
        Slot? slot;
        lock (_rooms) { _rooms.TryGetValue(sessionId, out slot); }
        if (slot is null || !slot.Loading.IsCompletedSuccessfully || !slot.Loading.Result.RemoveMember(member)) { return; }
        try { await bus.PublishAsync(new MemberLeft(sessionId, clock.GetUtcNow(), member.ConnectionId, member.UserId, member.Side)); }
        catch (Exception ex) { logger.LogWarning(ex, "Announcing that a member left room {SessionId} failed", sessionId); }
        await ReleaseAsync(sessionId, slot);
    }

    public LiveRoom? Find(Guid sessionId)
    {
        lock (_rooms)
        {
            return _rooms.TryGetValue(sessionId, out var slot) && slot.Loading.IsCompletedSuccessfully ? slot.Loading.Result : null;
        }
    }

    public int OpenRooms
    {
        get { lock (_rooms) { return _rooms.Count; } }
    }

    private async Task ReleaseAsync(Guid sessionId, Slot slot)
    {
        lock (_rooms)
        {
            if (--slot.Members > 0) { return; }
            if (_rooms.TryGetValue(sessionId, out var current) && current == slot) { _rooms.Remove(sessionId); }
        }
        if (slot.Loading.IsCompletedSuccessfully) { await slot.Loading.Result.DisposeAsync(); }
        // The only joiner gave up while the room was still loading: the room is let go as soon as it exists.
        else if (!slot.Loading.IsCompleted)
        {
            _ = slot.Loading.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.DisposeAsync().AsTask() : Task.CompletedTask, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task<LiveRoom> LoadAsync(Guid sessionId, ClaimsPrincipal principal)
    {
        await Task.Yield();
        var room = new LiveRoom(sessionId, options.Value, clock, logger);
        room.Listen(bus);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            // The snapshot is read in the first member's centre, as that member (the join was authorised before).
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(principal);
            var snapshot = await scope.ServiceProvider.GetRequiredService<ILiveSessions>().SnapshotAsync(sessionId);
            room.Start(snapshot);
            return room;
        }
        catch
        {
            await room.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sweeps presence in every open room.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.SweepMilliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                List<Slot> slots;
                lock (_rooms) { slots = _rooms.Values.ToList(); }
                foreach (var slot in slots.Where(s => s.Loading.IsCompletedSuccessfully)) { slot.Loading.Result.Sweep(); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
