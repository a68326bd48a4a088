namespace AetherLearn.Core.Common.Persistence;

using AetherLearn.Core.Common.Security;

/// <summary>
/// One unit of work: a short-lived database context created for a single operation
/// (a Blazor circuit never holds one). Each module sees it through its own interface
/// (ICentresDb, IUsersDb, …) so a module can only reach its own tables.
/// </summary>
public interface IDbSession : IAsyncDisposable
{
    /// <summary>Who the changes are written as, and the centre the queries are scoped to.</summary>
    Actor Actor { get; }

    /// <summary>
    /// Writes a domain event to the outbox in the same transaction as the pending changes, under its catalogue name
    /// (<see cref="Events.IDomainEvent{TSelf}.EventType"/>).
    /// </summary>
    void Publish<TEvent>(TEvent payload) where TEvent : Events.IDomainEvent<TEvent>;

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>For the few operations that must decide and write in one transaction (claims shared by several nodes).</summary>
    Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database { get; }
}

/// <summary>Creates module views of a fresh context scoped to the current user's centre.</summary>
public interface IDbSessionFactory
{
    /// <summary>A context scoped to the signed-in user's centre.</summary>
    TDb Create<TDb>() where TDb : class, IDbSession;

    /// <summary>A context with no centre filter, for background work and cross-centre operations.</summary>
    TDb CreateSystem<TDb>(Actor? actor = null) where TDb : class, IDbSession;
}
