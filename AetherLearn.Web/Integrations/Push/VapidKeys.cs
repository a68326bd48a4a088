using System.Buffers.Text;
using System.Security.Cryptography;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Web.Integrations.Push;

/// <summary>The server's VAPID key pair, base64url: the uncompressed P-256 public key and the private scalar.</summary>
public sealed record VapidKeyPair(string PublicKey, string PrivateKey);

/// <summary>
/// The one VAPID key pair of the installation: made on first start and stored (the private half data-protected, with
/// the keys every node shares), so browsers' subscriptions, which are bound to the public key, survive restarts.
/// </summary>
public sealed class VapidKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock)
{
    private const int KeyRow = 1;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private VapidKeyPair? _keys;

    public async Task<VapidKeyPair> GetAsync(CancellationToken ct = default)
    {
        if (_keys is { } known) { return known; }
        await _gate.WaitAsync(ct);
        try
        {
            return _keys ??= await LoadOrCreateAsync(ct);
        }
        finally { _gate.Release(); }
    }

    private async Task<VapidKeyPair> LoadOrCreateAsync(CancellationToken ct)
    {
        var protector = protection.CreateProtector("AetherLearn.Notifications.VapidPrivateKey");
        await using var scope = scopes.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbSessionFactory>();
        PushServerKey? row;
        await using (var db = dbFactory.CreateSystem<INotificationsDb>())
        {
            row = await db.PushServerKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == KeyRow, ct);
            if (row is null)
            {
                using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
                row = new PushServerKey
                {
                    Id = KeyRow,
                    PublicKey = Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]),
                    ProtectedPrivateKey = protector.Protect(Base64Url.EncodeToString(parameters.D!)),
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                db.PushServerKeys.Add(row);
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException) { row = null; }
            }
        }
        if (row is null)
        {
            // Another node made the pair at the same moment: use theirs.
            await using var db = dbFactory.CreateSystem<INotificationsDb>();
            row = await db.PushServerKeys.AsNoTracking().SingleAsync(k => k.Id == KeyRow, ct);
        }
        return new VapidKeyPair(row.PublicKey, protector.Unprotect(row.ProtectedPrivateKey));
    }
}

/// <summary>Makes the key pair at start-up, so the first browser to ask finds it (and a broken key store shows in the log at once).</summary>
internal sealed class VapidKeysAtStartup(VapidKeys keys, ILogger<VapidKeysAtStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Push is one channel among several: a failure here must not stop the app; the next use tries again.
        try { await keys.GetAsync(cancellationToken); }
        catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "The VAPID key pair for web push could not be loaded or made"); }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
