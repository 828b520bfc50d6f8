using Microsoft.Data.Sqlite;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Agenda;

/// <summary>
/// The agenda on SQLite, for one node. Every write goes through one in-process gate (SQLite has one writer anyway, and
/// waiting on a semaphore is cheaper and fairer than SQLite's busy-retry sleeps); a claim is one conditional
/// <c>UPDATE … RETURNING</c>. Batches of leases and outcomes run as one prepared statement in one transaction.
/// GUIDs are bound as EF stores them on SQLite: upper-case text. Its connections sync the WAL at checkpoints, not at
/// every commit (synchronous=NORMAL): a power cut may undo the last claims or outcomes, and the items then simply run
/// again (delivery is at least once; the effect ledger, written on the handler's own fully synced connection, stops
/// repeated sends). An application crash loses nothing.
/// </summary>
public sealed class SqliteAgendaStore(string connectionString) : IAgendaStore, IDisposable
{
    // Spelled differently from the application's string (private cache is SQLite's default anyway), so these
    // connections get a pool of their own and synchronous=NORMAL never reaches a connection EF uses.
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Cache = SqliteCacheMode.Private }.ToString();

    private const string Columns = """
        "WorkspaceId", "Id", "Kind", "SubjectId", "Payload", "DueAt", "IdempotencyKey", "Attempts", "Fence"
        """;

    private const string ClaimDue = $"""
        UPDATE agenda_items
        SET "Status" = 1, "LeaseOwner" = @owner, "LeaseUntil" = @until, "Fence" = "Fence" + 1,
            "Attempts" = "Attempts" + 1, "LastAttemptAt" = @now
        WHERE rowid IN (SELECT rowid FROM agenda_items WHERE "Status" = 0 AND "DueAt" <= @now ORDER BY "DueAt" LIMIT @max)
        RETURNING {Columns}
        """;

    private const string ClaimExpired = $"""
        UPDATE agenda_items
        SET "LeaseOwner" = @owner, "LeaseUntil" = @until, "Fence" = "Fence" + 1,
            "Attempts" = "Attempts" + 1, "LastAttemptAt" = @now
        WHERE rowid IN (SELECT rowid FROM agenda_items WHERE "Status" = 1 AND "LeaseUntil" <= @now ORDER BY "LeaseUntil" LIMIT @max)
        RETURNING {Columns}
        """;

    private const string Extend = """
        UPDATE agenda_items SET "LeaseUntil" = @until
        WHERE "WorkspaceId" = @w AND "Id" = @id AND "Fence" = @fence AND "Status" = 1
        """;

    private const string Finish = """
        UPDATE agenda_items
        SET "Status" = @status, "DueAt" = COALESCE(@due, "DueAt"), "LastError" = COALESCE(@error, "LastError"),
            "CompletedAt" = CASE WHEN @status = 2 THEN @now ELSE NULL END, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "WorkspaceId" = @w AND "Id" = @id AND "Fence" = @fence AND "Status" = 1
        """;

    private const string NextDue = """SELECT min("DueAt") FROM agenda_items WHERE "Status" = 0""";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<IReadOnlyList<ClaimedItem>> ClaimDueAsync(string owner, int max, DateTime now, DateTime leaseUntil, CancellationToken ct) =>
        ClaimAsync(ClaimDue, owner, max, now, leaseUntil, ct);

    public Task<IReadOnlyList<ClaimedItem>> ClaimExpiredAsync(string owner, int max, DateTime now, DateTime leaseUntil, CancellationToken ct) =>
        ClaimAsync(ClaimExpired, owner, max, now, leaseUntil, ct);

    public Task<IReadOnlyList<bool>> ExtendAsync(IReadOnlyList<AgendaLease> leases, DateTime leaseUntil, CancellationToken ct) =>
        EachAsync(Extend, leases, (command, lease) =>
        {
            Set(command, "until", leaseUntil);
            SetLease(command, lease);
        }, ct);

    public Task<IReadOnlyList<bool>> FinishAsync(IReadOnlyList<AgendaFinish> finishes, DateTime now, CancellationToken ct) =>
        EachAsync(Finish, finishes, (command, finish) =>
        {
            SetLease(command, finish.Lease);
            Set(command, "now", now);
            Set(command, "status", (int)finish.Status);
            Set(command, "due", finish.RetryAt);
            Set(command, "error", finish.Error);
        }, ct);

    public async Task<DateTime?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = NextDue;
        return await command.ExecuteScalarAsync(ct) is string due
            ? DateTime.SpecifyKind(DateTime.Parse(due, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : null;
    }

    public void Dispose() => _gate.Dispose();

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        // SQLite's own busy handler waits in small steps for another connection's write; without it the driver
        // retries a busy statement only after long sleeps, which shows as latency spikes.
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    private async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string sql, string owner, int max, DateTime now, DateTime leaseUntil, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Set(command, "owner", owner);
            Set(command, "until", leaseUntil);
            Set(command, "now", now);
            Set(command, "max", max);
            var items = new List<ClaimedItem>(max);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                items.Add(new ClaimedItem(
                    new WorkspaceId(Guid.Parse(reader.GetString(0))), Guid.Parse(reader.GetString(1)), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc), reader.GetString(6), reader.GetInt32(7), reader.GetInt64(8)));
            }

            items.Sort((x, y) => x.DueAt.CompareTo(y.DueAt));
            return items;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<bool>> EachAsync<T>(string sql, IReadOnlyList<T> rows, Action<SqliteCommand, T> bind, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        await _gate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var accepted = new bool[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                bind(command, rows[i]);
                accepted[i] = await command.ExecuteNonQueryAsync(ct) == 1;
            }

            await transaction.CommitAsync(ct);
            return accepted;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void SetLease(SqliteCommand command, AgendaLease lease)
    {
        Set(command, "w", Text(lease.WorkspaceId.Value));
        Set(command, "id", Text(lease.Id));
        Set(command, "fence", lease.Fence);
    }

    private static void Set(SqliteCommand command, string name, object? value)
    {
        var parameter = command.Parameters.Contains(name) ? command.Parameters[name] : command.Parameters.Add(new SqliteParameter { ParameterName = name });
        parameter.Value = value ?? DBNull.Value;
    }

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();
}
