namespace AetherLearn.Core.Common.Persistence;

/// <summary>
/// Writes many new rows of one entity at once, in the session's current transaction: PostgreSQL's binary COPY where it
/// runs (tens of thousands of rows in a fraction of a second), ordinary batched inserts elsewhere.
/// </summary>
public interface IBulkInsert
{
    Task InsertAsync<T>(IDbSession db, IReadOnlyCollection<T> rows, CancellationToken ct = default) where T : class;
}
