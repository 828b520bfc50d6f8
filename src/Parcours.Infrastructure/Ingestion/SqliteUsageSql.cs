using System.Data;
using System.Data.Common;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// SQLite: one prepared statement per kind of row, run once per row inside the caller's transaction. With one writer and
/// no network round trip, that is SQLite's fastest path; the cost is the single fsync at commit. Multi-row statements
/// were measured slower (2.6× at 16 rows, 5× at 100: Microsoft.Data.Sqlite binds each parameter by name, and looking a
/// name up is linear in the statement's parameter count), see BENCHMARKS.md.
/// </summary>
public sealed class SqliteUsageSql(DbConnection connection, DbTransaction transaction) : UsageSql(connection, transaction)
{
    private const string InsertMessageId = """
        INSERT INTO event_message_ids ("WorkspaceId", "MessageId") VALUES (@w, @m) ON CONFLICT DO NOTHING
        """;

    private const string InsertEvent = """
        INSERT INTO events ("WorkspaceId", "Timestamp", "Id", "MessageId", "Type", "Name", "UserId", "AnonymousId", "GroupId",
                            "PreviousId", "ReceivedAt", "Properties", "Context", "WriteKeyId")
        VALUES (@w, @ts, @id, @m, @t, @n, @u, @a, @g, @p, @r, @props, @ctx, @k)
        """;

    public override async Task<IReadOnlyList<RawEvent>> InsertNewEventsAsync(IReadOnlyList<RawEvent> events, CancellationToken ct)
    {
        await using var claim = await PrepareAsync(InsertMessageId, ct, "w", "m");
        await using var insert = await PrepareAsync(InsertEvent, ct, "w", "ts", "id", "m", "t", "n", "u", "a", "g", "p", "r", "props", "ctx", "k");
        var fresh = new List<RawEvent>(events.Count);
        foreach (var e in events)
        {
            if (await RunAsync(claim, ct, Id(e.WorkspaceId.Value), e.MessageId) == 0)
            {
                continue;
            }

            await RunAsync(insert, ct,
                Id(e.WorkspaceId.Value), Utc(e.Timestamp), Id(e.Id), e.MessageId, e.Type, e.Name, e.UserId, e.AnonymousId,
                e.GroupId, e.PreviousId, Utc(e.ReceivedAt), e.Properties, e.Context, Id(e.WriteKeyId));
            fresh.Add(e);
        }

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

    public override async Task AddDaysAsync(WorkspaceId workspace, IReadOnlyList<DayDelta> deltas, CancellationToken ct)
    {
        await using var command = await PrepareAsync("""
            INSERT INTO usage_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "Events", "ActiveUsers") VALUES (@w, @s, @k, @d, @e, @u)
            ON CONFLICT ("WorkspaceId", "SubjectKind", "SubjectKey", "Day")
            DO UPDATE SET "Events" = "Events" + excluded."Events", "ActiveUsers" = "ActiveUsers" + excluded."ActiveUsers"
            """, ct, "w", "s", "k", "d", "e", "u");
        foreach (var delta in deltas)
        {
            await RunAsync(command, ct, Id(workspace.Value), (int)delta.Kind, delta.Key, DayText(delta.Day), delta.Events, delta.ActiveUsers);
        }
    }

    public override async Task AddEventDaysAsync(WorkspaceId workspace, IReadOnlyList<EventDayDelta> deltas, CancellationToken ct)
    {
        await using var command = await PrepareAsync("""
            INSERT INTO usage_event_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName", "Count") VALUES (@w, @s, @k, @d, @n, @c)
            ON CONFLICT ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName") DO UPDATE SET "Count" = "Count" + excluded."Count"
            """, ct, "w", "s", "k", "d", "n", "c");
        foreach (var delta in deltas)
        {
            await RunAsync(command, ct, Id(workspace.Value), (int)delta.Kind, delta.Key, DayText(delta.Day), delta.EventName, delta.Count);
        }
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
