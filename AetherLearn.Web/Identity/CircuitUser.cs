using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AetherLearn.Web.Identity;

/// <summary>
/// Keeps <see cref="CurrentUser"/> in step with the circuit's authentication state, so Core services
/// called from a page act as the signed-in user (the HTTP context is not available inside a circuit).
/// </summary>
internal sealed class CircuitUserHandler(AuthenticationStateProvider authState, CurrentUser currentUser, IUserSessions sessions, TimeProvider clock, IHttpContextAccessor http)
    : CircuitHandler, IDisposable
{
    // Interaction on the circuit is activity for the idle timeout; recording it once a minute is enough.
    private DateTime _lastTouch = DateTime.MinValue;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authState.AuthenticationStateChanged += OnChanged;
        // The circuit opens on the browser's connection, whose address is known only now: kept for what a page does
        // later that is counted per address (a password typed again is counted like a sign-in) and for the audit log.
        currentUser.Set((await authState.GetAuthenticationStateAsync()).User, http.HttpContext?.Connection.RemoteIpAddress?.ToString());
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var user = (await authState.GetAuthenticationStateAsync()).User;
            currentUser.Set(user);
            var now = clock.GetUtcNow().UtcDateTime;
            if (user.SessionId() is { } sid && now - _lastTouch > TimeSpan.FromMinutes(1))
            {
                _lastTouch = now;
                await sessions.TouchAsync(sid);
            }
            await next(context);
        };

    private void OnChanged(Task<AuthenticationState> task) => _ = UpdateAsync(task);

    private async Task UpdateAsync(Task<AuthenticationState> task) => currentUser.Set((await task).User);

    public void Dispose() => authState.AuthenticationStateChanged -= OnChanged;
}
