using System.Text.Json;

namespace AetherLearn.Web.Common;

/// <summary>
/// For endpoints whose JSON body may be left out entirely (start an attempt, submit, cancel a session).
/// Declaring such a body as a parameter would make routing demand a JSON content type even when there is no body.
/// Their maps say <c>.Accepts&lt;T&gt;(isOptional: true, …)</c>, so OpenAPI and the input sweeps (issue #11) still see the body type.
/// </summary>
public static class OptionalBody
{
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any())) { return null; }
        if (!request.HasJsonContentType()) { throw new BadHttpRequestException("Send the body as application/json", StatusCodes.Status415UnsupportedMediaType); }
        try
        {
            return await request.ReadFromJsonAsync<T>(JsonSetup.Options, ct);
        }
        catch (JsonException error)
        {
            throw new BadHttpRequestException("Failed to read the request body", StatusCodes.Status400BadRequest, error);
        }
    }
}
