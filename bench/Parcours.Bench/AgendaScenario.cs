using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Agenda;

namespace Parcours.Bench;

/// <summary>
/// The agenda with a handler that does nothing, so the measure is the agenda itself: items/s from due to committed done,
/// one by one (batch of 1 for claims and outcomes) and batched, on one node and (PostgreSQL) two nodes sharing the
/// database; then due-to-start latency with items scheduled at 1,000 per second on one node. On PostgreSQL, Hangfire and
/// Quartz.NET run the same item count on the same server (<see cref="AgendaPeers"/>), with Parcours / peer ratios.
/// </summary>
internal sealed class AgendaScenario : IScenario
{
    private const int OneByOneItems = 5_000;
    private const int BatchedItems = 40_000;
    private const int OfferedPerSecond = 1_000;
    private static readonly TimeSpan OfferedFor = TimeSpan.FromSeconds(10);

    public string Name => "agenda";

    public string Description => "agenda items/s (no-op handler), one by one and batched, 1 and 2 nodes; due-to-start p50/p99 at 1,000 items/s; PostgreSQL: Hangfire and Quartz.NET beside it";

    public async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var oneByOne = new AgendaOptions { BatchSize = 1, CompletionBatchSize = 1, ParallelClaims = 8, OutcomeWriters = 8 };
        var batched = new AgendaOptions { BatchSize = 500, CompletionBatchSize = 500, Concurrency = 2000 };
        var measures = new List<Measure>();
        var nodes = target.Provider == DatabaseProvider.Postgres ? new[] { 1, 2 } : [1];
        foreach (var count in nodes)
        {
            measures.Add(await ThroughputAsync(target, options.Runs, count, OneByOneItems, oneByOne, "one by one", ct));
            measures.Add(await ThroughputAsync(target, options.Runs, count, BatchedItems, batched, "batched", ct));
        }

        var (p50, p99) = await LatencyAsync(target, options.Runs, ct);
        measures.Add(new Measure("agenda", target.Name, $"due-to-start p50, {OfferedPerSecond:N0} items/s offered, 1 node", "ms", p50, "default options"));
        measures.Add(new Measure("agenda", target.Name, $"due-to-start p99, {OfferedPerSecond:N0} items/s offered, 1 node", "ms", p99, "default options"));
        if (target.Provider == DatabaseProvider.Postgres)
        {
            measures.AddRange(await PeersAsync(target, options.Runs, measures[0], batched, ct));
        }

        return measures;
    }

    /// <summary>
    /// Hangfire and Quartz.NET on the same server with the same item count as the one-by-one rows, then Parcours / peer
    /// (ratio of medians) against the better of each peer's two timings. The batched row is measured again at that count,
    /// since its own row uses 40,000 items.
    /// </summary>
    private static async Task<IReadOnlyList<Measure>> PeersAsync(
        BenchTarget target, int runs, Measure oneByOne, AgendaOptions batched, CancellationToken ct)
    {
        if (oneByOne.Name != "items/s, one by one, 1 node" || OneByOneItems != AgendaPeers.Items)
        {
            throw new BenchFailure("agenda: the peers are compared with the one-by-one row on one node, at the same item count.");
        }

        var sameCount = await ThroughputAsync(target, runs, 1, AgendaPeers.Items, batched, "batched", ct);
        var peers = await AgendaPeers.RunAsync(target, runs, ct);
        var measures = new List<Measure> { sameCount with { Name = $"{sameCount.Name}, {AgendaPeers.Items:N0} items (for the peers)" } };
        measures.AddRange(peers);
        foreach (var peer in peers.GroupBy(m => m.Name.Split(':')[0]))
        {
            var best = peer.MaxBy(m => m.Median)!;
            foreach (var ours in new[] { (Measure: sameCount, Mode: "batched"), (Measure: oneByOne, Mode: "one by one") })
            {
                measures.Add(new Measure("agenda", target.Name, $"Parcours {ours.Mode} / {peer.Key}", "x", [ours.Measure.Median / best.Median],
                    $"ratio of medians, {AgendaPeers.Items:N0} items each: {ours.Measure.Median:N0} / {best.Median:N0} ({best.Name.Split(", ", 2)[1]}); target ≥ 20x"));
            }
        }

        return measures;
    }

    private static async Task<Measure> ThroughputAsync(
        BenchTarget target, int runs, int nodeCount, int items, AgendaOptions settings, string mode, CancellationToken ct)
    {
        var rates = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            Progress.Write($"agenda / {target.Name}: {mode}, {nodeCount} node(s), run {run} of {runs}");
            await using var database = await BenchDatabase.CreateAsync(target, ct);
            var workspace = await WorkspaceAsync(database, ct);
            var due = TimeProvider.System.GetUtcNow().UtcDateTime;
            await ScheduleAsync(database, workspace, Enumerable.Range(0, items).Select(i => new AgendaEntry(NoopHandler.KindName, due, $"item-{i}")).ToList(), ct);

            var probe = new Probe();
            var started = TimeProvider.System.GetTimestamp();
            var workers = Enumerable.Range(0, nodeCount).Select(_ => new Node(database, settings, probe)).ToList();
            foreach (var worker in workers)
            {
                await worker.StartAsync(ct);
            }

            await UntilDoneAsync(database, workspace, items, ct);
            var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            if (probe.Handled != items)
            {
                throw new BenchFailure($"agenda: {probe.Handled} handler runs for {items} items.");
            }

            rates.Add(items / seconds);
        }

        return new Measure("agenda", target.Name, $"items/s, {mode}, {nodeCount} node{(nodeCount > 1 ? "s" : "")}", "items/s", rates,
            $"{items:N0} items due at once; {settings.BatchSize} per claim ({settings.ParallelClaims} claims at once), {settings.CompletionBatchSize} outcomes per commit ({settings.OutcomeWriters} at once), {settings.Concurrency} running per node");
    }

    private static async Task<(List<double> P50, List<double> P99)> LatencyAsync(BenchTarget target, int runs, CancellationToken ct)
    {
        List<double> p50 = [], p99 = [];
        for (var run = 1; run <= runs; run++)
        {
            Progress.Write($"agenda / {target.Name}: latency at {OfferedPerSecond} items/s, run {run} of {runs}");
            await using var database = await BenchDatabase.CreateAsync(target, ct);
            var workspace = await WorkspaceAsync(database, ct);
            var probe = new Probe();
            await using var node = new Node(database, new AgendaOptions(), probe);
            await node.StartAsync(ct);

            // Every 10 ms, the items that became due, in one transaction, then a nudge, as a handler or request would.
            var clock = TimeProvider.System;
            var scheduler = new AgendaScheduler(clock, node.Signal);
            var perTick = OfferedPerSecond / 100;
            var total = 0;
            var start = clock.GetTimestamp();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10), clock);
            while (clock.GetElapsedTime(start) < OfferedFor && await timer.WaitForNextTickAsync(ct))
            {
                var expected = (int)(clock.GetElapsedTime(start).TotalSeconds * OfferedPerSecond);
                var batch = Math.Max(0, Math.Min(expected - total, perTick * 5));
                var due = clock.GetUtcNow().UtcDateTime;
                await using var db = Context(database, workspace);
                await using (var transaction = await db.Database.BeginTransactionAsync(ct))
                {
                    await scheduler.ScheduleManyAsync(db, Enumerable.Range(total, batch).Select(i => new AgendaEntry(NoopHandler.KindName, due, $"item-{i}")).ToList(), ct);
                    await transaction.CommitAsync(ct);
                }

                node.Signal.Nudge();
                total += batch;
            }

            await UntilDoneAsync(database, workspace, total, ct);
            var latencies = probe.LatenciesMs.ToList();
            p50.Add(Stats.Percentile(latencies, 50));
            p99.Add(Stats.Percentile(latencies, 99));
        }

        return (p50, p99);
    }

    private static async Task<WorkspaceId> WorkspaceAsync(BenchDatabase database, CancellationToken ct)
    {
        await using var db = database.CreateContext(new WorkspaceScope());
        var workspace = Workspace.Create("Agenda bench", false, TimeProvider.System).Value;
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(ct);
        return workspace.Id;
    }

    private static ParcoursDbContext Context(BenchDatabase database, WorkspaceId workspace)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        return database.CreateContext(scope);
    }

    private static async Task ScheduleAsync(BenchDatabase database, WorkspaceId workspace, List<AgendaEntry> entries, CancellationToken ct)
    {
        var scheduler = new AgendaScheduler(TimeProvider.System, new AgendaSignal());
        foreach (var chunk in entries.Chunk(5_000))
        {
            await using var db = Context(database, workspace);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await scheduler.ScheduleManyAsync(db, chunk, ct);
            await transaction.CommitAsync(ct);
        }
    }

    private static async Task UntilDoneAsync(BenchDatabase database, WorkspaceId workspace, int items, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            await using (var db = Context(database, workspace))
            {
                if (await db.AgendaItems.CountAsync(i => i.Status == AgendaStatus.Done, ct) == items)
                {
                    return;
                }
            }

            if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromMinutes(10))
            {
                throw new BenchFailure("agenda: items still not done after 10 minutes.");
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>What the no-op handler saw: how many runs, and how late each started after its due time.</summary>
    internal sealed class Probe
    {
        private int _handled;

        public int Handled => Volatile.Read(ref _handled);

        public ConcurrentQueue<double> LatenciesMs { get; } = new();

        public void Record(DateTime due)
        {
            LatenciesMs.Enqueue((TimeProvider.System.GetUtcNow().UtcDateTime - due).TotalMilliseconds);
            Interlocked.Increment(ref _handled);
        }
    }

    internal sealed class NoopHandler(Probe probe) : IAgendaHandler
    {
        public const string KindName = "bench.noop";

        public string Kind => KindName;

        public Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
        {
            probe.Record(work.DueAt);
            return Task.FromResult(AgendaResult.Done);
        }
    }

    /// <summary>One server node's agenda: its own store, signal and worker, as a separate process would have.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly IAgendaStore _store;
        private readonly AgendaWorker _worker;

        public Node(BenchDatabase database, AgendaOptions settings, Probe probe)
        {
            var services = new ServiceCollection();
            services.AddScoped<WorkspaceScope>();
            services.AddSingleton(probe);
            services.AddAgendaHandler<NoopHandler>();
            services.AddSingleton<AgendaHandlers>();
            _services = services.BuildServiceProvider();
            _store = database.Target.Provider == DatabaseProvider.Postgres
                ? new PostgresAgendaStore(database.ConnectionString)
                : new SqliteAgendaStore(database.ConnectionString);
            _worker = new AgendaWorker(_services.GetRequiredService<IServiceScopeFactory>(), _store, Signal, _services.GetRequiredService<AgendaHandlers>(),
                new AgendaJitter(new Random(1)), Options.Create(settings), TimeProvider.System, NullLogger<AgendaWorker>.Instance);
        }

        public AgendaSignal Signal { get; } = new();

        public Task StartAsync(CancellationToken ct) => _worker.StartAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
            switch (_store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }

            await _services.DisposeAsync();
        }
    }
}
