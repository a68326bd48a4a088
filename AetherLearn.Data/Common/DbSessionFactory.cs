using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Data.Common;

/// <summary>
/// Creates one context per operation, already scoped to the caller's centre. This is the only way
/// module services reach the database, so no query can forget the centre filter.
/// </summary>
internal sealed class DbSessionFactory(
    IDbContextFactory<AetherDbContext> contexts, ICurrentUser currentUser, IOutboxSignal signal, TimeProvider clock) : IDbSessionFactory
{
    public TDb Create<TDb>() where TDb : class, IDbSession
    {
        var actor = Actor.From(currentUser);
        // Signed in but without a centre (or not signed in at all) sees no centre's rows.
        return Cast<TDb>(Build(actor, systemScope: false));
    }

    public TDb CreateSystem<TDb>(Actor? actor = null) where TDb : class, IDbSession =>
        Cast<TDb>(Build(actor ?? Actor.System, systemScope: true));

    internal AetherDbContext Build(Actor actor, bool systemScope)
    {
        var db = contexts.CreateDbContext();
        db.Configure(actor, systemScope, signal, clock);
        return db;
    }

    private static TDb Cast<TDb>(AetherDbContext db) where TDb : class, IDbSession =>
        db as TDb ?? throw new InvalidOperationException($"{typeof(TDb).Name} is not part of the application's model");
}

/// <summary>Lets the provider-specific factory serve the shared context type.</summary>
internal sealed class UpcastContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AetherDbContext>
    where TContext : AetherDbContext
{
    public AetherDbContext CreateDbContext() => inner.CreateDbContext();
}
