using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>A real HTTP server on a free local port that answers with <paramref name="handle"/>: the stand-in for an outside service.</summary>
public sealed class LocalHttpEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHttpEndpoint(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public static async Task<LocalHttpEndpoint> StartAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalHttpEndpoint(app, url);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
