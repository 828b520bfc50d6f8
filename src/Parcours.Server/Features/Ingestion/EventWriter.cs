using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Parcours.Infrastructure.Ingestion;

namespace Parcours.Server.Features.Ingestion;

/// <summary>
/// The single writer of raw events. Requests hand over their events and wait; the writer takes everything queued (up to
/// <see cref="IngestionOptions.MaxEventsPerCommit"/>, never splitting a request), commits it in one transaction through
/// <see cref="IEventStore"/>, then releases each request. So a 200 always follows a commit, and many small requests share
/// one fsync. The queue is bounded: when it is full, requests wait (backpressure) and then get a 503, never a 200.
/// </summary>
public sealed partial class EventWriter(
    IServiceScopeFactory scopes, IOptions<IngestionOptions> options, TimeProvider clock, ILogger<EventWriter> logger) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>True once every event is committed (or was already stored); false when they could not be written.</summary>
    public async Task<bool> WriteAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken)
    {
        var pending = new Pending(events, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        using var timeout = new CancellationTokenSource(options.Value.EnqueueTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _queue.Writer.WriteAsync(pending, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.QueueFull(logger);
            return false;
        }
        catch (ChannelClosedException)
        {
            return false;
        }

        return await pending.Committed.Task.WaitAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Take no more requests, but commit what is queued: those senders are waiting for their answer.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var group = new List<Pending>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            var count = 0;
            while (count < options.Value.MaxEventsPerCommit && reader.TryRead(out var next))
            {
                group.Add(next);
                count += next.Events.Count;
            }

            var committed = await TryCommitAsync(group.SelectMany(p => p.Events).ToList());
            foreach (var pending in group)
            {
                // One request's events may be what failed the group: commit each request alone so the others still succeed.
                pending.Committed.TrySetResult(committed || (group.Count > 1 && await TryCommitAsync(pending.Events)));
            }
        }
    }

    private async Task<bool> TryCommitAsync(IReadOnlyList<RawEvent> events)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IEventStore>().AppendAsync(events, CancellationToken.None);
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.CommitFailed(logger, events.Count, exception);
            return false;
        }
    }

    private sealed record Pending(IReadOnlyList<RawEvent> Events, TaskCompletionSource<bool> Committed);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Could not commit {Count} events")]
        public static partial void CommitFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Event queue full: a request was refused with 503")]
        public static partial void QueueFull(ILogger logger);
    }
}
