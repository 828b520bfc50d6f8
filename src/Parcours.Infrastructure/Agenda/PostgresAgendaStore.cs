using Npgsql;
using NpgsqlTypes;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Agenda;

/// <summary>
/// The agenda on PostgreSQL, shared by any number of nodes. A claim is one statement: the inner SELECT locks the batch
/// with <c>FOR UPDATE SKIP LOCKED</c> (rows another node is claiming are skipped, not waited for), the UPDATE sets the
/// lease and increments the fence, RETURNING hands the rows back. Batches of leases and outcomes go as arrays through
/// <c>unnest</c>, one statement per batch.
/// </summary>
public sealed class PostgresAgendaStore : IAgendaStore, IAsyncDisposable
{
    private const string Columns = """
        a."WorkspaceId", a."Id", a."Kind", a."SubjectId", a."Payload", a."DueAt", a."IdempotencyKey", a."Attempts", a."Fence"
        """;

    private const string ClaimDue = $"""
        UPDATE agenda_items AS a
        SET "Status" = 1, "LeaseOwner" = @owner, "LeaseUntil" = @until, "Fence" = a."Fence" + 1,
            "Attempts" = a."Attempts" + 1, "LastAttemptAt" = @now
        FROM (SELECT "WorkspaceId", "Id" FROM agenda_items
              WHERE "Status" = 0 AND "DueAt" <= @now
              ORDER BY "DueAt" LIMIT @max FOR UPDATE SKIP LOCKED) AS c
        WHERE a."WorkspaceId" = c."WorkspaceId" AND a."Id" = c."Id"
        RETURNING {Columns}
        """;

    private const string ClaimExpired = $"""
        UPDATE agenda_items AS a
        SET "LeaseOwner" = @owner, "LeaseUntil" = @until, "Fence" = a."Fence" + 1,
            "Attempts" = a."Attempts" + 1, "LastAttemptAt" = @now
        FROM (SELECT "WorkspaceId", "Id" FROM agenda_items
              WHERE "Status" = 1 AND "LeaseUntil" <= @now
              ORDER BY "LeaseUntil" LIMIT @max FOR UPDATE SKIP LOCKED) AS c
        WHERE a."WorkspaceId" = c."WorkspaceId" AND a."Id" = c."Id"
        RETURNING {Columns}
        """;

    private const string Extend = """
        UPDATE agenda_items AS a SET "LeaseUntil" = @until
        FROM unnest(@w, @id, @fence) AS c(w, id, fence)
        WHERE a."WorkspaceId" = c.w AND a."Id" = c.id AND a."Fence" = c.fence AND a."Status" = 1
        RETURNING a."Id"
        """;

    private const string Finish = """
        UPDATE agenda_items AS a
        SET "Status" = c.status, "DueAt" = COALESCE(c.due, a."DueAt"), "LastError" = COALESCE(c.error, a."LastError"),
            "CompletedAt" = CASE WHEN c.status = 2 THEN @now ELSE NULL END, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        FROM unnest(@w, @id, @fence, @status, @due, @error) AS c(w, id, fence, status, due, error)
        WHERE a."WorkspaceId" = c.w AND a."Id" = c.id AND a."Fence" = c.fence AND a."Status" = 1
        RETURNING a."Id"
        """;

    private const string NextDue = """SELECT min("DueAt") FROM agenda_items WHERE "Status" = 0""";

    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlDataSource _leases;

    public PostgresAgendaStore(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        // Claims and heartbeats commit without waiting for the WAL flush. Losing the last of them in a server crash is
        // harmless: the item is claimable again, and the worker's outcome, fenced on the lost claim, is refused, so the
        // item runs once more (delivery is at least once; the effect ledger stops repeated sends). Outcomes stay durable.
        _leases = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c synchronous_commit=off" }.ToString());
    }

    public Task<IReadOnlyList<ClaimedItem>> ClaimDueAsync(string owner, int max, DateTime now, DateTime leaseUntil, CancellationToken ct) =>
        ClaimAsync(ClaimDue, owner, max, now, leaseUntil, ct);

    public Task<IReadOnlyList<ClaimedItem>> ClaimExpiredAsync(string owner, int max, DateTime now, DateTime leaseUntil, CancellationToken ct) =>
        ClaimAsync(ClaimExpired, owner, max, now, leaseUntil, ct);

    public async Task<IReadOnlyList<bool>> ExtendAsync(IReadOnlyList<AgendaLease> leases, DateTime leaseUntil, CancellationToken ct)
    {
        if (leases.Count == 0)
        {
            return [];
        }

        await using var command = _leases.CreateCommand(Extend);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("until", Utc(leaseUntil)));
        AddLeases(command, leases);
        return await AcceptedAsync(command, leases, ct);
    }

    public async Task<IReadOnlyList<bool>> FinishAsync(IReadOnlyList<AgendaFinish> finishes, DateTime now, CancellationToken ct)
    {
        if (finishes.Count == 0)
        {
            return [];
        }

        await using var command = _source.CreateCommand(Finish);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", Utc(now)));
        AddLeases(command, [.. finishes.Select(f => f.Lease)]);
        command.Parameters.Add(new NpgsqlParameter<int[]>("status", [.. finishes.Select(f => (int)f.Status)]));
        command.Parameters.Add(new NpgsqlParameter("due", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = finishes.Select(f => f.RetryAt is { } at ? (object)Utc(at) : DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = finishes.Select(f => (object?)f.Error ?? DBNull.Value).ToArray(),
        });
        return await AcceptedAsync(command, [.. finishes.Select(f => f.Lease)], ct);
    }

    public async Task<DateTime?> NextDueAsync(CancellationToken ct)
    {
        await using var command = _source.CreateCommand(NextDue);
        return await command.ExecuteScalarAsync(ct) is DateTime due ? Utc(due) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync();
        await _leases.DisposeAsync();
    }

    private async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string sql, string owner, int max, DateTime now, DateTime leaseUntil, CancellationToken ct)
    {
        await using var command = _leases.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("until", Utc(leaseUntil)));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", Utc(now)));
        command.Parameters.Add(new NpgsqlParameter<int>("max", max));
        var items = new List<ClaimedItem>(max);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new ClaimedItem(
                new WorkspaceId(reader.GetGuid(0)), reader.GetGuid(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                Utc(reader.GetDateTime(5)), reader.GetString(6), reader.GetInt32(7), reader.GetInt64(8)));
        }

        // RETURNING keeps no order; handlers start earliest-due first.
        items.Sort((x, y) => x.DueAt.CompareTo(y.DueAt));
        return items;
    }

    private static void AddLeases(NpgsqlCommand command, IReadOnlyList<AgendaLease> leases)
    {
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("w", [.. leases.Select(l => l.WorkspaceId.Value)]));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("id", [.. leases.Select(l => l.Id)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("fence", [.. leases.Select(l => l.Fence)]));
    }

    private static async Task<IReadOnlyList<bool>> AcceptedAsync(NpgsqlCommand command, IReadOnlyList<AgendaLease> leases, CancellationToken ct)
    {
        var accepted = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            accepted.Add(reader.GetGuid(0));
        }

        return [.. leases.Select(l => accepted.Contains(l.Id))];
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
