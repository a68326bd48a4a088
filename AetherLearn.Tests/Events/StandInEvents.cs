using AetherLearn.Core.Common.Events;

namespace AetherLearn.Tests.Events;

// Events of modules not built yet (finance, tickets, reception), as those modules will publish them: records with the
// contract's payload fields under the catalogue's names. The router and the outbox are tested with them now; each
// module adds its own record when it is built.

public sealed record CheckinRecorded(Guid StudentId, DateTime Time) : IDomainEvent<CheckinRecorded>
{
    public static string EventType => EventTypes.CheckinRecorded;
}

public sealed record CheckoutRecorded(Guid StudentId, DateTime Time) : IDomainEvent<CheckoutRecorded>
{
    public static string EventType => EventTypes.CheckoutRecorded;
}

public sealed record InvoiceCreated(Guid InvoiceId, Guid ParentId, decimal Amount) : IDomainEvent<InvoiceCreated>
{
    public static string EventType => EventTypes.InvoiceCreated;
}

/// <summary>The contract's payload names no person; the finance module adds the invoice's parent (ADR 0011).</summary>
public sealed record PaymentReceived(Guid PaymentId, Guid InvoiceId, decimal Amount, Guid ParentId) : IDomainEvent<PaymentReceived>
{
    public static string EventType => EventTypes.PaymentReceived;
}

public sealed record InvoiceOverdue(Guid InvoiceId, int DaysPastDue, Guid ParentId) : IDomainEvent<InvoiceOverdue>
{
    public static string EventType => EventTypes.InvoiceOverdue;
}

public sealed record RefundApproved(Guid RefundId, decimal Amount, Guid ParentId) : IDomainEvent<RefundApproved>
{
    public static string EventType => EventTypes.RefundApproved;
}

public sealed record TicketCreated(Guid TicketId, string Category, Guid CreatedBy) : IDomainEvent<TicketCreated>
{
    public static string EventType => EventTypes.TicketCreated;
}

public sealed record TicketEscalated(Guid TicketId, string Reason) : IDomainEvent<TicketEscalated>
{
    public static string EventType => EventTypes.TicketEscalated;
}
