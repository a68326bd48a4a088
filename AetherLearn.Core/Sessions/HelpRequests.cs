using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;
using MaxLengthAttribute = System.ComponentModel.DataAnnotations.MaxLengthAttribute;

namespace AetherLearn.Core.Sessions;

public enum HelpRequestStatus
{
    Open,
    Acknowledged,
    Resolved,
    Cancelled,
}

/// <summary>A raised hand in a session. At most one open (open or acknowledged) per student and session.</summary>
public sealed class HelpRequest : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid SessionId { get; set; }
    public Guid StudentId { get; set; }
    public string? Message { get; set; }
    public HelpRequestStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public Guid? AcknowledgedBy { get; set; }
    public DateTime? ClosedAt { get; set; }
    public Guid? ClosedBy { get; set; }
}

internal sealed class HelpRequestService(IDbSessionFactory dbFactory, ICurrentUser currentUser, IPeopleDirectory people, ILiveSessionSignals live, TimeProvider clock)
    : IHelpRequests
{
    public async Task<HelpRequestView> RaiseAsync(Guid sessionId, RaiseHandRequest request, CancellationToken ct = default)
    {
        TextRules.Check(request);
        var studentId = currentUser.Role == Role.Student && currentUser.UserId is { } id ? id : throw new ForbiddenException("Only students raise a hand");
        await using var db = dbFactory.Create<IHelpDb>();
        var session = await db.TutoringSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        var enrolled = session is not null && await db.Enrolments.AnyAsync(e => e.SessionId == sessionId && e.StudentId == studentId && e.RemovedAt == null, ct);
        if (!enrolled) { throw new NotFoundException("Session"); }
        if (session!.Status is SessionStatus.Completed or SessionStatus.Cancelled) { throw new ConflictException("This session is over"); }
        if (await db.HelpRequests.AnyAsync(h => h.SessionId == sessionId && h.StudentId == studentId && (h.Status == HelpRequestStatus.Open || h.Status == HelpRequestStatus.Acknowledged), ct))
        {
            throw new ConflictException("Your hand is already up; your tutor will come to you");
        }
        var help = new HelpRequest
        {
            SessionId = sessionId, StudentId = studentId, Message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim(),
            Status = HelpRequestStatus.Open, CreatedAt = clock.UtcNowForStorage(),
        };
        db.HelpRequests.Add(help);
        try { await db.SaveChangesAsync(ct); }
        // The unique index settles a double click: the second raise finds the first.
        catch (DbUpdateException) { throw new ConflictException("Your hand is already up; your tutor will come to you"); }
        return await SignalAsync(await ViewAsync(help, ct), ct);
    }

    public Task<HelpRequestView> AcknowledgeAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, staffOnly: true, help =>
        {
            if (help.Status == HelpRequestStatus.Open)
            {
                help.Status = HelpRequestStatus.Acknowledged;
                help.AcknowledgedAt = clock.UtcNowForStorage();
                help.AcknowledgedBy = currentUser.UserId;
            }
        }, ct);

    public Task<HelpRequestView> ResolveAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, staffOnly: true, help => Close(help, HelpRequestStatus.Resolved), ct);

    public Task<HelpRequestView> CancelAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, staffOnly: false, help => Close(help, HelpRequestStatus.Cancelled), ct);

    public async Task<IReadOnlyList<HelpRequestView>> QueueAsync(Guid sessionId, CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Role.Teacher)) { throw new ForbiddenException(); }
        await using var db = dbFactory.Create<IHelpDb>();
        var open = await db.HelpRequests.AsNoTracking()
            .Where(h => h.SessionId == sessionId && (h.Status == HelpRequestStatus.Open || h.Status == HelpRequestStatus.Acknowledged))
            .OrderBy(h => h.CreatedAt).ToListAsync(ct);
        var names = await people.FindAsync(open.Select(h => h.StudentId), ct);
        return open.Select(h => View(h, names.GetValueOrDefault(h.StudentId)?.Name)).ToList();
    }

    private void Close(HelpRequest help, HelpRequestStatus status)
    {
        if (help.Status is HelpRequestStatus.Resolved or HelpRequestStatus.Cancelled)
        {
            // Closing twice the same way is harmless; closing it the other way is a contradiction.
            if (help.Status != status) { throw new ConflictException($"This request was already {help.Status.ToString().ToLowerInvariant()}"); }
            return;
        }
        help.Status = status;
        help.ClosedAt = clock.UtcNowForStorage();
        help.ClosedBy = currentUser.UserId;
    }

    private async Task<HelpRequestView> ChangeAsync(Guid id, bool staffOnly, Action<HelpRequest> change, CancellationToken ct)
    {
        await using var db = dbFactory.Create<IHelpDb>();
        var help = await db.HelpRequests.FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw new NotFoundException("Help request");
        if (staffOnly && !currentUser.IsInRole(Role.Teacher)) { throw new ForbiddenException(); }
        // Another student's request is answered as missing.
        if (!staffOnly && help.StudentId != currentUser.UserId) { throw new NotFoundException("Help request"); }
        change(help);
        await db.SaveChangesAsync(ct);
        return await SignalAsync(await ViewAsync(help, ct), ct);
    }

    private async Task<HelpRequestView> SignalAsync(HelpRequestView view, CancellationToken ct)
    {
        await live.RaiseAsync(LiveSignal.Of(view.SessionId, new HelpRequestChanged(view), currentUser.UserId ?? Guid.Empty), ct);
        return view;
    }

    private async Task<HelpRequestView> ViewAsync(HelpRequest help, CancellationToken ct) =>
        View(help, (await people.FindAsync([help.StudentId], ct)).GetValueOrDefault(help.StudentId)?.Name);

    private static HelpRequestView View(HelpRequest h, string? name) =>
        new(h.Id, h.SessionId, h.StudentId, name ?? "", h.Message, h.Status, h.CreatedAt, h.AcknowledgedAt, h.ClosedAt);
}
