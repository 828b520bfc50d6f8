using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Parcours.Domain.Scheduling;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Server.Features.Agenda;

/// <summary>
/// This node's share of the agenda. One loop claims due items in batches (and, at each poll, items whose lease ran out),
/// runs each handler in a scope entered for the item's workspace with at most <see cref="AgendaOptions.Concurrency"/>
/// at once, heartbeats the leases of running items, and hands outcomes to a writer that commits them in batches,
/// each conditional on the item's fence. When idle it sleeps on the <see cref="TimeProvider"/> until the next due item,
/// the next poll, or a nudge from an item scheduled on this node.
/// <para>
/// Stopping: no more claims; running handlers finish and their outcomes are written. If the host stops waiting first,
/// the rest are abandoned as a crash would leave them: still claimed, run again by any node once their lease expires.
/// </para>
/// </summary>
public sealed partial class AgendaWorker(
    IServiceScopeFactory scopes,
    IAgendaStore store,
    AgendaSignal signal,
    AgendaHandlers handlers,
    AgendaJitter jitter,
    IOptions<AgendaOptions> options,
    TimeProvider clock,
    ILogger<AgendaWorker> logger) : BackgroundService
{
    private readonly AgendaOptions _options = options.Value;
    private readonly ConcurrentDictionary<Guid, Run> _running = new();
    private readonly Channel<Outcome> _outcomes = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abandon = new();
    private readonly AgendaSignal _slotFreed = new();
    private readonly SemaphoreSlim _writers = new(options.Value.OutcomeWriters);

    /// <summary>Names this process on the leases it holds: a restarted node is a new owner.</summary>
    public string Owner { get; } = NewOwner();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's patience is over when its token fires: abandon what still runs, as a crash would.
        await using var registration = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abandon.Cancel();
        _abandon.Dispose();
        _writers.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.WorkerEnabled)
        {
            return;
        }

        Log.Started(logger, Owner, _options.Concurrency, handlers.Kinds.Count);
        var writer = Task.Run(WriteOutcomesAsync, CancellationToken.None);
        try
        {
            await LoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Graceful stop: wait for the running handlers, then for their outcomes to be written.
        try
        {
            await Task.WhenAll(_running.Values.Select(r => r.Task)).WaitAsync(_abandon.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _outcomes.Writer.TryComplete();
        await writer;
    }

    private static readonly TimeSpan BusyRetry = TimeSpan.FromMilliseconds(10);

    private static readonly Task Never = new TaskCompletionSource().Task;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private int Free => _options.Concurrency - _running.Count;

    private async Task LoopAsync(CancellationToken ct)
    {
        var nextPoll = DateTime.MinValue;
        var nextHeartbeat = Now + _options.Heartbeat;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var nudged = signal.Next;
            var slotFreed = _slotFreed.Next;
            try
            {
                var now = Now;
                // Heartbeat before the sweep: this node's own running items must never look expired to itself.
                if (now >= nextHeartbeat)
                {
                    await HeartbeatAsync(now, ct);
                    nextHeartbeat = now + _options.Heartbeat;
                }

                if (now >= nextPoll && Free > 0)
                {
                    Dispatch(await store.ClaimExpiredAsync(Owner, Free, now, now + _options.Lease, ct));
                    nextPoll = now + _options.PollInterval;
                }

                var wanted = Math.Min(Free, _options.BatchSize);
                if (wanted > 0)
                {
                    // Small batches and many free slots: several claim statements at once (on PostgreSQL their
                    // commits overlap); each takes different rows thanks to SKIP LOCKED, or the gate on SQLite.
                    var statements = Math.Clamp(Free / wanted, 1, _options.ParallelClaims);
                    var claimed = statements == 1
                        ? [await store.ClaimDueAsync(Owner, wanted, now, now + _options.Lease, ct)]
                        : await Task.WhenAll(Enumerable.Range(0, statements).Select(_ => store.ClaimDueAsync(Owner, wanted, now, now + _options.Lease, ct)));
                    foreach (var batch in claimed)
                    {
                        Dispatch(batch);
                    }

                    if (claimed.All(batch => batch.Count == wanted))
                    {
                        continue;
                    }
                }

                var wakeAt = nextPoll < nextHeartbeat ? nextPoll : nextHeartbeat;
                if (Free > 0 && await store.NextDueAsync(ct) is { } nextDue && nextDue < wakeAt)
                {
                    // Due but not claimed: another node is claiming those rows right now (SKIP LOCKED); look again shortly.
                    wakeAt = nextDue > now ? nextDue : now + BusyRetry;
                }

                await SleepAsync(wakeAt, nudged, slotFreed, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Log.LoopFailed(logger, e);
                await SleepAsync(Now + _options.PollInterval, nudged, Never, ct);
            }
        }
    }

    /// <summary>Sleeps on the TimeProvider until <paramref name="wakeAt"/>, a nudge, or a freed slot.</summary>
    private async Task SleepAsync(DateTime wakeAt, Task nudged, Task slotFreed, CancellationToken ct)
    {
        if (wakeAt <= Now)
        {
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = wakeAt - Now;
        var timer = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, clock, cancel.Token);
        // The clock may have moved between reading it and arming the timer (a test advancing a fake clock).
        if (Now < wakeAt)
        {
            await Task.WhenAny(timer, nudged, slotFreed);
        }

        await cancel.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    private void Dispatch(IReadOnlyList<ClaimedItem> items)
    {
        foreach (var item in items)
        {
            var run = new Run(item, CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token));
            _running[item.Id] = run;
            if (item.Attempts > _options.MaxAttempts)
            {
                // Claimed again after its lease expired so many times: it crashes or hangs whatever runs it.
                run.Task = FinishAsync(run, AgendaFinish.Park(item.Lease,
                    $"Gave up after {item.Attempts - 1} attempts whose lease expired without an answer: the handler may crash or hang its node."));
                continue;
            }

            run.Task = Task.Run(() => RunAsync(run), CancellationToken.None);
        }
    }

    private async Task RunAsync(Run run)
    {
        var item = run.Item;
        AgendaFinish finish;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(item.WorkspaceId);
            if (handlers.Resolve(scope.ServiceProvider, item.Kind) is not { } handler)
            {
                Log.UnknownKind(logger, item.Id, item.Kind);
                finish = AgendaFinish.Park(item.Lease, $"No handler for the kind '{item.Kind}' on this server. Replay it once a server that knows it runs.");
            }
            else
            {
                var work = new AgendaWork(item.WorkspaceId, item.Id, item.Kind, item.SubjectId, item.Payload, item.DueAt, item.IdempotencyKey, item.Attempts, item.Fence);
                finish = await handler.HandleAsync(work, run.Cancel.Token) switch
                {
                    AgendaResult.Failed failed => Failure(item, failed.Error, failed.After),
                    AgendaResult.Parked parked => AgendaFinish.Park(item.Lease, parked.Reason),
                    _ => AgendaFinish.Done(item.Lease),
                };
            }
        }
        catch (OperationCanceledException) when (run.Cancel.IsCancellationRequested)
        {
            // The host stopped waiting, or the lease was lost: leave the item claimed; its lease decides who runs it next.
            Log.Abandoned(logger, item.Id, item.Kind);
            Forget(run);
            return;
        }
        catch (Exception e)
        {
            Log.HandlerFailed(logger, item.Id, item.Kind, item.Attempts, e);
            finish = Failure(item, $"{e.GetType().Name}: {e.Message}", null);
        }

        await FinishAsync(run, finish);
    }

    private AgendaFinish Failure(ClaimedItem item, string error, TimeSpan? after)
    {
        if (item.Attempts >= _options.MaxAttempts)
        {
            Log.Parked(logger, item.Id, item.Kind, item.Attempts);
            return AgendaFinish.Park(item.Lease, $"Gave up after {item.Attempts} attempts. Last error: {error}");
        }

        var delay = after ?? RetryBackoff.Delay(item.Attempts, _options.BaseBackoff, _options.MaxBackoff, jitter.NextUnit());
        return AgendaFinish.Retry(item.Lease, Now + delay, error);
    }

    private async Task FinishAsync(Run run, AgendaFinish finish)
    {
        run.Finishing = true;
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_outcomes.Writer.TryWrite(new Outcome(run, finish, written)))
        {
            Forget(run);
            return;
        }

        await written.Task;
    }

    /// <summary>
    /// Commits outcomes in batches (one statement or transaction each), each conditional on its fence, with up to
    /// <see cref="AgendaOptions.OutcomeWriters"/> batches in flight.
    /// </summary>
    private async Task WriteOutcomesAsync()
    {
        var writers = _writers;
        var inFlight = new List<Task>();
        try
        {
            while (await _outcomes.Reader.WaitToReadAsync(_abandon.Token))
            {
                await writers.WaitAsync(_abandon.Token);
                var batch = new List<Outcome>(_options.CompletionBatchSize);
                while (batch.Count < _options.CompletionBatchSize && _outcomes.Reader.TryRead(out var outcome))
                {
                    batch.Add(outcome);
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                inFlight.Add(WriteBatchAsync(batch, writers));
            }

            await Task.WhenAll(inFlight);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // Abandoned: nothing more is written; release the runs waiting on their outcome.
            while (_outcomes.Reader.TryRead(out var left))
            {
                left.Written.TrySetResult();
            }
        }
    }

    private async Task WriteBatchAsync(List<Outcome> batch, SemaphoreSlim writers)
    {
        try
        {
            var accepted = await WriteWithRetryAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                if (!accepted[i])
                {
                    Log.StaleFinishRefused(logger, batch[i].Run.Item.Id, batch[i].Run.Item.Fence);
                }

                Forget(batch[i].Run);
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
        }
        finally
        {
            writers.Release();
            foreach (var outcome in batch)
            {
                outcome.Written.TrySetResult();
            }
        }
    }

    private async Task<IReadOnlyList<bool>> WriteWithRetryAsync(List<Outcome> batch)
    {
        while (true)
        {
            try
            {
                return await store.FinishAsync([.. batch.Select(o => o.Finish)], Now, _abandon.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The items stay in flight, so their leases keep being extended while the database is away.
                Log.WriteFailed(logger, batch.Count, e);
                await Task.Delay(_options.PollInterval, clock, _abandon.Token);
            }
        }
    }

    private async Task HeartbeatAsync(DateTime now, CancellationToken ct)
    {
        var runs = _running.Values.Where(r => !r.Finishing).ToList();
        if (runs.Count == 0)
        {
            return;
        }

        var held = await store.ExtendAsync([.. runs.Select(r => r.Item.Lease)], now + _options.Lease, ct);
        for (var i = 0; i < runs.Count; i++)
        {
            if (!held[i] && !runs[i].Finishing)
            {
                // Another node took it over (this one stalled past its lease): stop, its answer would be refused anyway.
                Log.LeaseLost(logger, runs[i].Item.Id, runs[i].Item.Fence);
                try
                {
                    await runs[i].Cancel.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // It ended meanwhile.
                }
            }
        }
    }

    private void Forget(Run run)
    {
        if (_running.TryRemove(run.Item.Id, out _))
        {
            run.Cancel.Dispose();
            // Wake the loop only when a claim worth a statement fits again.
            if (Free >= Math.Max(1, Math.Min(_options.BatchSize, _options.Concurrency) / 2))
            {
                _slotFreed.Nudge();
            }
        }
    }

    private static string NewOwner()
    {
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return owner.Length <= AgendaItem.MaxOwnerLength ? owner : owner[^AgendaItem.MaxOwnerLength..];
    }

    private sealed class Run(ClaimedItem item, CancellationTokenSource cancel)
    {
        public ClaimedItem Item { get; } = item;

        public CancellationTokenSource Cancel { get; } = cancel;

        public Task Task { get; set; } = Task.CompletedTask;

        public volatile bool Finishing;
    }

    private sealed record Outcome(Run Run, AgendaFinish Finish, TaskCompletionSource Written);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Agenda worker {Owner} started: {Concurrency} at once, {Kinds} kinds")]
        public static partial void Started(ILogger logger, string owner, int concurrency, int kinds);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Agenda item {ItemId} ({Kind}) failed at attempt {Attempt}")]
        public static partial void HandlerFailed(ILogger logger, Guid itemId, string kind, int attempt, Exception exception);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Agenda item {ItemId} ({Kind}) parked after {Attempts} attempts")]
        public static partial void Parked(ILogger logger, Guid itemId, string kind, int attempts);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Agenda item {ItemId}: outcome refused, fence {Fence} is stale (another worker holds it)")]
        public static partial void StaleFinishRefused(ILogger logger, Guid itemId, long fence);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Agenda item {ItemId}: lease with fence {Fence} lost, run cancelled")]
        public static partial void LeaseLost(ILogger logger, Guid itemId, long fence);

        [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "Agenda worker loop failed; retrying at the next poll")]
        public static partial void LoopFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 6007, Level = LogLevel.Error, Message = "Writing {Count} agenda outcomes failed; retrying")]
        public static partial void WriteFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Agenda item {ItemId} ({Kind}) abandoned unfinished; it runs again when its lease expires")]
        public static partial void Abandoned(ILogger logger, Guid itemId, string kind);

        [LoggerMessage(EventId = 6009, Level = LogLevel.Error, Message = "Agenda item {ItemId} has the kind {Kind}, which no handler serves; parked")]
        public static partial void UnknownKind(ILogger logger, Guid itemId, string kind);
    }
}
