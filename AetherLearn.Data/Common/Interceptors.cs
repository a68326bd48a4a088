using System.Text.Json;
using System.Text.Json.Nodes;
using AetherLearn.Core.Audit;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AetherLearn.Data.Common;

/// <summary>Runs <see cref="BeforeSave"/> on every save of an <see cref="AetherDbContext"/>, sync or async.</summary>
internal abstract class AetherSaveInterceptor : SaveChangesInterceptor
{
    protected abstract void BeforeSave(AetherDbContext db);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AetherDbContext db) { BeforeSave(db); }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AetherDbContext db) { BeforeSave(db); }
        return base.SavingChanges(eventData, result);
    }
}

/// <summary>Stamps the caller's centre on new centre-owned rows and refuses writes into another centre.</summary>
internal sealed class CentreStampInterceptor : AetherSaveInterceptor
{
    protected override void BeforeSave(AetherDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries<ICentreOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.CentreId == Guid.Empty)
            {
                entry.Entity.CentreId = db.ScopeCentreId ?? throw new InvalidOperationException(
                    $"A new {entry.Entity.GetType().Name} needs a centre, and this operation has none");
            }
            if (!db.SystemScope && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Entity.CentreId != db.ScopeCentreId)
            {
                throw new InvalidOperationException("A change to another centre's data was refused");
            }
        }
        // The shared catalogue is written by system work only (seed, network import); a centre writes its own rows.
        foreach (var entry in db.ChangeTracker.Entries<ICentreShared>())
        {
            if (!db.SystemScope && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Entity.CentreId != db.ScopeCentreId)
            {
                throw new InvalidOperationException("A change to the shared catalogue or another centre's content was refused");
            }
        }
    }
}

/// <summary>Writes who/what/when/before/after for every change of an <see cref="IAudited"/> entity, in the same transaction.</summary>
internal sealed class AuditInterceptor : AetherSaveInterceptor
{
    // Secrets and derived columns never reach the audit log; sign-in bookkeeping has its own SIGN_IN entries.
    private static readonly string[] Hidden =
        ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "NormalizedEmail", "NormalizedUserName", "LastSignInAt", "AccessFailedCount", "LastTotpStep"];

    protected override void BeforeSave(AetherDbContext db)
    {
        if (!db.AuditChanges) { return; }
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var entries = db.ChangeTracker.Entries<IAudited>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        foreach (var entry in entries)
        {
            var changes = Describe(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0) { continue; }
            db.AuditEntries.Add(new AuditEntry
            {
                CentreId = entry.Entity switch
                {
                    // A row moving between centres (the super admin's working centre) is the network's entry: either
                    // centre's log would otherwise name the other centre.
                    ICentreOwned when MovedCentre(entry) => null,
                    ICentreOwned owned => owned.CentreId,
                    Centre centre => centre.Id,
                    _ => db.Actor.CentreId,
                },
                UserId = db.Actor.UserId,
                UserEmail = db.Actor.Email,
                IpAddress = db.Actor.IpAddress,
                Action = entry.State switch
                {
                    EntityState.Added => AuditAction.Create,
                    EntityState.Deleted => AuditAction.Delete,
                    _ => AuditAction.Update,
                },
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = entry.Entity.Id.ToString(),
                Changes = changes.ToJsonString(Json.Options),
                Timestamp = now,
            });
        }
    }

    private static bool MovedCentre(EntityEntry<IAudited> entry) =>
        entry.State == EntityState.Modified && entry.Property(nameof(ICentreOwned.CentreId)) is { IsModified: true } centre
        && !Equals(centre.OriginalValue, centre.CurrentValue);

    private static JsonObject Describe(EntityEntry<IAudited> entry)
    {
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (Hidden.Contains(name) || property.Metadata.IsShadowProperty()) { continue; }
            var before = entry.State == EntityState.Added ? null : property.OriginalValue;
            var after = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && (!property.IsModified || Equals(JsonSerializer.Serialize(before, Json.Options), JsonSerializer.Serialize(after, Json.Options))))
            {
                continue;
            }
            changes[JsonNamingPolicy.CamelCase.ConvertName(name)] = new JsonObject
            {
                ["before"] = JsonSerializer.SerializeToNode(before, Json.Options),
                ["after"] = JsonSerializer.SerializeToNode(after, Json.Options),
            };
        }
        return changes;
    }
}
