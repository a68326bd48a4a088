using AetherLearn.Core.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace AetherLearn.Data.Common;

/// <summary>
/// Binary COPY on PostgreSQL, with table, columns, store types and value conversions read from the EF model (so it
/// writes what <c>SaveChanges</c> would); batched inserts through EF on SQLite. No interceptor runs on the COPY path:
/// callers set every column themselves (the centre included), and nothing written this way is audited.
/// </summary>
internal sealed class BulkInsert : IBulkInsert
{
    private const int Batch = 5000;

    public async Task InsertAsync<T>(IDbSession session, IReadOnlyCollection<T> rows, CancellationToken ct = default) where T : class
    {
        var db = (AetherDbContext)session;
        if (rows.Count == 0) { return; }
        // COPY would commit on its own, and the SQLite path saves (and then forgets) whatever else the session holds.
        if (db.Database.CurrentTransaction is null || db.ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException("A bulk insert runs inside the caller's transaction, with no other pending changes");
        }
        if (db.Database.IsNpgsql())
        {
            await CopyAsync(db, rows, ct);
            return;
        }
        foreach (var chunk in rows.Chunk(Batch))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static async Task CopyAsync<T>(AetherDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping())).ToList();
        var sql = $"COPY \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // The connection carries the caller's transaction, so the rows commit (or roll back) with it.
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var importer = await connection.BeginBinaryImportAsync(sql, ct);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(ct);
                foreach (var (property, _, mapping) in columns)
                {
                    var value = property.GetGetter().GetClrValue(row);
                    if (mapping.Converter is { } converter) { value = converter.ConvertToProvider(value); }
                    if (value is null) { await importer.WriteNullAsync(ct); }
                    else { await importer.WriteAsync(value, mapping.StoreType, ct); }
                }
            }
            await importer.CompleteAsync(ct);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }
}
