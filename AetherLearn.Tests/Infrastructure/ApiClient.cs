using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AetherLearn.Web.Common;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>A real HTTP client (cookies kept) with the API's JSON conventions.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public static JsonSerializerOptions Json => JsonSetup.Options;

    public void UseBearer(string token) => _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);
    public Task<ApiResponse> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);
    public Task<ApiResponse> PatchAsync(string path, object? body) => SendAsync(HttpMethod.Patch, path, body);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw) { request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json"); }
        else if (body is not null) { request.Content = JsonContent.Create(body, options: Json); }
        using var response = await _http.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    /// <summary>Signs in through the cookie endpoint; throws unless it succeeded.</summary>
    public async Task<ApiResponse> SignInAsync(string email, string password = Demo.Password)
    {
        var response = await PostAsync("/api/auth/signin", new { email, password });
        Assert.True(response.Status == HttpStatusCode.OK, $"sign-in as {email} failed: {response.Body}");
        return response;
    }

    /// <summary>Gets a bearer token and uses it for every later request.</summary>
    public async Task<string> AuthenticateWithTokenAsync(string email, string password = Demo.Password)
    {
        var response = await PostAsync("/api/v1/auth/token", new { email, password });
        Assert.True(response.Status == HttpStatusCode.OK, $"token for {email} failed: {response.Body}");
        var token = response.Data.GetProperty("accessToken").GetString()!;
        UseBearer(token);
        return token;
    }

    public void Dispose() => _http.Dispose();
}

public sealed record ApiResponse(HttpStatusCode Status, string Body, JsonElement Root, HttpResponseHeaders Headers, string? ContentType)
{
    public JsonElement Data => Root.GetProperty("data");
    public bool Success => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("success", out var s) && s.GetBoolean();
    public string? Error => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("error", out var e) ? e.GetString() : null;
    public JsonElement Details => Root.GetProperty("details");

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        JsonElement root;
        try { root = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone(); }
        catch (JsonException) { root = default; }
        return new ApiResponse(response.StatusCode, body, root, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
