using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Parcours.Infrastructure.Ingestion;
using Parcours.Server.Features.Ingestion;

namespace Parcours.Server.Tests.Ingestion;

/// <summary>The writer's promises without a database: no answer before the commit, one commit for many requests, no true after a failure or a full queue.</summary>
public sealed class EventWriterTests
{
    [Fact]
    public async Task WriteAsync_BeforeTheCommitEnds_DoesNotComplete()
    {
        var store = new GatedStore();
        await using var writer = await StartAsync(store, new IngestionOptions());

        var write = writer.Writer.WriteAsync([Event("m-1")], TestContext.Current.CancellationToken);
        await store.Entered.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.False(write.IsCompleted);
        store.Release();
        Assert.True(await write.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_RequestsQueuedDuringACommit_ShareTheNextCommit()
    {
        var store = new GatedStore();
        await using var writer = await StartAsync(store, new IngestionOptions());
        var first = writer.Writer.WriteAsync([Event("m-1")], TestContext.Current.CancellationToken);
        await store.Entered.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var others = Enumerable.Range(2, 5).Select(i => writer.Writer.WriteAsync([Event($"m-{i}"), Event($"m-{i}b")], TestContext.Current.CancellationToken)).ToList();
        store.Release();
        store.Release();

        Assert.All(await Task.WhenAll(others.Append(first)).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), Assert.True);
        Assert.Equal([1, 10], store.Commits);
    }

    [Fact]
    public async Task WriteAsync_StoreFails_ReturnsFalse()
    {
        await using var writer = await StartAsync(new FailingStore(), new IngestionOptions());

        Assert.False(await writer.Writer.WriteAsync([Event("m-1")], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_QueueFullPastTheTimeout_ReturnsFalse()
    {
        var store = new GatedStore();
        var clock = new FakeTimeProvider();
        await using var writer = await StartAsync(store, new IngestionOptions { QueueCapacity = 1, EnqueueTimeout = TimeSpan.FromSeconds(5) }, clock);
        var inFlight = writer.Writer.WriteAsync([Event("m-1")], TestContext.Current.CancellationToken);
        await store.Entered.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var queued = writer.Writer.WriteAsync([Event("m-2")], TestContext.Current.CancellationToken);

        var refused = writer.Writer.WriteAsync([Event("m-3")], TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.False(await refused.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        store.Release();
        store.Release();
        Assert.True(await inFlight.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.True(await queued.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    private static RawEvent Event(string messageId) => new() { MessageId = messageId, Type = "track", Name = "E", UserId = "u-1" };

    private static async Task<RunningWriter> StartAsync(IEventStore store, IngestionOptions options, TimeProvider? clock = null)
    {
        var services = new ServiceCollection().AddScoped(_ => store).BuildServiceProvider();
        var writer = new EventWriter(services.GetRequiredService<IServiceScopeFactory>(), Options.Create(options), clock ?? TimeProvider.System, NullLogger<EventWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        return new RunningWriter(writer, services);
    }

    private sealed record RunningWriter(EventWriter Writer, ServiceProvider Services) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Writer.StopAsync(CancellationToken.None);
            Writer.Dispose();
            await Services.DisposeAsync();
        }
    }

    /// <summary>Each commit waits for one <see cref="Release"/>, so a test can look while a commit is in progress.</summary>
    private sealed class GatedStore : IEventStore
    {
        private readonly SemaphoreSlim _gate = new(0);

        public SemaphoreSlim Entered { get; } = new(0);

        public List<int> Commits { get; } = [];

        public void Release() => _gate.Release();

        public async Task<int> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken)
        {
            Entered.Release();
            await _gate.WaitAsync(cancellationToken);
            Commits.Add(events.Count);
            return events.Count;
        }
    }

    private sealed class FailingStore : IEventStore
    {
        public Task<int> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The database is down.");
    }
}
