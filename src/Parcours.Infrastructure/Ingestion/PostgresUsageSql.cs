using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// PostgreSQL: events arrive by binary COPY into a per-connection staging table, then one statement keeps those whose
/// message id is new and moves them into the partitioned <c>events</c> table. Rollups are applied as one set-based
/// statement per table (<c>unnest</c> of arrays), so a commit costs a handful of round trips whatever its size.
/// </summary>
public sealed class PostgresUsageSql(NpgsqlConnection connection, NpgsqlTransaction transaction) : UsageSql(connection, transaction)
{
    private const string Columns = """
        "WorkspaceId", "Timestamp", "Id", "MessageId", "Type", "Name", "UserId", "AnonymousId", "GroupId", "PreviousId",
        "ReceivedAt", "Properties", "Context", "WriteKeyId"
        """;

    // Month partitions known to exist, per database; a new month costs one CREATE TABLE IF NOT EXISTS. A partition
    // created in this transaction is only known once it commits.
    private static readonly ConcurrentDictionary<(string Database, DateOnly Month), bool> KnownPartitions = new();

    private readonly List<(string, DateOnly)> _createdPartitions = [];

    public override async Task<IReadOnlyList<RawEvent>> InsertNewEventsAsync(IReadOnlyList<RawEvent> events, CancellationToken ct)
    {
        await EnsurePartitionsAsync(events, ct);
        // Per session and emptied at each commit (or rollback): pooled connections reuse it.
        await ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS events_incoming ON COMMIT DELETE ROWS AS SELECT {Columns} FROM events WITH NO DATA", ct);

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY events_incoming ({Columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in events)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(e.WorkspaceId.Value, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(Utc(e.Timestamp), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.MessageId, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, e.Name, ct);
                await WriteNullableAsync(copy, e.UserId, ct);
                await WriteNullableAsync(copy, e.AnonymousId, ct);
                await WriteNullableAsync(copy, e.GroupId, ct);
                await WriteNullableAsync(copy, e.PreviousId, ct);
                await copy.WriteAsync(Utc(e.ReceivedAt), NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(copy, e.Properties, ct);
                await WriteNullableAsync(copy, e.Context, ct);
                await copy.WriteAsync(e.WriteKeyId, NpgsqlDbType.Uuid, ct);
            }

            await copy.CompleteAsync(ct);
        }

        await using var command = new NpgsqlCommand($"""
            WITH fresh AS (
                INSERT INTO event_message_ids ("WorkspaceId", "MessageId")
                SELECT "WorkspaceId", "MessageId" FROM events_incoming
                ON CONFLICT DO NOTHING
                RETURNING "WorkspaceId", "MessageId")
            INSERT INTO events ({Columns})
            SELECT {string.Join(", ", Columns.Split(',').Select(c => "i." + c.Trim()))}
            FROM events_incoming i JOIN fresh f ON f."WorkspaceId" = i."WorkspaceId" AND f."MessageId" = i."MessageId"
            RETURNING "Id"
            """, connection, transaction);
        var freshIds = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                freshIds.Add(reader.GetGuid(0));
            }
        }

        return freshIds.Count == events.Count ? events : events.Where(e => freshIds.Contains(e.Id)).ToList();
    }

    public override async Task UpsertIdentitiesAsync(WorkspaceId workspace, IReadOnlyList<EventIdentity> identities, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO event_identities ("WorkspaceId", "Key", "UserId", "GroupId", "FirstSeenAt")
            SELECT @w, k, u, g, f FROM unnest(@k, @u, @g, @f) AS t(k, u, g, f)
            ON CONFLICT ("WorkspaceId", "Key") DO UPDATE SET "UserId" = excluded."UserId", "GroupId" = excluded."GroupId"
            """, connection, transaction);
        command.Parameters.AddWithValue("w", workspace.Value);
        command.Parameters.Add(Array("k", identities.Select(i => i.Key)));
        command.Parameters.Add(Array("u", identities.Select(i => i.UserId)));
        command.Parameters.Add(Array("g", identities.Select(i => i.GroupId)));
        command.Parameters.Add(new NpgsqlParameter("f", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = identities.Select(i => Utc(i.FirstSeenAt)).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    public override async Task<IReadOnlyList<PersonDayStart>> StartPersonDaysAsync(WorkspaceId workspace, IReadOnlyList<PersonDayStart> starts, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO usage_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "Events", "ActiveUsers", "AccountKey")
            SELECT @w, 0, k, d, 0, 1, a FROM unnest(@k, @d, @a) AS t(k, d, a)
            ON CONFLICT DO NOTHING
            RETURNING "SubjectKey", "Day", "AccountKey"
            """, connection, transaction);
        command.Parameters.AddWithValue("w", workspace.Value);
        command.Parameters.Add(Array("k", starts.Select(s => s.Key)));
        command.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = starts.Select(s => s.Day).ToArray() });
        command.Parameters.Add(Array("a", starts.Select(s => s.AccountKey)));
        var created = new List<PersonDayStart>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            created.Add(new PersonDayStart(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return created;
    }

    public override async Task AddDaysAsync(WorkspaceId workspace, IReadOnlyList<DayDelta> deltas, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO usage_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "Events", "ActiveUsers")
            SELECT @w, s, k, d, e, u FROM unnest(@s, @k, @d, @e, @u) AS t(s, k, d, e, u)
            ON CONFLICT ("WorkspaceId", "SubjectKind", "SubjectKey", "Day")
            DO UPDATE SET "Events" = usage_days."Events" + excluded."Events", "ActiveUsers" = usage_days."ActiveUsers" + excluded."ActiveUsers"
            """, connection, transaction);
        command.Parameters.AddWithValue("w", workspace.Value);
        command.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = deltas.Select(d => (int)d.Kind).ToArray() });
        command.Parameters.Add(Array("k", deltas.Select(d => d.Key)));
        command.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = deltas.Select(d => d.Day).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = deltas.Select(d => d.Events).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("u", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = deltas.Select(d => d.ActiveUsers).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    public override async Task AddEventDaysAsync(WorkspaceId workspace, IReadOnlyList<EventDayDelta> deltas, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO usage_event_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName", "Count")
            SELECT @w, s, k, d, n, c FROM unnest(@s, @k, @d, @n, @c) AS t(s, k, d, n, c)
            ON CONFLICT ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName")
            DO UPDATE SET "Count" = usage_event_days."Count" + excluded."Count"
            """, connection, transaction);
        command.Parameters.AddWithValue("w", workspace.Value);
        command.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = deltas.Select(d => (int)d.Kind).ToArray() });
        command.Parameters.Add(Array("k", deltas.Select(d => d.Key)));
        command.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = deltas.Select(d => d.Day).ToArray() });
        command.Parameters.Add(Array("n", deltas.Select(d => d.EventName)));
        command.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = deltas.Select(d => d.Count).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    protected override object Id(Guid id) => id;

    protected override object DayValue(DateOnly day) => day;

    /// <summary>Creates the month partitions the events fall in (several nodes may race: IF NOT EXISTS, then retry once).</summary>
    private async Task EnsurePartitionsAsync(IReadOnlyList<RawEvent> events, CancellationToken ct)
    {
        var database = connection.DataSource + "/" + connection.Database;
        foreach (var month in events.Select(e => new DateOnly(e.Timestamp.Year, e.Timestamp.Month, 1)).Distinct())
        {
            if (KnownPartitions.ContainsKey((database, month)))
            {
                continue;
            }

            var next = month.AddMonths(1);
            var sql = string.Create(CultureInfo.InvariantCulture, $"""
                CREATE TABLE IF NOT EXISTS events_{month:yyyy_MM} PARTITION OF events
                FOR VALUES FROM ('{month:yyyy-MM-dd} 00:00:00+00') TO ('{next:yyyy-MM-dd} 00:00:00+00')
                """);
            // Its own transaction would be ideal, but the caller's is open; a savepoint keeps a lost race harmless.
            await ExecuteAsync("SAVEPOINT partition", ct);
            try
            {
                await ExecuteAsync(sql, ct);
                await ExecuteAsync("RELEASE SAVEPOINT partition", ct);
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
                await ExecuteAsync("ROLLBACK TO SAVEPOINT partition", ct);
            }

            _createdPartitions.Add((database, month));
        }
    }

    public override void Committed()
    {
        foreach (var partition in _createdPartitions)
        {
            KnownPartitions[partition] = true;
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Array(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);
}
