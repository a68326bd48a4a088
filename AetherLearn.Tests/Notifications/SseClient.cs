using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AetherLearn.Tests.Notifications;

/// <summary>One server-sent event as it arrived.</summary>
public sealed record SseEvent(string? Id, string? Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
}

/// <summary>A real streaming client of an SSE endpoint: reads the response line by line as it arrives.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SseEvent> _events = [];
    private readonly List<string> _comments = [];
    private readonly Task _reading;

    private SseClient(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> OpenAsync(HttpClient http, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) { request.Headers.Add("Last-Event-ID", lastEventId); }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseClient(response);
    }

    public IReadOnlyList<SseEvent> Events
    {
        get { lock (_events) { return _events.ToList(); } }
    }

    public IReadOnlyList<string> Comments
    {
        get { lock (_events) { return _comments.ToList(); } }
    }

    public async Task<SseEvent> NextAsync(Func<SseEvent, bool> where, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (Events.FirstOrDefault(where) is { } found) { return found; }
            await Task.Delay(25);
        }
        Assert.Fail($"No matching event; received: {string.Join(" | ", Events.Select(e => e.Data))}");
        return null!;
    }

    public async Task WaitForCommentAsync(string comment, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Comments.Contains(comment)) { return; }
            await Task.Delay(25);
        }
        Assert.Fail($"No '{comment}' comment arrived");
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? id = null, type = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0) { lock (_events) { _events.Add(new SseEvent(id, type, data.ToString())); } }
                    (id, type) = (null, null);
                    data.Clear();
                }
                else if (line.StartsWith(':')) { lock (_events) { _comments.Add(line[1..].Trim()); } }
                else if (line.StartsWith("id:")) { id = line[3..].Trim(); }
                else if (line.StartsWith("event:")) { type = line[6..].Trim(); }
                else if (line.StartsWith("data:")) { data.Append(line[5..].TrimStart()); }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException) { }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) { return; }
        await _stop.CancelAsync();
        try { await _reading.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
        _response.Dispose();
        _stop.Dispose();
    }
}
