using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Components.Authorization;

namespace AetherLearn.Web.Identity;

/// <summary>
/// Re-checks the circuit's session every minute, so a signed-out, deactivated or idle user's open page stops
/// working. The check does not count as activity; the circuit handler records real interaction.
/// </summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : Microsoft.AspNetCore.Components.Server.RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.SessionId() is not { } sid) { return false; }
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IUserSessions>().IsAliveAsync(sid, cancellationToken);
    }
}
