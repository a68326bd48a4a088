using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Data.Common;

/// <summary>System-scoped contexts for infrastructure tables (outbox, sessions) that belong to no module's service.</summary>
public sealed class SystemContexts(IDbContextFactory<AetherDbContext> contexts, TimeProvider clock)
{
    public AetherDbContext System()
    {
        var db = contexts.CreateDbContext();
        db.Configure(Actor.System, systemScope: true, signal: null, clock);
        return db;
    }
}
