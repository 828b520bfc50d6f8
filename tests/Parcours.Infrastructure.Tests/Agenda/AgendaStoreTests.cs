using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Agenda;

/// <summary>The agenda's promises on each database: claims, leases, fences, dedup, retries, parking, replay and cancel.</summary>
public abstract class AgendaStoreTests(DatabaseProvider provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScheduleAsync_SameKeyTwice_StoresOneItem()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);

        var first = await kit.ScheduleAsync("welcome:p-1", kit.Now);
        var second = await kit.ScheduleAsync("welcome:p-1", kit.Now.AddDays(3));

        Assert.True(first);
        Assert.False(second);
        var items = await kit.ItemsAsync();
        Assert.Equal(kit.Now, Assert.Single(items).DueAt);
    }

    [Fact]
    public async Task ScheduleAsync_InsideARolledBackTransaction_LeavesNothing()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await using (var db = kit.Context())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            Assert.True((await kit.Scheduler.ScheduleAsync(db, new AgendaEntry("test.kind", kit.Now, "rolled-back"), Ct)).Value);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Empty(await kit.ItemsAsync());
    }

    [Fact]
    public async Task ScheduleAsync_InsideATransaction_WakesTheWorkerAtTheCommitOnly()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        var signal = new AgendaSignal();
        var scheduler = new AgendaScheduler(kit.Clock, signal);
        await using var db = kit.Context(interceptor: new AgendaCommitInterceptor(signal));
        var wake = signal.Next;

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            Assert.True((await scheduler.ScheduleAsync(db, new AgendaEntry("test.kind", kit.Now, "with-its-cause"), Ct)).Value);
            Assert.False(wake.IsCompleted);
            await transaction.CommitAsync(Ct);
        }

        Assert.True(wake.IsCompleted);
        Assert.Single(await kit.ItemsAsync());
    }

    [Fact]
    public async Task ScheduleAsync_PayloadTooLarge_IsInvalid()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await using var db = kit.Context();

        var result = await kit.Scheduler.ScheduleAsync(db, new AgendaEntry("test.kind", kit.Now, "big", Payload: new string('x', AgendaItem.MaxPayloadLength + 1)), Ct);

        Assert.Equal("payload_too_large", result.Error?.Code);
    }

    [Fact]
    public async Task ClaimDueAsync_TakesOnlyDueItems_EarliestFirst_WithALeaseAndANewFence()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await kit.ScheduleAsync("later", kit.Now.AddMinutes(5));
        await kit.ScheduleAsync("second", kit.Now.AddSeconds(-10));
        await kit.ScheduleAsync("first", kit.Now.AddMinutes(-1), subject: "s-1", payload: """{"step":1}""");

        var claimed = await kit.Store.ClaimDueAsync("node-a", 10, kit.Now, kit.Now + Lease, Ct);

        Assert.Equal(["first", "second"], claimed.Select(c => c.IdempotencyKey));
        Assert.Equal((kit.Workspace, "s-1", """{"step":1}""", 1, 1L), (claimed[0].WorkspaceId, claimed[0].SubjectId, claimed[0].Payload, claimed[0].Attempts, claimed[0].Fence));
        var row = (await kit.ItemsAsync()).Single(i => i.IdempotencyKey == "first");
        Assert.Equal((AgendaStatus.Running, "node-a", kit.Now + Lease), (row.Status, row.LeaseOwner, row.LeaseUntil));
        Assert.Empty(await kit.Store.ClaimDueAsync("node-b", 10, kit.Now, kit.Now + Lease, Ct));
    }

    [Fact]
    public async Task ClaimDueAsync_RespectsTheBatchSize()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        for (var i = 0; i < 5; i++)
        {
            await kit.ScheduleAsync($"k-{i}", kit.Now.AddSeconds(-i));
        }

        var claimed = await kit.Store.ClaimDueAsync("node-a", 3, kit.Now, kit.Now + Lease, Ct);

        Assert.Equal(["k-4", "k-3", "k-2"], claimed.Select(c => c.IdempotencyKey));
    }

    [Fact]
    public async Task ClaimExpiredAsync_AfterTheLease_ReclaimsWithANewFence_AndRefusesTheStaleWorker()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await kit.ScheduleAsync("k", kit.Now);
        var stale = Assert.Single(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now, kit.Now + Lease, Ct));
        Assert.Empty(await kit.Store.ClaimExpiredAsync("node-b", 10, kit.Now + Lease - TimeSpan.FromSeconds(1), kit.Now + Lease, Ct));

        var later = kit.Now + Lease;
        var fresh = Assert.Single(await kit.Store.ClaimExpiredAsync("node-b", 10, later, later + Lease, Ct));

        Assert.Equal((stale.Id, 2L, 2), (fresh.Id, fresh.Fence, fresh.Attempts));
        Assert.Equal([false], await kit.Store.ExtendAsync([stale.Lease], later + Lease, Ct));
        Assert.Equal([false], await kit.Store.FinishAsync([AgendaFinish.Done(stale.Lease)], later, Ct));
        Assert.Equal(AgendaStatus.Running, Assert.Single(await kit.ItemsAsync()).Status);
        Assert.Equal([true], await kit.Store.FinishAsync([AgendaFinish.Done(fresh.Lease)], later, Ct));
        var done = Assert.Single(await kit.ItemsAsync());
        Assert.Equal((AgendaStatus.Done, later, (string?)null), (done.Status, done.CompletedAt, done.LeaseOwner));
    }

    [Fact]
    public async Task ExtendAsync_HeldLease_MovesTheExpiry()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await kit.ScheduleAsync("k", kit.Now);
        var claimed = Assert.Single(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now, kit.Now + Lease, Ct));

        Assert.Equal([true], await kit.Store.ExtendAsync([claimed.Lease], kit.Now + Lease + Lease, Ct));

        Assert.Empty(await kit.Store.ClaimExpiredAsync("node-b", 10, kit.Now + Lease, kit.Now + Lease + Lease, Ct));
    }

    [Fact]
    public async Task FinishAsync_RetryThenPark_KeepsTheErrorAndTheNextDueTime()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await kit.ScheduleAsync("k", kit.Now);
        var first = Assert.Single(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now, kit.Now + Lease, Ct));

        Assert.Equal([true], await kit.Store.FinishAsync([AgendaFinish.Retry(first.Lease, kit.Now.AddMinutes(1), "SMTP 451 try later")], kit.Now, Ct));
        var waiting = Assert.Single(await kit.ItemsAsync());
        Assert.Equal((AgendaStatus.Pending, kit.Now.AddMinutes(1), "SMTP 451 try later", (string?)null), (waiting.Status, waiting.DueAt, waiting.LastError, waiting.LeaseOwner));
        Assert.Empty(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now.AddSeconds(59), kit.Now + Lease, Ct));

        var second = Assert.Single(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now.AddMinutes(1), kit.Now.AddMinutes(1) + Lease, Ct));
        Assert.Equal([true], await kit.Store.FinishAsync([AgendaFinish.Park(second.Lease, "Gave up after 2 attempts: SMTP 550")], kit.Now.AddMinutes(1), Ct));

        var parked = Assert.Single(await kit.ItemsAsync());
        Assert.Equal((AgendaStatus.Parked, 2, "Gave up after 2 attempts: SMTP 550"), (parked.Status, parked.Attempts, parked.LastError));
        Assert.Empty(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now.AddDays(30), kit.Now.AddDays(30) + Lease, Ct));
    }

    [Fact]
    public async Task FinishAsync_Batch_AcceptsEachHeldFenceOnly()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await kit.ScheduleAsync("a", kit.Now);
        await kit.ScheduleAsync("b", kit.Now);
        var claimed = await kit.Store.ClaimDueAsync("node-a", 10, kit.Now, kit.Now + Lease, Ct);
        var forged = claimed[1].Lease with { Fence = 99 };

        var accepted = await kit.Store.FinishAsync([AgendaFinish.Done(claimed[0].Lease), AgendaFinish.Done(forged)], kit.Now, Ct);

        Assert.Equal([true, false], accepted);
    }

    [Fact]
    public async Task ReplayAsync_ParkedItem_RunsAgainNowWithAttemptsReset_AndReleasesAnUncertainSend()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await kit.ScheduleAsync("k", kit.Now);
        var claimed = Assert.Single(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now, kit.Now + Lease, Ct));
        await using (var db = kit.Context())
        {
            Assert.Equal(EffectState.Fresh, (await kit.Effects.BeginAsync(db, claimed.Id, "k", "email", Ct)).State);
        }

        await kit.Store.FinishAsync([AgendaFinish.Park(claimed.Lease, "Delivery uncertain")], kit.Now, Ct);
        kit.Clock.Advance(TimeSpan.FromHours(2));

        await using (var db = kit.Context())
        {
            var replayed = await kit.Scheduler.ReplayAsync(db, claimed.Id, Ct);
            Assert.Equal((AgendaStatus.Pending, 0, kit.Now), (replayed.Value.Status, replayed.Value.Attempts, replayed.Value.DueAt));
            Assert.Equal(EffectState.Fresh, (await kit.Effects.BeginAsync(db, claimed.Id, "k", "email", Ct)).State);
        }

        Assert.Single(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now, kit.Now + Lease, Ct));
    }

    [Fact]
    public async Task ReplayAsync_NotParked_Conflicts_AndAnotherWorkspacesItem_IsNotFound()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await kit.ScheduleAsync("k", kit.Now);
        var id = Assert.Single(await kit.ItemsAsync()).Id;
        await using var other = kit.Context(await kit.AnotherWorkspaceAsync());
        await using var db = kit.Context();

        Assert.Equal("agenda_item_not_replayable", (await kit.Scheduler.ReplayAsync(db, id, Ct)).Error?.Code);
        Assert.IsType<Error.NotFound>((await kit.Scheduler.ReplayAsync(other, id, Ct)).Error);
        Assert.IsType<Error.NotFound>((await kit.Scheduler.CancelAsync(other, id, Ct)).Error);
        Assert.Equal(AgendaStatus.Pending, Assert.Single(await kit.ItemsAsync()).Status);
    }

    [Fact]
    public async Task CancelAsync_PendingItem_NeverRuns_AndARunningOneCannotBeCancelled()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await kit.ScheduleAsync("pending", kit.Now.AddHours(1));
        await kit.ScheduleAsync("running", kit.Now);
        var running = Assert.Single(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now, kit.Now + Lease, Ct));
        var pending = (await kit.ItemsAsync()).Single(i => i.IdempotencyKey == "pending");
        await using var db = kit.Context();

        var cancelled = await kit.Scheduler.CancelAsync(db, pending.Id, Ct);
        var refused = await kit.Scheduler.CancelAsync(db, running.Id, Ct);

        Assert.Equal(AgendaStatus.Cancelled, cancelled.Value.Status);
        Assert.Equal("agenda_item_not_cancelable", refused.Error?.Code);
        Assert.Empty(await kit.Store.ClaimDueAsync("node-a", 10, kit.Now.AddDays(1), kit.Now.AddDays(1) + Lease, Ct));
    }

    [Fact]
    public async Task NextDueAsync_IsTheEarliestPendingDueTime()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        Assert.Null(await kit.Store.NextDueAsync(Ct));
        await kit.ScheduleAsync("a", kit.Now.AddDays(2));
        await kit.ScheduleAsync("b", kit.Now.AddHours(7).AddMilliseconds(250));

        Assert.Equal(kit.Now.AddHours(7).AddMilliseconds(250), await kit.Store.NextDueAsync(Ct));
    }

    [Fact]
    public async Task ClaimDueAsync_ConcurrentClaimers_NeverShareAnItem()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        await using (var db = kit.Context())
        {
            var entries = Enumerable.Range(0, 400).Select(i => new AgendaEntry("test.kind", kit.Now.AddMilliseconds(-i), $"k-{i}")).ToList();
            Assert.Equal(400, (await kit.Scheduler.ScheduleManyAsync(db, entries, Ct)).Value);
        }

        var stores = Enumerable.Range(0, 4).Select(_ => kit.NewStore()).ToList();
        var claims = await Task.WhenAll(stores.Select((store, n) => Task.Run(async () =>
        {
            var mine = new List<ClaimedItem>();
            while (await store.ClaimDueAsync($"node-{n}", 7, kit.Now, kit.Now + Lease, Ct) is { Count: > 0 } batch)
            {
                mine.AddRange(batch);
            }

            return mine;
        }, Ct)));
        foreach (var store in stores)
        {
            await AgendaKit.DisposeStoreAsync(store);
        }

        var all = claims.SelectMany(c => c).Select(c => c.IdempotencyKey).ToList();
        Assert.Equal(400, all.Count);
        Assert.Equal(400, all.Distinct().Count());
    }

    [Fact]
    public async Task Effects_StartedButNotCompleted_IsUncertain_AndCompletedIsNeverSentAgain()
    {
        await using var kit = await AgendaKit.CreateAsync(provider);
        var itemId = Guid.NewGuid();
        await using var db = kit.Context();

        Assert.Equal(EffectState.Fresh, (await kit.Effects.BeginAsync(db, itemId, "invite:p-1", "sms", Ct)).State);
        Assert.Equal(EffectState.Uncertain, (await kit.Effects.BeginAsync(db, itemId, "invite:p-1", "sms", Ct)).State);
        await kit.Effects.CompleteAsync(db, "invite:p-1", "provider-msg-42", Ct);

        Assert.Equal(new EffectBegin(EffectState.Completed, "provider-msg-42"), await kit.Effects.BeginAsync(db, itemId, "invite:p-1", "sms", Ct));
        Assert.Equal(2, (await db.AgendaEffects.SingleAsync(Ct)).Attempts);
    }

    /// <summary>A fresh database (the store sees every workspace, so tests cannot share one), a workspace and a clock.</summary>
    private sealed class AgendaKit : IAsyncDisposable
    {
        private readonly TestDatabase _database;

        private AgendaKit(TestDatabase database, WorkspaceId workspace, FakeTimeProvider clock)
        {
            _database = database;
            Workspace = workspace;
            Clock = clock;
            Scheduler = new AgendaScheduler(clock, new AgendaSignal());
            Effects = new AgendaEffects(clock);
            Store = NewStore();
        }

        public WorkspaceId Workspace { get; }

        public FakeTimeProvider Clock { get; }

        public DateTime Now => Clock.GetUtcNow().UtcDateTime;

        public AgendaScheduler Scheduler { get; }

        public AgendaEffects Effects { get; }

        public IAgendaStore Store { get; }

        public static async Task<AgendaKit> CreateAsync(DatabaseProvider provider)
        {
            if (provider == DatabaseProvider.Postgres)
            {
                PostgresServer.RequireConnectionString();
            }

            var database = await TestDatabase.CreateAsync(provider);
            var clock = Parcours.Testing.Clock.Fake();
            await using var db = database.CreateContext(new WorkspaceScope());
            var workspace = Domain.Workspaces.Workspace.Create("Agenda tests", false, clock).Value;
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync(Ct);
            return new AgendaKit(database, workspace.Id, clock);
        }

        public IAgendaStore NewStore() => _database.Provider == DatabaseProvider.Postgres
            ? new PostgresAgendaStore(_database.ConnectionString)
            : new SqliteAgendaStore(_database.ConnectionString);

        public ParcoursDbContext Context(WorkspaceId? workspace = null, AgendaCommitInterceptor? interceptor = null)
        {
            var scope = new WorkspaceScope();
            scope.Enter(workspace ?? Workspace);
            return interceptor is null ? _database.CreateContext(scope) : _database.CreateContext(scope, interceptor);
        }

        public async Task<WorkspaceId> AnotherWorkspaceAsync()
        {
            await using var db = _database.CreateContext(new WorkspaceScope());
            var other = Domain.Workspaces.Workspace.Create("Other", false, Clock).Value;
            db.Workspaces.Add(other);
            await db.SaveChangesAsync(Ct);
            return other.Id;
        }

        public async Task<bool> ScheduleAsync(string key, DateTime due, string? subject = null, string? payload = null)
        {
            await using var db = Context();
            return (await Scheduler.ScheduleAsync(db, new AgendaEntry("test.kind", due, key, subject, payload), Ct)).Value;
        }

        public async Task<List<AgendaItem>> ItemsAsync()
        {
            await using var db = Context();
            return await db.AgendaItems.AsNoTracking().OrderBy(i => i.CreatedAt).ToListAsync(Ct);
        }

        public static async ValueTask DisposeStoreAsync(IAgendaStore store)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await DisposeStoreAsync(Store);
            await _database.DisposeAsync();
        }
    }
}

public sealed class AgendaStoreSqliteTests() : AgendaStoreTests(DatabaseProvider.Sqlite);

public sealed class AgendaStorePostgresTests() : AgendaStoreTests(DatabaseProvider.Postgres);
