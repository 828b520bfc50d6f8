using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// One prepared <c>INSERT … ON CONFLICT DO NOTHING</c>, run per event inside one transaction. Both providers accept the
/// statement; only how a GUID is bound differs (SQLite keeps EF's upper-case text, PostgreSQL a uuid).
/// </summary>
public sealed class SqlEventStore(ParcoursDbFactory factory) : IEventStore
{
    private const string Insert = """
        INSERT INTO events ("WorkspaceId", "Id", "MessageId", "Type", "Name", "UserId", "AnonymousId", "GroupId", "PreviousId",
                             "Timestamp", "ReceivedAt", "Properties", "Context", "WriteKeyId")
        VALUES (@w, @id, @m, @t, @n, @u, @a, @g, @p, @ts, @r, @props, @ctx, @k)
        ON CONFLICT ("WorkspaceId", "MessageId") DO NOTHING
        """;

    private static readonly string[] ParameterNames = ["w", "id", "m", "t", "n", "u", "a", "g", "p", "ts", "r", "props", "ctx", "k"];

    public async Task<int> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        await using var db = factory.Create();
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        if (sqlite)
        {
            // "Accepted" means durable: in WAL mode only FULL syncs the log at each commit (NORMAL may lose the last
            // commits on power loss), whatever default the SQLite build has.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=FULL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert;
        // Typed up front: PostgreSQL prepares a statement only when every parameter's type is known.
        var idType = sqlite ? DbType.String : DbType.Guid;
        var parameters = ParameterNames.Select(name => Add(command, name, name switch
        {
            "w" or "id" or "k" => idType,
            "ts" or "r" => DbType.DateTime,
            _ => DbType.String,
        })).ToArray();
        await command.PrepareAsync(cancellationToken);

        var inserted = 0;
        foreach (var e in events)
        {
            object?[] values =
            [
                Id(e.WorkspaceId.Value, sqlite), Id(e.Id, sqlite), e.MessageId, e.Type, e.Name, e.UserId, e.AnonymousId, e.GroupId,
                e.PreviousId, Utc(e.Timestamp), Utc(e.ReceivedAt), e.Properties, e.Context, Id(e.WriteKeyId, sqlite),
            ];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    private static DbParameter Add(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    // EF stores a Guid on SQLite as upper-case text; a raw Guid parameter would be bound as a blob and never match.
    private static object Id(Guid id, bool sqlite) => sqlite ? id.ToString().ToUpperInvariant() : id;

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
