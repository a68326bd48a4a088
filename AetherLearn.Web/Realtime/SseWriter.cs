using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;

namespace AetherLearn.Web.Realtime;

/// <summary>
/// A server-sent events answer (<c>text/event-stream</c>): the headers that keep proxies from buffering it, the client's
/// reconnect delay, events flushed one by one, and a comment line as a heartbeat whenever nothing was sent for a while
/// (so idle proxies keep the connection and a client notices a dead one).
/// </summary>
public sealed class SseWriter
{
    private readonly HttpResponse _response;

    private SseWriter(HttpResponse response) => _response = response;

    /// <summary>Starts the answer: headers, then <c>retry:</c> (how long a browser waits before reconnecting).</summary>
    public static async Task<SseWriter> StartAsync(HttpContext http, TimeSpan retry, CancellationToken ct)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        // Connection is a hop-by-hop header that HTTP/2 forbids; it belongs on HTTP/1.1 only.
        if (http.Request.Protocol == "HTTP/1.1") { response.Headers.Connection = "keep-alive"; }
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.WriteAsync($"retry: {(long)retry.TotalMilliseconds}\n\n", ct);
        await response.Body.FlushAsync(ct);
        return new SseWriter(response);
    }

    /// <summary>
    /// The id of the last event the client received: the <c>Last-Event-ID</c> header a browser's <c>EventSource</c> sends
    /// when it reconnects, or <c>lastEventId</c> in the query for clients that cannot set headers; null when neither.
    /// </summary>
    public static string? LastEventId(HttpRequest request)
    {
        var value = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(value)) { value = request.Query["lastEventId"].ToString(); }
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>One event, flushed at once. A line break in <paramref name="data"/> becomes another <c>data:</c> line (the client joins them).</summary>
    public async Task WriteEventAsync(string? id, string eventName, string data, CancellationToken ct)
    {
        var lines = string.Join('\n', data.Split('\n').Select(line => $"data: {line.TrimEnd('\r')}"));
        var head = id is null ? "" : $"id: {id}\n";
        await _response.WriteAsync($"{head}event: {eventName}\n{lines}\n\n", ct);
        await _response.Body.FlushAsync(ct);
    }

    public async Task WriteCommentAsync(string comment, CancellationToken ct)
    {
        await _response.WriteAsync($": {comment}\n\n", ct);
        await _response.Body.FlushAsync(ct);
    }

    /// <summary>
    /// Writes each item of <paramref name="items"/> as it arrives, and a heartbeat comment after each
    /// <paramref name="heartbeat"/> without one, until the client goes away (<paramref name="ct"/>).
    /// </summary>
    public async Task RunAsync<T>(ChannelReader<T> items, TimeSpan heartbeat, Func<T, Task> write, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(heartbeat);
                try
                {
                    var next = await items.ReadAsync(wait.Token);
                    await write(next);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteCommentAsync("heartbeat", ct);
                }
            }
        }
        catch (OperationCanceledException) { /* the client went away: the stream ends with its request */ }
    }
}
