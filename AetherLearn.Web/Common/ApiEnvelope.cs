using System.Text.Json.Serialization;
using AetherLearn.Core.Common.Paging;

namespace AetherLearn.Web.Common;

/// <summary>The contract's response shape: <c>{ success, data?, error?, details?, pagination? }</c>.</summary>
public sealed record ApiEnvelope<T>(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] T? Data = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Details = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Pagination? Pagination = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool HasMore = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor = null);

public static class Envelope
{
    public static ApiEnvelope<T> Of<T>(T data) => new(true, data);

    public static ApiEnvelope<IReadOnlyList<T>> Paged<T>(PagedResult<T> page) => new(true, page.Items, Pagination: page.Pagination);

    /// <summary>A timeline page; <c>nextCursor</c> is absent on the last page.</summary>
    public static ApiEnvelope<IReadOnlyList<T>> Cursor<T>(CursorPage<T> page) =>
        new(true, page.Items, HasMore: page.NextCursor is not null, NextCursor: page.NextCursor);

    public static ApiEnvelope<object> Fail(string error, object? details = null) => new(false, Error: error, Details: details);
}
