using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// One transaction per call: the events whose message id is new are stored, then the identity graph, the people and
/// accounts of identify/group calls, and the daily rollups are updated from exactly those events. So a message is
/// counted once however often it is retried, and a crash leaves either all of it or none. The reactors (playbook
/// triggers, survey points) then see exactly those events, in the same transaction.
/// </summary>
public sealed partial class SqlEventStore(
    ParcoursDbFactory factory,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<SqlEventStore> logger,
    IEnumerable<IEventReactor> reactors,
    Agenda.AgendaSignal? agenda = null) : IEventStore
{
    private bool _scheduled;

    public async Task<int> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        // Two copies of one message in a single commit (a client retrying fast) are one message.
        var unique = events.DistinctBy(e => (e.WorkspaceId, e.MessageId)).ToList();
        await using var db = factory.Create();
        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (sqlite)
        {
            // "Accepted" means durable: in WAL mode only FULL syncs the log at each commit (NORMAL may lose the last
            // commits on power loss), whatever default the SQLite build has.
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=FULL;", cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sql = UsageSql.For(db);

        var fresh = await sql.InsertNewEventsAsync(unique, cancellationToken);
        foreach (var workspace in fresh.GroupBy(e => e.WorkspaceId))
        {
            var ofWorkspace = workspace.ToList();
            var graph = await new UsageProjector(sql).ProjectAsync(workspace.Key, ofWorkspace, cancellationToken);
            var identifying = workspace.Where(e => e.Type is "identify" or "group").ToList();
            if (identifying.Count > 0)
            {
                await ProjectTraitsAsync(workspace.Key, identifying, graph, transaction, cancellationToken);
            }

            foreach (var reactor in reactors)
            {
                var selected = await reactor.SelectAsync(workspace.Key, ofWorkspace, cancellationToken);
                if (selected.Count > 0)
                {
                    await InSavepointAsync(workspace.Key, transaction, "react", db => reactor.ReactAsync(db, selected, graph, cancellationToken), cancellationToken);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        sql.Committed();
        if (_scheduled)
        {
            // A reactor scheduled agenda items on a context that did not commit itself: wake the worker now that they are visible.
            _scheduled = false;
            agenda?.Nudge();
        }

        return fresh.Count;
    }

    /// <summary>People and accounts from traits, in a savepoint: a trait the database refuses must not lose the events.</summary>
    private Task ProjectTraitsAsync(
        Domain.Common.WorkspaceId workspace, List<RawEvent> events, IdentityGraph graph, IDbContextTransaction transaction, CancellationToken ct) =>
        InSavepointAsync(workspace, transaction, "traits", db => new TraitsProjector(db, clock).ApplyAsync(events, graph, ct), ct);

    /// <summary>
    /// Runs <paramref name="work"/> on a context scoped to <paramref name="workspace"/> that shares the events'
    /// transaction, in a savepoint: what the database refuses there is logged and undone, and the events are kept.
    /// </summary>
    private async Task InSavepointAsync(
        Domain.Common.WorkspaceId workspace, IDbContextTransaction transaction, string savepoint, Func<ParcoursDbContext, Task> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace);
        await using var db = scope.ServiceProvider.GetRequiredService<ParcoursDbFactory>().Create();
        var outer = transaction.GetDbTransaction();
        db.Database.SetDbConnection(outer.Connection, contextOwnsConnection: false);
        await db.Database.UseTransactionAsync(outer, ct);
        await transaction.CreateSavepointAsync(savepoint, ct);
        try
        {
            await work(db);
            await transaction.ReleaseSavepointAsync(savepoint, ct);
            _scheduled |= db.AgendaNudgeOnCommit;
        }
        catch (DbUpdateException exception)
        {
            await transaction.RollbackToSavepointAsync(savepoint, ct);
            Log.Refused(logger, savepoint, workspace.Value, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "The {Step} step of ingestion was refused for workspace {WorkspaceId}; the events are stored")]
        public static partial void Refused(ILogger logger, string step, Guid workspaceId, Exception exception);
    }
}
