using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Bench;

/// <summary>
/// Ingestion throughput (issue 4, "Performance"). Each run, on a fresh database each:
/// <list type="number">
/// <item>the reference: <see cref="IEventStore.AppendAsync"/> called directly from one thread with batches of
/// <see cref="ReferenceBatch"/> events (the writer's largest commit), the store's own limit with no HTTP;</item>
/// <item>the maximum through HTTP: the real server on Kestrel, N clients posting 100-event batches to <c>/v1/batch</c>
/// as fast as they are answered; then half that rate offered at a fixed pace, for the acknowledgement latency at half load.</item>
/// </list>
/// Every 200 must follow a commit: at the end the stored events and the rollups must equal the acknowledged events.
/// </summary>
internal sealed class IngestScenario : IScenario
{
    public const int ReferenceBatch = 5_000;

    /// <summary>About the size of the HTTP pass's group commits with 8 clients: separates commit size from HTTP costs.</summary>
    public const int SmallBatch = 500;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public string Name => "ingest";

    public string Description => "events/s through /v1/batch vs IEventStore directly; ack latency; memory (--duration, --clients)";

    public async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var runs = new List<(ReferenceRun Reference, HttpRun Http)>();
        for (var run = 1; run <= options.Runs; run++)
        {
            Progress.Write($"ingest / {target.Name}: run {run} of {options.Runs}, reference (IEventStore directly, {options.Duration.TotalSeconds:0} s)");
            var reference = await ReferenceAsync(target, ReferenceBatch, options.Duration, run, ct);
            var small = await ReferenceAsync(target, SmallBatch, options.Duration / 2, run + 50, ct);
            Progress.Write($"ingest / {target.Name}: reference {reference.EventsPerSecond:N0} events/s; HTTP with {options.Clients} clients ({options.Duration.TotalSeconds:0} s, then half load)");
            var http = await HttpAsync(target, options, run, ct);
            Progress.Write($"ingest / {target.Name}: HTTP {http.Max.EventsPerSecond:N0} events/s, half load p99 {Stats.Percentile(http.Half.LatenciesMs, 99):0} ms");
            runs.Add((reference with { SmallBatchEventsPerSecond = small.EventsPerSecond }, http));
        }

        Progress.Write($"ingest / {target.Name}: profiling one {ReferenceBatch:N0}-event commit step by step, and the HTTP side's CPU per event");
        var phases = await IngestProfile.StoreAsync(target, ReferenceBatch, 6, ct);
        var (buildUs, parseUs) = IngestProfile.HttpSide(500);

        var target25 = target.Provider == DatabaseProvider.Sqlite ? 25_000 : 50_000;
        var maxRate = runs.ConvertAll(r => r.Http.Max.EventsPerSecond);
        var ratio = runs.ConvertAll(r => r.Http.Max.EventsPerSecond / r.Reference.EventsPerSecond);
        var first = runs[0].Http;
        string Verdict(double value, double goal, string what) => value >= goal ? $"target {what} met" : $"target {what} MISSED";
        const string S = "ingest";
        var p = target.Name;
        return
        [
            new(S, p, $"reference: IEventStore.AppendAsync, {ReferenceBatch:N0}-event commits", "events/s", runs.ConvertAll(r => r.Reference.EventsPerSecond),
                "one thread; time inside AppendAsync only (event generation excluded)"),
            new(S, p, $"reference with {SmallBatch}-event commits", "events/s", runs.ConvertAll(r => r.Reference.SmallBatchEventsPerSecond),
                "same, at about the HTTP pass's commit size (half the duration)"),
            new(S, p, $"reference: one {ReferenceBatch:N0}-event commit", "ms", runs.ConvertAll(r => r.Reference.MeanCommitMs), "mean; dedup + COPY/inserts + identities + rollups + fsync"),
            new(S, p, "HTTP /v1/batch: maximum", "events/s", maxRate,
                $"{options.Clients} clients x {IngestLoad.BatchSize}-event batches of ~{first.BodyBytes / 1024.0:0} KB (~{first.BodyBytes / IngestLoad.BatchSize} B/event); {Verdict(Stats.Median(maxRate), target25, $">= {target25:N0}")}"),
            new(S, p, "HTTP / reference", "x", ratio, Verdict(Stats.Median(ratio), 0.8, ">= 0.8x")),
            new(S, p, "HTTP max: request latency p50", "ms", runs.ConvertAll(r => Stats.Percentile(r.Http.Max.LatenciesMs, 50)),
                $"{first.Max.Requests:N0} requests in run 1"),
            new(S, p, "HTTP max: request latency p99", "ms", runs.ConvertAll(r => Stats.Percentile(r.Http.Max.LatenciesMs, 99)), ""),
            new(S, p, "HTTP max: events per commit", "", runs.ConvertAll(r => r.Http.EventsPerCommit), "group commit of the single writer (mean)"),
            new(S, p, "HTTP max: writer busy", "%", runs.ConvertAll(r => r.Http.WriterBusyShare * 100),
                "share of the pass spent inside AppendAsync"),
            new(S, p, "HTTP max: process CPU", "%", runs.ConvertAll(r => r.Http.CpuShare * 100),
                $"of {Environment.ProcessorCount} cores; server and clients share this process (and the cores with PostgreSQL)"),
            new(S, p, "half load: offered", "events/s", runs.ConvertAll(r => r.Http.HalfOffered), "fixed pace, half the run's maximum"),
            new(S, p, "half load: acknowledged", "events/s", runs.ConvertAll(r => r.Http.Half.EventsPerSecond), ""),
            new(S, p, "half load: ack latency p50", "ms", runs.ConvertAll(r => Stats.Percentile(r.Http.Half.LatenciesMs, 50)),
                "from the planned send time"),
            new(S, p, "half load: ack latency p99", "ms", runs.ConvertAll(r => Stats.Percentile(r.Http.Half.LatenciesMs, 99)), ""),
            new(S, p, "HTTP max: peak working set", "MiB", runs.ConvertAll(r => r.Http.PeakWorkingSet / Memory.MiB),
                "whole process (server + clients), peak reset before the pass"),
            new(S, p, "HTTP max: working set at start", "MiB", runs.ConvertAll(r => r.Http.WorkingSet.Start / Memory.MiB), "1 s samples"),
            new(S, p, "HTTP max: working set at middle", "MiB", runs.ConvertAll(r => r.Http.WorkingSet.Middle / Memory.MiB), ""),
            new(S, p, "HTTP max: working set at end", "MiB", runs.ConvertAll(r => r.Http.WorkingSet.End / Memory.MiB), ""),
            new(S, p, $"profile: one {ReferenceBatch:N0}-event commit, total", "ms", [phases.Total], "6 commits after 2 warm-up, steps of SqlEventStore.AppendAsync timed one by one"),
            new(S, p, "profile: of which new events (dedup + insert)", "ms", [phases.InsertEvents], Share(phases.InsertEvents, phases.Total)),
            new(S, p, "profile: of which identity lookups", "ms", [phases.Identities], Share(phases.Identities, phases.Total)),
            new(S, p, "profile: of which person-day starts", "ms", [phases.StartPersonDays], Share(phases.StartPersonDays, phases.Total)),
            new(S, p, "profile: of which usage_days upserts", "ms", [phases.AddDays], Share(phases.AddDays, phases.Total)),
            new(S, p, "profile: of which usage_event_days upserts", "ms", [phases.AddEventDays], Share(phases.AddEventDays, phases.Total)),
            new(S, p, "profile: of which commit (fsync)", "ms", [phases.Commit], Share(phases.Commit, phases.Total)),
            new(S, p, "profile: HTTP side, parse a batch (server)", "us/event", [parseUs],
                $"JsonDocument + SegmentMessage.Parse, one core: {1_000_000 / parseUs:N0} events/s per core"),
            new(S, p, "profile: HTTP side, build a batch (client)", "us/event", [buildUs], $"one core: {1_000_000 / buildUs:N0} events/s per core"),
            new(S, p, "stored = acknowledged", "", runs.ConvertAll(r => (double)r.Http.Stored),
                "asserted for every run: events and account rollups equal the acknowledged events; no request failed"),
        ];
    }

    private static string Share(double part, double total) => $"{part / total:0%} of the commit";

    private sealed record ReferenceRun(double EventsPerSecond, double MeanCommitMs, double SmallBatchEventsPerSecond = 0);

    private sealed record HttpRun(
        LoadResult Max, LoadResult Half, double HalfOffered, double EventsPerCommit, double WriterBusyShare, double CpuShare,
        long PeakWorkingSet, (long Start, long Middle, long End) WorkingSet, long Stored, int BodyBytes);

    private static async Task<ReferenceRun> ReferenceAsync(BenchTarget target, int batchSize, TimeSpan duration, int run, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var workspace = await BenchWorkspace.CreateAsync(database, ct);
        var (_, writeKeyId) = await IngestServer.CreateWriteKeyAsync(database, workspace, ct);
        await using var services = StoreServices(database);
        var generator = new IngestEvents(run, $"ref{run}");
        var clock = TimeProvider.System;
        long events = 0, commits = 0;
        var inStore = TimeSpan.Zero;
        var started = clock.GetTimestamp();
        var warm = 0;
        while (clock.GetElapsedTime(started) < duration + WarmUp)
        {
            var batch = generator.RawEvents(batchSize, workspace, writeKeyId, clock.GetUtcNow());
            await using var scope = services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IEventStore>();
            var before = clock.GetTimestamp();
            var stored = await store.AppendAsync(batch, ct);
            var elapsed = clock.GetElapsedTime(before);
            if (stored != batch.Count)
            {
                throw new BenchFailure($"The store kept {stored} of {batch.Count} new events.");
            }

            if (warm++ < 2)
            {
                continue; // JIT, partitions, first plans.
            }

            inStore += elapsed;
            events += stored;
            commits++;
        }

        return new ReferenceRun(events / inStore.TotalSeconds, inStore.TotalMilliseconds / commits);
    }

    private static async Task<HttpRun> HttpAsync(BenchTarget target, BenchOptions options, int run, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var workspace = await BenchWorkspace.CreateAsync(database, ct);
        var (key, _) = await IngestServer.CreateWriteKeyAsync(database, workspace, ct);
        await using var server = await IngestServer.StartAsync(database, ct);
        var generators = Enumerable.Range(0, options.Clients).Select(c => new IngestEvents((run * 100) + c, $"r{run}c{c}")).ToList();
        var bodyBytes = new IngestEvents(0, "size").Batch(IngestLoad.BatchSize, TimeProvider.System.GetUtcNow()).Body.Length;

        var warmUp = await IngestLoad.ClosedLoopAsync(server.BatchUrl, key, generators, WarmUp, ct);
        RequireNoFailure(warmUp, "warm-up");

        Memory.ResetPeak();
        var (commitsBefore, eventsBefore, busyBefore) = server.Commits.Snapshot();
        var cpuBefore = CpuTime();
        LoadResult max;
        (long, long, long) workingSet;
        await using (var sampler = new WorkingSetSampler())
        {
            max = await IngestLoad.ClosedLoopAsync(server.BatchUrl, key, generators, options.Duration, ct);
            await sampler.DisposeAsync();
            workingSet = sampler.StartMiddleEnd();
        }

        var peak = Memory.PeakWorkingSet();
        var cpu = (CpuTime() - cpuBefore) / max.Wall / Environment.ProcessorCount;
        var (commitsAfter, eventsAfter, busyAfter) = server.Commits.Snapshot();
        RequireNoFailure(max, "maximum");

        var offered = max.EventsPerSecond / 2;
        var half = await IngestLoad.OpenLoopAsync(server.BatchUrl, key, generators, offered, options.Duration, ct);
        RequireNoFailure(half, "half load");

        var acknowledged = warmUp.AcknowledgedEvents + max.AcknowledgedEvents + half.AcknowledgedEvents;
        var stored = await CheckStoredAsync(database, workspace, acknowledged, ct);
        return new HttpRun(max, half, offered,
            (double)(eventsAfter - eventsBefore) / (commitsAfter - commitsBefore),
            (busyAfter - busyBefore) / max.Wall, cpu, peak, workingSet, stored, bodyBytes);
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static void RequireNoFailure(LoadResult result, string pass)
    {
        if (result.FailureCount > 0)
        {
            throw new BenchFailure($"The {pass} pass had {result.FailureCount} failed requests: {string.Join(", ", result.Failures.Select(f => $"{f.Key} x{f.Value}"))}.");
        }
    }

    /// <summary>The store, as the server registers it, without the server: for the reference and for loading data.</summary>
    public static ServiceProvider StoreServices(BenchDatabase database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.HostSettings()).Build();
        return new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddParcoursDatabase(configuration)
            .AddScoped<IEventStore, SqlEventStore>()
            .BuildServiceProvider();
    }

    /// <summary>Every acknowledged event is stored once, and the accounts' daily rollups count each of them once.</summary>
    public static async Task<long> CheckStoredAsync(BenchDatabase database, WorkspaceId workspace, long acknowledged, CancellationToken ct)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        await using var db = database.CreateContext(scope);
        var stored = await db.Events.LongCountAsync(ct);
        var rolledUp = await db.Set<UsageDay>().Where(d => d.SubjectKind == UsageSubject.Account).SumAsync(d => (long)d.Events, ct);
        if (stored != acknowledged || rolledUp != acknowledged)
        {
            throw new BenchFailure($"{acknowledged:N0} events acknowledged, {stored:N0} stored, {rolledUp:N0} in the account rollups: they must be equal.");
        }

        return stored;
    }

}
