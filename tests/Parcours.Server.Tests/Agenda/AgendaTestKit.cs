using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Agenda;
using Parcours.Testing;

namespace Parcours.Server.Tests.Agenda;

/// <summary>One Parcours server on a shared database: several make a cluster, one after another make a restart.</summary>
public sealed class AgendaNode : ParcoursHost
{
    private readonly string _name;
    private readonly AgendaLog _log;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeSpan _shutdownTimeout;

    private AgendaNode(TestDatabase database, FakeTimeProvider clock, string name, AgendaLog log, IReadOnlyDictionary<string, string?> settings, TimeSpan shutdownTimeout)
        : base(database, clock)
    {
        _name = name;
        _log = log;
        _settings = settings;
        _shutdownTimeout = shutdownTimeout;
    }

    public static async Task<AgendaNode> StartAsync(
        TestDatabase database, FakeTimeProvider clock, string name, AgendaLog log,
        IReadOnlyDictionary<string, string?>? settings = null, TimeSpan? shutdownTimeout = null)
    {
        var node = new AgendaNode(database, clock, name, log, settings ?? new Dictionary<string, string?>(), shutdownTimeout ?? TimeSpan.FromSeconds(30));
        await node.InitializeAsync();
        return node;
    }

    public IAgendaStore Store => Services.GetRequiredService<IAgendaStore>();

    protected override Task<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(_settings);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(_log);
        services.AddSingleton(new NodeName(_name));
        services.AddAgendaHandler<CountingHandler>();
        services.AddAgendaHandler<PlaybookHandler>();
        services.AddAgendaHandler<FlakyHandler>();
        services.AddAgendaHandler<EmailHandler>();
        services.AddAgendaHandler<SmsHandler>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = _shutdownTimeout);
        services.RemoveAll<AgendaJitter>();
        services.AddSingleton(new AgendaJitter(new Random(42)));
    }
}

public sealed record NodeName(string Value);

public sealed record Handled(string Node, DateTime At, int Attempt);

/// <summary>What the test handlers did, shared by every node of a test; keyed by idempotency key.</summary>
public sealed class AgendaLog
{
    public ConcurrentDictionary<string, ConcurrentQueue<Handled>> Handled { get; } = new();

    /// <summary>Items whose payload is "block" wait on this on node-1, until the host gives up on them.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Entered { get; } = new();

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public FakeChannel Email { get; } = new(dedupByKey: false);

    public FakeChannel Sms { get; } = new(dedupByKey: true);

    public void Record(AgendaWork work, string node, DateTime at) =>
        Handled.GetOrAdd(work.IdempotencyKey, _ => new ConcurrentQueue<Handled>()).Enqueue(new Handled(node, at, work.Attempt));
}

/// <summary>A channel that counts sends; one that deduplicates on the key delivers a repeated key once.</summary>
public sealed class FakeChannel(bool dedupByKey)
{
    private readonly ConcurrentDictionary<string, int> _crashes = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<string> Delivered { get; } = new();

    /// <summary>The next send of this key delivers, then the connection breaks before the answer: the sender cannot know.</summary>
    public void BreakAfterSending(string key) => _crashes[key] = 1;

    public Task<SendResult> SendAsync(string key)
    {
        Calls.Enqueue(key);
        if (!dedupByKey || !Delivered.Contains(key))
        {
            Delivered.Enqueue(key);
        }

        if (_crashes.TryRemove(key, out _))
        {
            throw new IOException("Connection reset after the message was handed over.");
        }

        return Task.FromResult(SendResult.Sent($"ref-{key}"));
    }
}

/// <summary>Records each run; an item with payload "block" hangs on node-1 until its host stops waiting.</summary>
public sealed class CountingHandler(AgendaLog log, NodeName node, TimeProvider clock) : IAgendaHandler
{
    public string Kind => "test.count";

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        await Task.Yield();
        if (work.Payload == "block" && node.Value == "node-1")
        {
            log.Entered.Enqueue(work.IdempotencyKey);
            await log.Gate.Task.WaitAsync(ct);
        }

        log.Record(work, node.Value, clock.GetUtcNow().UtcDateTime);
        return AgendaResult.Done;
    }
}

/// <summary>An onboarding playbook: each step records itself and schedules the next, D0 to D+60.</summary>
public sealed class PlaybookHandler(AgendaLog log, NodeName node, TimeProvider clock, ParcoursDbContext db, AgendaScheduler scheduler) : IAgendaHandler
{
    public static readonly int[] Days = [0, 2, 7, 14, 30, 45, 60];

    public string Kind => "test.playbook";

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        var step = int.Parse(work.Payload!, System.Globalization.CultureInfo.InvariantCulture);
        if (step + 1 < Days.Length)
        {
            var next = new AgendaEntry(Kind, work.DueAt.AddDays(Days[step + 1] - Days[step]), $"playbook:{work.SubjectId}:{step + 1}", work.SubjectId,
                (step + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if ((await scheduler.ScheduleAsync(db, next, ct)).Error is { } error)
            {
                return AgendaResult.Park(error.Detail);
            }
        }

        log.Record(work, node.Value, clock.GetUtcNow().UtcDateTime);
        return AgendaResult.Done;
    }
}

/// <summary>Throws on its first N calls for a key (N = the payload), then succeeds.</summary>
public sealed class FlakyHandler(AgendaLog log, NodeName node, TimeProvider clock) : IAgendaHandler
{
    public string Kind => "test.flaky";

    public Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        var calls = log.Calls.AddOrUpdate(work.IdempotencyKey, 1, (_, n) => n + 1);
        if (calls <= int.Parse(work.Payload!, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new TimeoutException($"Provider timed out (call {calls}).");
        }

        log.Record(work, node.Value, clock.GetUtcNow().UtcDateTime);
        return Task.FromResult(AgendaResult.Done);
    }
}

public sealed class EmailHandler(AgendaLog log, AgendaEffects effects, ParcoursDbContext db) : IAgendaHandler
{
    public string Kind => "test.email";

    public Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct) =>
        effects.SendOnceAsync(db, work, "email", ChannelDedup.None, (key, _) => log.Email.SendAsync(key), ct);
}

public sealed class SmsHandler(AgendaLog log, AgendaEffects effects, ParcoursDbContext db) : IAgendaHandler
{
    public string Kind => "test.sms";

    public Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct) =>
        effects.SendOnceAsync(db, work, "sms", ChannelDedup.ByKey, (key, _) => log.Sms.SendAsync(key), ct);
}

public static class AgendaTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<WorkspaceId> WorkspaceAsync(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.CreateContext(new WorkspaceScope());
        var workspace = Workspace.Create("Agenda", false, clock).Value;
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(Ct);
        return workspace.Id;
    }

    public static ParcoursDbContext Context(TestDatabase database, WorkspaceId workspace)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        return database.CreateContext(scope);
    }

    /// <summary>Schedules through a node, so that node is nudged as in production.</summary>
    public static async Task ScheduleAsync(ParcoursHost node, WorkspaceId workspace, params AgendaEntry[] entries)
    {
        await using var scope = node.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace);
        var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
        var result = await scope.ServiceProvider.GetRequiredService<AgendaScheduler>().ScheduleManyAsync(db, entries, Ct);
        Assert.Equal(entries.Length, result.Value);
    }

    public static async Task<List<AgendaItem>> ItemsAsync(TestDatabase database, WorkspaceId workspace)
    {
        await using var db = Context(database, workspace);
        return await db.AgendaItems.AsNoTracking().ToListAsync(Ct);
    }

    /// <summary>Polls (real time) until the condition holds; the work itself runs on the fake clock.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            }

            await Task.Delay(10, Ct);
        }
    }

    /// <summary>Waits until no item of the workspace is due and unfinished at the clock's current time.</summary>
    public static Task SettledAsync(TestDatabase database, WorkspaceId workspace, TimeProvider clock, int seconds = 30) =>
        WaitUntilAsync(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = Context(database, workspace);
            return !await db.AgendaItems.AnyAsync(i => (i.Status == AgendaStatus.Pending || i.Status == AgendaStatus.Running) && i.DueAt <= now, Ct);
        }, "every due item to finish", seconds);
}
