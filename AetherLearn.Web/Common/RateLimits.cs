using System.Globalization;
using System.Threading.RateLimiting;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace AetherLearn.Web.Common;

public sealed class RateLimitOptions
{
    /// <summary>API requests per minute from one IP address.</summary>
    public int PerIpPerMinute { get; set; } = 600;
    /// <summary>API requests per minute by one signed-in user (across their devices).</summary>
    public int PerUserPerMinute { get; set; } = 300;
    /// <summary>Failed sign-ins (successes do not count), and password-reset requests, per minute from one IP address.</summary>
    public int SignInPerMinute { get; set; } = 20;
    /// <summary>Failed sign-ins per minute from an address in a network a centre listed as its own (a lab behind one address).</summary>
    public int SignInNetworkPerMinute { get; set; } = 200;
}

/// <summary>
/// Per-IP and per-user partitions on every /api call (429 with Retry-After), plus a tighter limit on password-reset
/// requests. Failed sign-ins are counted by <see cref="SignInThrottle"/>, which can tell a failure from a success.
/// </summary>
public static class RateLimits
{
    public const string PasswordReset = "password-reset";

    public static IServiceCollection AddAetherRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimiting"));
        var o = configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    IsPasswordResetFormPost(context)
                        // The forgot and reset pages share the API's password-reset budget of their address.
                        ? RateLimitPartition.GetFixedWindowLimiter($"reset:{context.Connection.RemoteIpAddress}", _ => Window(o.SignInPerMinute))
                    : ApiPaths.IsApi(context)
                        ? RateLimitPartition.GetFixedWindowLimiter($"ip:{context.Connection.RemoteIpAddress}", _ => Window(o.PerIpPerMinute))
                    : RateLimitPartition.GetNoLimiter("pages")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => ApiPaths.IsApi(context) && context.User.UserId() is { } user
                    ? RateLimitPartition.GetFixedWindowLimiter($"user:{user}", _ => Window(o.PerUserPerMinute))
                    : RateLimitPartition.GetNoLimiter("anonymous")));
            limiter.AddPolicy(PasswordReset, context =>
                RateLimitPartition.GetFixedWindowLimiter($"reset:{context.Connection.RemoteIpAddress}", _ => Window(o.SignInPerMinute)));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                if (ApiPaths.IsApi(context.HttpContext))
                {
                    await ApiPaths.WriteErrorAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, $"Too many requests; try again in {retryAfter} seconds");
                    return;
                }
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync($"Too many attempts from your network. Please wait {retryAfter} seconds and try again.", ct);
            };
        });
        return services;
    }

    private static bool IsPasswordResetFormPost(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && (context.Request.Path.StartsWithSegments("/account/forgot-password") || context.Request.Path.StartsWithSegments("/account/reset-password"));

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
