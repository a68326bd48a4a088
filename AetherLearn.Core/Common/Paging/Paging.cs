namespace AetherLearn.Core.Common.Paging;

/// <summary>Offset paging for tables: page is 1-based, limit 1..100.</summary>
public sealed record PageRequest(int Page = 1, int Limit = 20)
{
    public const int MaxLimit = 100;
    public int SafePage => Math.Max(1, Page);
    public int SafeLimit => Math.Clamp(Limit, 1, MaxLimit);
    public int Offset => (SafePage - 1) * SafeLimit;
}

public sealed record Pagination(int Page, int Limit, int Total, int TotalPages);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, Pagination Pagination)
{
    public static PagedResult<T> Create(IReadOnlyList<T> items, PageRequest request, int total) =>
        new(items, new Pagination(request.SafePage, request.SafeLimit, total, (int)Math.Ceiling(total / (double)request.SafeLimit)));
}

/// <summary>Cursor paging for timelines: <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);
