using AetherLearn.Core;
using AetherLearn.Data;
using AetherLearn.Data.Common;
using AetherLearn.Web;
using AetherLearn.Web.Api;
using AetherLearn.Web.Common;
using AetherLearn.Web.Components;
using AetherLearn.Web.Gamification;
using AetherLearn.Web.Identity;
using AetherLearn.Web.Jobs;
using AetherLearn.Web.Notifications;
using AetherLearn.Web.Realtime;
using MudBlazor.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAetherCore();
builder.Services.AddAetherData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddAetherAuth(builder.Configuration);
builder.Services.AddAetherWeb(builder.Configuration);
builder.Services.AddAetherRealtime(builder.Configuration);
builder.Services.AddAetherNotifications(builder.Configuration);
builder.Services.AddAetherGamification();
builder.Services.AddAetherJobs(builder.Configuration);
builder.Services.AddAetherRateLimits(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
// Messages appear at the top centre, over the app bar's empty middle: never over a page's buttons (a tutor card's Send,
// the player's Next and Submit at the bottom of a phone's screen), and away from where the pointer just clicked (docs/design.md).
builder.Services.AddMudServices(o =>
{
    o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.TopCenter;
    o.SnackbarConfiguration.PreventDuplicates = true;
    o.SnackbarConfiguration.ShowCloseIcon = true;
});

var app = builder.Build();
WebSetup.ValidateConfiguration(app);

// `dotnet AetherLearn.Web.dll migrate` applies the migrations (and the demo seed when Seed:Demo=true) and exits:
// the documented step for PostgreSQL deployments.
if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    await app.InitializeDatabaseAsync(migrate: true);
    return;
}
await app.InitializeDatabaseAsync(migrate: app.Configuration.GetValue("Database:MigrateOnStartup",
    app.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite) == DatabaseProvider.Sqlite));

app.UseSecurityHeaders();
app.UseAetherLocalization();
app.UseForwardedHeadersFromTrustedProxies();
app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", CreateScopeForErrors = true });
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseMiddleware<ApiStatusCodeMiddleware>();
app.UseMiddleware<ApiQueryTextMiddleware>();
// Pings keep idle lab-PC sockets open through proxies that drop silent connections.
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
app.UseMiddleware<CrossSiteRequestMiddleware>();
app.UseAuthentication();
app.UseMiddleware<SessionValidationMiddleware>();
app.UseMiddleware<CurrentUserMiddleware>();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<TwoFactorSetupMiddleware>();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
app.MapScalarApiReference("/api-reference", o => o.WithTitle("AetherLearn API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));

app.MapAuthEndpoints();
app.MapUsersEndpoints();
app.MapCentresEndpoints();
app.MapAuditEndpoints();
app.MapEventsEndpoints();
app.MapContentEndpoints();
app.MapSessionsEndpoints();
app.MapLiveSessionEndpoints();
app.MapNotificationsEndpoints();
app.MapProgressionEndpoints();
app.MapAttemptsEndpoints();
app.MapHomeworkEndpoints();
app.MapGamificationEndpoints();
app.MapAccountEndpoints();

// The page policy (Common/SecurityHeaders) carries frame-ancestors itself: no second, partial CSP header from Blazor.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

app.Run();

public partial class Program;
