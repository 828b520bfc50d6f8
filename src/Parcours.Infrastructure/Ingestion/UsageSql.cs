using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>A change to one day's usage counters of a subject, added to what is stored.</summary>
public readonly record struct DayDelta(UsageSubject Kind, string Key, DateOnly Day, int Events, int ActiveUsers);

/// <summary>A change to one day's count of one event name for a subject, added to what is stored.</summary>
public readonly record struct EventDayDelta(UsageSubject Kind, string Key, DateOnly Day, string EventName, int Count);

/// <summary>The first event of a person on a day: creates the person's row for that day if it is missing.</summary>
public readonly record struct PersonDayStart(string Key, DateOnly Day, string? AccountKey);

/// <summary>
/// The statements of the ingestion hot path, one implementation per provider (DESIGN.md: "SQLite prepared batches,
/// Npgsql binary COPY behind one interface"). Every call runs on the caller's connection and transaction.
/// Statements that are rare (identity lookups, merges) are written once here in SQL both providers accept.
/// </summary>
public abstract class UsageSql(DbConnection connection, DbTransaction transaction)
{
    protected DbConnection Connection => connection;

    /// <summary>The statements of the context's provider, on its open connection and current transaction.</summary>
    public static UsageSql For(DbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Usage statements run inside the caller's transaction.");
        return db.Database.IsSqlite()
            ? new SqliteUsageSql(transaction.Connection!, transaction)
            : new PostgresUsageSql((NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction);
    }

    protected DbTransaction Transaction => transaction;

    /// <summary>Stores the events whose message id is new (the input has no duplicate id) and returns those.</summary>
    public abstract Task<IReadOnlyList<RawEvent>> InsertNewEventsAsync(IReadOnlyList<RawEvent> events, CancellationToken ct);

    public abstract Task UpsertIdentitiesAsync(WorkspaceId workspace, IReadOnlyList<EventIdentity> identities, CancellationToken ct);

    /// <summary>Creates the missing person-day rows (1 active user, 0 events); returns those that were created.</summary>
    public abstract Task<IReadOnlyList<PersonDayStart>> StartPersonDaysAsync(WorkspaceId workspace, IReadOnlyList<PersonDayStart> starts, CancellationToken ct);

    public abstract Task AddDaysAsync(WorkspaceId workspace, IReadOnlyList<DayDelta> deltas, CancellationToken ct);

    public abstract Task AddEventDaysAsync(WorkspaceId workspace, IReadOnlyList<EventDayDelta> deltas, CancellationToken ct);

    /// <summary>Called once the caller's transaction has committed.</summary>
    public virtual void Committed()
    {
    }

    protected abstract object Id(Guid id);

    protected abstract object DayValue(DateOnly day);

    public async Task<Dictionary<string, EventIdentity>> LoadIdentitiesAsync(WorkspaceId workspace, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var found = new Dictionary<string, EventIdentity>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            await using var command = Command();
            var names = chunk.Select((key, i) => Parameter(command, $"k{i}", key)).ToList();
            command.CommandText = $"""
                SELECT "Key", "UserId", "GroupId" FROM event_identities
                WHERE "WorkspaceId" = @w AND "Key" IN ({string.Join(", ", names)})
                """;
            Parameter(command, "w", Id(workspace.Value));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var identity = new EventIdentity
                {
                    WorkspaceId = workspace,
                    Key = reader.GetString(0),
                    UserId = reader.IsDBNull(1) ? null : reader.GetString(1),
                    GroupId = reader.IsDBNull(2) ? null : reader.GetString(2),
                };
                found[identity.Key] = identity;
            }
        }

        return found;
    }

    /// <summary>The usage events an anonymous visitor sent before being identified (they were not counted then).</summary>
    public async Task<List<RawEvent>> LoadAnonymousUsageAsync(WorkspaceId workspace, string anonymousId, CancellationToken ct)
    {
        await using var command = Command();
        command.CommandText = """
            SELECT "Id", "Type", "Name", "GroupId", "Timestamp", "MessageId" FROM events
            WHERE "WorkspaceId" = @w AND "AnonymousId" = @a AND "UserId" IS NULL AND "Type" IN ('track', 'page', 'screen')
            """;
        Parameter(command, "w", Id(workspace.Value));
        Parameter(command, "a", anonymousId);
        var events = new List<RawEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new RawEvent
            {
                WorkspaceId = workspace,
                Id = reader.GetGuid(0),
                Type = reader.GetString(1),
                Name = reader.IsDBNull(2) ? null : reader.GetString(2),
                GroupId = reader.IsDBNull(3) ? null : reader.GetString(3),
                Timestamp = DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc),
                MessageId = reader.GetString(5),
                AnonymousId = anonymousId,
            });
        }

        return events;
    }

    /// <summary>
    /// An alias joined two known users: the former's daily usage moves onto the survivor's, and an account that counted
    /// both as active on the same day counts one.
    /// </summary>
    public async Task MergePersonAsync(WorkspaceId workspace, string from, string to, CancellationToken ct)
    {
        await using var command = Command();
        command.CommandText = """
            UPDATE usage_days SET "ActiveUsers" = "ActiveUsers" - 1
            WHERE "WorkspaceId" = @w AND "SubjectKind" = 1 AND ("SubjectKey", "Day") IN (
                SELECT f."AccountKey", f."Day" FROM usage_days f
                JOIN usage_days t ON t."WorkspaceId" = f."WorkspaceId" AND t."SubjectKind" = 0 AND t."SubjectKey" = @to
                                 AND t."Day" = f."Day" AND t."AccountKey" = f."AccountKey"
                WHERE f."WorkspaceId" = @w AND f."SubjectKind" = 0 AND f."SubjectKey" = @from);
            INSERT INTO usage_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "Events", "ActiveUsers", "AccountKey")
                SELECT "WorkspaceId", 0, @to, "Day", "Events", "ActiveUsers", "AccountKey" FROM usage_days
                WHERE "WorkspaceId" = @w AND "SubjectKind" = 0 AND "SubjectKey" = @from AND true
                ON CONFLICT ("WorkspaceId", "SubjectKind", "SubjectKey", "Day") DO UPDATE SET "Events" = usage_days."Events" + excluded."Events";
            DELETE FROM usage_days WHERE "WorkspaceId" = @w AND "SubjectKind" = 0 AND "SubjectKey" = @from;
            INSERT INTO usage_event_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName", "Count")
                SELECT "WorkspaceId", 0, @to, "Day", "EventName", "Count" FROM usage_event_days
                WHERE "WorkspaceId" = @w AND "SubjectKind" = 0 AND "SubjectKey" = @from AND true
                ON CONFLICT ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName") DO UPDATE SET "Count" = usage_event_days."Count" + excluded."Count";
            DELETE FROM usage_event_days WHERE "WorkspaceId" = @w AND "SubjectKind" = 0 AND "SubjectKey" = @from;
            UPDATE event_identities SET "UserId" = @to WHERE "WorkspaceId" = @w AND "UserId" = @from;
            """;
        Parameter(command, "w", Id(workspace.Value));
        Parameter(command, "from", from);
        Parameter(command, "to", to);
        await command.ExecuteNonQueryAsync(ct);
    }

    protected DbCommand Command()
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        return command;
    }

    protected static string Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (value is string or null)
        {
            parameter.DbType = DbType.String;
        }

        command.Parameters.Add(parameter);
        return "@" + name;
    }

    protected static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
