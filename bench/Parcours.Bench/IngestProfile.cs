using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Ingestion;

namespace Parcours.Bench;

/// <summary>
/// Where one commit's time goes: the steps of <see cref="SqlEventStore.AppendAsync"/> for track events (new events,
/// identity lookups, rollups, commit), replayed with the same public classes and timed one by one; and what the HTTP side
/// costs in CPU per event (building a body, as a client does; parsing it, as <c>TrackingApi</c> does).
/// </summary>
internal static class IngestProfile
{
    public sealed record StorePhases(double InsertEvents, double Identities, double StartPersonDays, double AddDays, double AddEventDays, double Commit)
    {
        public double Total => InsertEvents + Identities + StartPersonDays + AddDays + AddEventDays + Commit;
    }

    /// <summary>Mean milliseconds per commit of <paramref name="batch"/> events for each step.</summary>
    public static async Task<StorePhases> StoreAsync(BenchTarget target, int batch, int commits, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var workspace = await BenchWorkspace.CreateAsync(database, ct);
        var (_, writeKeyId) = await IngestServer.CreateWriteKeyAsync(database, workspace, ct);
        var generator = new IngestEvents(99, "profile");
        var clock = TimeProvider.System;
        var totals = new double[6];
        const int WarmUp = 2;
        for (var i = 0; i < commits + WarmUp; i++)
        {
            var events = generator.RawEvents(batch, workspace, writeKeyId, clock.GetUtcNow());
            await using var db = database.CreateContext(new WorkspaceScope());
            var sqlite = db.Database.IsSqlite();
            await db.Database.OpenConnectionAsync(ct);
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=FULL;", ct);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            UsageSql inner = sqlite
                ? new SqliteUsageSql(connection, dbTransaction)
                : new PostgresUsageSql((NpgsqlConnection)connection, (NpgsqlTransaction)dbTransaction);
            var timed = new TimedUsageSql(inner, sqlite, connection, dbTransaction);
            var started = Stopwatch.GetTimestamp();
            var fresh = await timed.InsertNewEventsAsync(events, ct);
            var inserted = Stopwatch.GetTimestamp();
            await new UsageProjector(timed).ProjectAsync(workspace, fresh, ct);
            var projected = Stopwatch.GetTimestamp();
            await transaction.CommitAsync(ct);
            inner.Committed();
            var committed = Stopwatch.GetTimestamp();
            if (i < WarmUp)
            {
                continue;
            }

            var rollups = timed.StartMs + timed.DaysMs + timed.EventDaysMs;
            totals[0] += Stopwatch.GetElapsedTime(started, inserted).TotalMilliseconds;
            // Identity lookups and upserts are what the projector spends outside the rollup statements.
            totals[1] += Stopwatch.GetElapsedTime(inserted, projected).TotalMilliseconds - rollups;
            totals[2] += timed.StartMs;
            totals[3] += timed.DaysMs;
            totals[4] += timed.EventDaysMs;
            totals[5] += Stopwatch.GetElapsedTime(projected, committed).TotalMilliseconds;
        }

        return new StorePhases(totals[0] / commits, totals[1] / commits, totals[2] / commits, totals[3] / commits, totals[4] / commits, totals[5] / commits);
    }

    /// <summary>Microseconds of one core per event to build batch bodies (client) and to parse them (server, as TrackingApi.Batch does).</summary>
    public static (double BuildMicroseconds, double ParseMicroseconds) HttpSide(int batches)
    {
        var generator = new IngestEvents(5, "parse");
        var clock = TimeProvider.System;
        var envelope = new MessageEnvelope(WorkspaceId.From(Guid.CreateVersion7()), Guid.CreateVersion7(), clock.GetUtcNow().UtcDateTime, null, null, clock);
        var bodies = new List<byte[]>(batches);
        var built = Stopwatch.GetTimestamp();
        for (var i = 0; i < batches; i++)
        {
            bodies.Add(generator.Batch(IngestLoad.BatchSize, clock.GetUtcNow()).Body);
        }

        var buildUs = Stopwatch.GetElapsedTime(built).TotalMicroseconds / (batches * IngestLoad.BatchSize);
        var parsed = Stopwatch.GetTimestamp();
        var count = 0;
        foreach (var body in bodies)
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var sentAt = SegmentMessage.Instant(root, "sentAt", []);
            var batchEnvelope = envelope with { BatchSentAt = sentAt, ReceivedAt = clock.GetUtcNow().UtcDateTime };
            foreach (var message in root.GetProperty("batch").EnumerateArray())
            {
                var (e, _) = SegmentMessage.Parse(message, message.GetProperty("type").GetString()!, batchEnvelope);
                count += e is null ? 0 : 1;
            }
        }

        var parseUs = Stopwatch.GetElapsedTime(parsed).TotalMicroseconds / (batches * IngestLoad.BatchSize);
        if (count != batches * IngestLoad.BatchSize)
        {
            throw new BenchFailure($"{batches * IngestLoad.BatchSize - count} generated messages were rejected by SegmentMessage.Parse.");
        }

        return (buildUs, parseUs);
    }

    /// <summary>The provider's statements, timed; identity lookups run on the base class over the same connection.</summary>
    private sealed class TimedUsageSql(UsageSql inner, bool sqlite, DbConnection connection, DbTransaction transaction) : UsageSql(connection, transaction)
    {
        public double StartMs { get; private set; }

        public double DaysMs { get; private set; }

        public double EventDaysMs { get; private set; }

        public override Task<IReadOnlyList<RawEvent>> InsertNewEventsAsync(IReadOnlyList<RawEvent> events, CancellationToken ct) =>
            inner.InsertNewEventsAsync(events, ct);

        public override Task UpsertIdentitiesAsync(WorkspaceId workspace, IReadOnlyList<EventIdentity> identities, CancellationToken ct) =>
            inner.UpsertIdentitiesAsync(workspace, identities, ct);

        public override async Task<IReadOnlyList<PersonDayStart>> StartPersonDaysAsync(WorkspaceId workspace, IReadOnlyList<PersonDayStart> starts, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            var created = await inner.StartPersonDaysAsync(workspace, starts, ct);
            StartMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return created;
        }

        public override async Task AddDaysAsync(WorkspaceId workspace, IReadOnlyList<DayDelta> deltas, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            await inner.AddDaysAsync(workspace, deltas, ct);
            DaysMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        public override async Task AddEventDaysAsync(WorkspaceId workspace, IReadOnlyList<EventDayDelta> deltas, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            await inner.AddEventDaysAsync(workspace, deltas, ct);
            EventDaysMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        protected override object Id(Guid id) => sqlite ? id.ToString().ToUpperInvariant() : id;

        protected override object DayValue(DateOnly day) => sqlite ? DayText(day) : day;
    }
}
