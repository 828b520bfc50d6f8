using System.Data;
using System.Data.Common;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// SQLite: prepared statements inside the caller's transaction, the bulk ones as multi-row statements of up to
/// <see cref="ChunkRows"/> rows. With one writer and no network round trip that is SQLite's fastest path; the fixed cost
/// is the single fsync at commit.
/// </summary>
public sealed class SqliteUsageSql(DbConnection connection, DbTransaction transaction) : UsageSql(connection, transaction)
{
    private const int ChunkRows = 100;

    public override async Task<IReadOnlyList<RawEvent>> InsertNewEventsAsync(IReadOnlyList<RawEvent> events, CancellationToken ct)
    {
        // The message ids that were new come back from RETURNING (a conflicting row returns nothing).
        var claimed = new HashSet<(string, string)>();
        await RunInChunksAsync(
            """INSERT INTO event_message_ids ("WorkspaceId", "MessageId") VALUES """,
            """ ON CONFLICT DO NOTHING RETURNING "WorkspaceId", "MessageId" """,
            events, e => [Id(e.WorkspaceId.Value), e.MessageId], ct,
            reader => claimed.Add((reader.GetString(0), reader.GetString(1))));
        var fresh = claimed.Count == events.Count
            ? events
            : events.Where(e => claimed.Contains(((string)Id(e.WorkspaceId.Value), e.MessageId))).ToList();
        await RunInChunksAsync(
            """
            INSERT INTO events ("WorkspaceId", "Timestamp", "Id", "MessageId", "Type", "Name", "UserId", "AnonymousId", "GroupId",
                                "PreviousId", "ReceivedAt", "Properties", "Context", "WriteKeyId") VALUES
            """,
            "",
            fresh, e => [Id(e.WorkspaceId.Value), Utc(e.Timestamp), Id(e.Id), e.MessageId, e.Type, e.Name, e.UserId, e.AnonymousId,
                e.GroupId, e.PreviousId, Utc(e.ReceivedAt), e.Properties, e.Context, Id(e.WriteKeyId)], ct);
        return fresh;
    }

    public override async Task UpsertIdentitiesAsync(WorkspaceId workspace, IReadOnlyList<EventIdentity> identities, CancellationToken ct)
    {
        await using var command = await PrepareAsync("""
            INSERT INTO event_identities ("WorkspaceId", "Key", "UserId", "GroupId", "FirstSeenAt") VALUES (@w, @k, @u, @g, @f)
            ON CONFLICT ("WorkspaceId", "Key") DO UPDATE SET "UserId" = excluded."UserId", "GroupId" = excluded."GroupId"
            """, ct, "w", "k", "u", "g", "f");
        foreach (var identity in identities)
        {
            await RunAsync(command, ct, Id(workspace.Value), identity.Key, identity.UserId, identity.GroupId, Utc(identity.FirstSeenAt));
        }
    }

    public override async Task<IReadOnlyList<PersonDayStart>> StartPersonDaysAsync(WorkspaceId workspace, IReadOnlyList<PersonDayStart> starts, CancellationToken ct)
    {
        await using var command = await PrepareAsync("""
            INSERT INTO usage_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "Events", "ActiveUsers", "AccountKey")
            VALUES (@w, 0, @k, @d, 0, 1, @a) ON CONFLICT DO NOTHING
            """, ct, "w", "k", "d", "a");
        var created = new List<PersonDayStart>();
        foreach (var start in starts)
        {
            if (await RunAsync(command, ct, Id(workspace.Value), start.Key, DayText(start.Day), start.AccountKey) == 1)
            {
                created.Add(start);
            }
        }

        return created;
    }

    public override Task AddDaysAsync(WorkspaceId workspace, IReadOnlyList<DayDelta> deltas, CancellationToken ct) =>
        RunInChunksAsync(
            """INSERT INTO usage_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "Events", "ActiveUsers") VALUES """,
            """
            ON CONFLICT ("WorkspaceId", "SubjectKind", "SubjectKey", "Day")
            DO UPDATE SET "Events" = "Events" + excluded."Events", "ActiveUsers" = "ActiveUsers" + excluded."ActiveUsers"
            """,
            deltas, d => [Id(workspace.Value), (int)d.Kind, d.Key, DayText(d.Day), d.Events, d.ActiveUsers], ct);

    public override Task AddEventDaysAsync(WorkspaceId workspace, IReadOnlyList<EventDayDelta> deltas, CancellationToken ct) =>
        RunInChunksAsync(
            """INSERT INTO usage_event_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName", "Count") VALUES """,
            """
            ON CONFLICT ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName") DO UPDATE SET "Count" = "Count" + excluded."Count"
            """,
            deltas, d => [Id(workspace.Value), (int)d.Kind, d.Key, DayText(d.Day), d.EventName, d.Count], ct);

    /// <summary>
    /// Upserts rows <see cref="ChunkRows"/> at a time in one multi-row statement (prepared once per size): per-statement
    /// overhead, not SQLite's B-tree work, is what dominates one-row statements. Rows within a chunk never share a key
    /// (callers aggregate first), so the ON CONFLICT clause sees each key once per statement.
    /// </summary>
    private async Task RunInChunksAsync<T>(
        string insert, string onConflict, IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken ct, Action<DbDataReader>? returned = null)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var columns = values(rows[0]).Length;
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += ChunkRows)
            {
                var count = Math.Min(ChunkRows, rows.Count - start);
                var command = count == ChunkRows ? full ??= await PrepareChunkAsync(insert, onConflict, count, columns, ct) : await PrepareChunkAsync(insert, onConflict, count, columns, ct);
                for (var row = 0; row < count; row++)
                {
                    var rowValues = values(rows[start + row]);
                    for (var column = 0; column < columns; column++)
                    {
                        command.Parameters[(row * columns) + column].Value = rowValues[column] ?? DBNull.Value;
                    }
                }

                if (returned is null)
                {
                    await command.ExecuteNonQueryAsync(ct);
                }
                else
                {
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        returned(reader);
                    }
                }

                if (command != full)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private async Task<DbCommand> PrepareChunkAsync(string insert, string onConflict, int rows, int columns, CancellationToken ct)
    {
        var tuples = Enumerable.Range(0, rows).Select(row => "(" + string.Join(", ", Enumerable.Range(0, columns).Select(c => $"@p{(row * columns) + c}")) + ")");
        return await PrepareAsync(insert + string.Join(", ", tuples) + onConflict, ct,
            [.. Enumerable.Range(0, rows * columns).Select(i => $"p{i}")]);
    }

    // EF stores a Guid on SQLite as upper-case text; a raw Guid parameter would be bound as a blob and never match.
    protected override object Id(Guid id) => id.ToString().ToUpperInvariant();

    protected override object DayValue(DateOnly day) => DayText(day);

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private async Task<DbCommand> PrepareAsync(string sql, CancellationToken ct, params string[] names)
    {
        var command = Command();
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        await command.PrepareAsync(ct);
        return command;
    }

    private static Task<int> RunAsync(DbCommand command, CancellationToken ct, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQueryAsync(ct);
    }
}
