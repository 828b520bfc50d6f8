using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Messaging;

namespace Parcours.Bench;

/// <summary>
/// Issue 6's recovery requirement: after <c>kill -9</c> of a node, its claimed items run again within one lease, none
/// is lost. A workspace gets a webhook endpoint on a local <see cref="WebhookReceiver"/> (answers 200 after
/// <see cref="AnswerAfter"/>) and <see cref="Deliveries"/> events queued through <see cref="Webhooks.QueueAsync"/>, the
/// product's own path (one delivery and one <c>webhook.send</c> agenda item each). The Release server runs as a child
/// process with <c>Agenda:Lease</c> from <c>--lease</c> (default 20 s, heartbeat a third of it), and is killed with SIGKILL <see cref="Kills"/> times while
/// sends are running, then restarted. Right after each kill the database tells which items the dead process held
/// (status Running, its lease owner) and what the side-effect ledger says of each. At the end every item must be done
/// and every delivery's <c>webhook-id</c> must have reached the receiver. A <c>webhook-id</c> that arrives twice is
/// expected only when the killed process had sent it and the ledger had not recorded the answer (<c>Started</c>): the
/// retry resends with the same id, which receivers deduplicate on (ADR 7). Any other repeat is counted as unexplained.
/// The fencing of a stale worker's late outcome is proven by the store tests, not here (BENCHMARKS.md cites them).
/// </summary>
internal sealed class AgendaCrashScenario : IScenario
{
    public const int Kills = 3;
    private const int Deliveries = 2_000;
    private static readonly TimeSpan AnswerAfter = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DoneTimeout = TimeSpan.FromMinutes(5);

    public string Name => "agenda-crash";

    public string Description => $"kill -9 the server {Kills} times while {Deliveries:N0} webhooks are sent: lost / repeated / recovery time (--lease)";

    public async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var dll = ChildServer.ServerDll();
        var lease = options.Lease;
        // Rounded down to the tick: 20 s / 3 rounds up, and three heartbeats would then exceed the lease (refused at start).
        var heartbeat = TimeSpan.FromTicks(lease.Ticks / 3);
        var clock = TimeProvider.System;
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var workspace = await BenchWorkspace.CreateAsync(database, ct);
        using var receiver = WebhookReceiver.Start(AnswerAfter);
        Progress.Write($"agenda-crash / {target.Name}: queueing {Deliveries:N0} webhook deliveries");
        var expected = await QueueAsync(database, workspace, receiver, ct);

        var dataDirectory = Path.Combine(Path.GetTempPath(), "parcours-bench", $"agenda-crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var settings = new Dictionary<string, string?>(IngestServer.ProductionSettings(database, dataDirectory))
        {
            ["Agenda:Lease"] = lease.ToString("c", CultureInfo.InvariantCulture),
            ["Agenda:Heartbeat"] = heartbeat.ToString("c", CultureInfo.InvariantCulture),
        };
        var baseAddress = new Uri($"http://127.0.0.1:{ChildServer.FreePort()}");
        var server = new ChildServer(dll, settings, baseAddress);
        var random = new Random(42);
        var kills = new List<Kill>();
        var readyTimes = new List<double>();
        var deadOwners = new HashSet<string>(StringComparer.Ordinal);
        var started = clock.GetTimestamp();
        try
        {
            readyTimes.Add(await server.StartAsync(ct));
            for (var kill = 1; kill <= Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(3000, 5001)), clock, ct);
                server.Kill();
                var killedAt = clock.GetTimestamp();
                var killedUtc = clock.GetUtcNow().UtcDateTime;
                var orphans = await OrphansAsync(database, workspace, deadOwners, ct);
                deadOwners.UnionWith(orphans.Select(o => o.Owner));
                Progress.Write($"agenda-crash / {target.Name}: kill -9 number {kill} of {Kills}: {orphans.Count} items held by the dead process " +
                    $"(ledger: {orphans.Count(o => o.Effect == AgendaEffectStatus.Completed)} completed, {orphans.Count(o => o.Effect == AgendaEffectStatus.Started)} started); restarting");
                var restartedAt = clock.GetTimestamp();
                readyTimes.Add(await server.StartAsync(ct));
                kills.Add(new Kill(killedAt, killedUtc, restartedAt, orphans));
            }

            await UntilDoneAsync(database, workspace, ct);
            var total = clock.GetElapsedTime(started).TotalSeconds;
            server.Kill();
            return await ReportAsync(target, database, workspace, receiver, expected, kills, readyTimes, total, lease, ct);
        }
        finally
        {
            server.Kill();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <param name="Effect">The ledger's row for the item's send at the kill; null when the send had not begun.</param>
    private sealed record Orphan(string WebhookId, string Owner, DateTime LeaseUntil, AgendaEffectStatus? Effect);

    private sealed record Kill(long KilledAt, DateTime KilledUtc, long RestartedAt, IReadOnlyList<Orphan> Orphans);

    private static async Task<IReadOnlyList<Measure>> ReportAsync(
        BenchTarget target, BenchDatabase database, WorkspaceId workspace, WebhookReceiver receiver, IReadOnlyList<string> expected,
        List<Kill> kills, List<double> readyTimes, double totalSeconds, TimeSpan lease, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var arrivals = receiver.Arrivals.ToList();
        var byId = arrivals.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(a => a.ArrivedAt).Order().ToList(), StringComparer.Ordinal);
        var expectedSet = expected.ToHashSet(StringComparer.Ordinal);
        var lost = expected.Count(id => !byId.ContainsKey(id));
        var strangers = byId.Keys.Count(id => !expectedSet.Contains(id));
        var badSignatures = arrivals.Count(a => !a.SignatureValid);

        // A repeat is explained by a kill that found the id's send started but unconfirmed, after the dead process had posted it.
        var explainedRepeats = 0;
        var unexplainedRepeats = 0;
        var repeatedIds = 0;
        foreach (var (id, times) in byId.Where(p => p.Value.Count > 1))
        {
            repeatedIds++;
            var explained = kills.Count(k => times[0] < k.RestartedAt && k.Orphans.Any(o => o.WebhookId == id && o.Effect == AgendaEffectStatus.Started));
            explainedRepeats += Math.Min(times.Count - 1, explained);
            unexplainedRepeats += Math.Max(0, times.Count - 1 - explained);
        }

        // Recovery: from the kill (and from the restart) to the first post, by the new process, of an item the dead one held.
        var fromKill = new List<double>();
        var fromRestart = new List<double>();
        var lastFromKill = new List<double>();
        var leaseLeft = new List<double>();
        var afterExpiry = new List<double>();
        foreach (var kill in kills)
        {
            // Each resent item against its own lease: how long after the lease passed did the new process take it.
            foreach (var orphan in kill.Orphans)
            {
                if (byId.TryGetValue(orphan.WebhookId, out var times) && times.FirstOrDefault(t => t >= kill.RestartedAt) is var resend and > 0)
                {
                    afterExpiry.Add(clock.GetElapsedTime(kill.KilledAt, resend).TotalSeconds - (orphan.LeaseUntil - kill.KilledUtc).TotalSeconds);
                }
            }

            var resent = kill.Orphans
                .Select(o => byId.TryGetValue(o.WebhookId, out var times) ? times.Where(t => t >= kill.RestartedAt).Cast<long?>().FirstOrDefault() : null)
                .OfType<long>().ToList();
            if (kill.Orphans.Count > 0)
            {
                leaseLeft.Add((kill.Orphans.Min(o => o.LeaseUntil) - kill.KilledUtc).TotalSeconds);
            }

            if (resent.Count > 0)
            {
                fromKill.Add(clock.GetElapsedTime(kill.KilledAt, resent.Min()).TotalSeconds);
                fromRestart.Add(clock.GetElapsedTime(kill.RestartedAt, resent.Min()).TotalSeconds);
                lastFromKill.Add(clock.GetElapsedTime(kill.KilledAt, resent.Max()).TotalSeconds);
            }
        }

        var (notDone, reclaimed, undelivered) = await FinalStateAsync(database, workspace, ct);
        var orphans = kills.Sum(k => k.Orphans.Count);
        var uniqueOrphans = kills.SelectMany(k => k.Orphans.Select(o => o.WebhookId)).Distinct(StringComparer.Ordinal).Count();
        var orphansSent = kills.Sum(k => k.Orphans.Count(o => o.Effect == AgendaEffectStatus.Completed));
        var orphansStarted = kills.Sum(k => k.Orphans.Count(o => o.Effect == AgendaEffectStatus.Started));
        Progress.Write($"agenda-crash / {target.Name}: {byId.Count:N0} ids delivered, lost {lost}, repeated {repeatedIds} ({unexplainedRepeats} unexplained), recovery {string.Join(", ", fromKill.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)))} s after the kills");
        if (strangers > 0 || notDone > 0 || undelivered > 0)
        {
            throw new BenchFailure($"agenda-crash: {strangers} unknown webhook ids, {notDone} items not done, {undelivered} deliveries not marked delivered.");
        }

        if (fromKill.Count == 0)
        {
            throw new BenchFailure("agenda-crash: no kill found an item held by the dead process that was sent again; nothing measured the recovery.");
        }

        const string S = "agenda-crash";
        var p = target.Name;
        var settings = $"lease {lease.TotalSeconds:0} s, heartbeat {(lease / 3).TotalSeconds:0.#} s, poll 1 s";
        return
        [
            new(S, p, $"webhook ids delivered ({Kills} kills)", "", [byId.Count], $"{expected.Count:N0} queued through Webhooks.QueueAsync; {arrivals.Count:N0} posts received, {badSignatures} with a bad signature; all done in {totalSeconds:0} s"),
            new(S, p, "lost (queued, never delivered)", "", [lost], lost == 0 ? "expected 0: ok" : "EXPECTED 0"),
            new(S, p, "items held by a killed process", "", [orphans], $"ledger at the kill: {orphansSent} sent and recorded (run again, not resent), {orphansStarted} started, unconfirmed (resent, same webhook-id), {orphans - orphansSent - orphansStarted} not begun; {uniqueOrphans} distinct items, {reclaimed:N0} items claimed more than once"),
            new(S, p, "ids delivered twice: in flight at a kill", "", [explainedRepeats], "posted by the killed process, answer not recorded in the ledger: resent with the same webhook-id (receivers deduplicate on it)"),
            new(S, p, "ids delivered twice: otherwise", "", [unexplainedRepeats], unexplainedRepeats == 0 ? "expected 0: ok" : "EXPECTED 0"),
            new(S, p, "lease left at the kill (earliest held item)", "s", leaseLeft, $"one value per kill; {settings}; the dead process's items wait for their lease"),
            new(S, p, "kill → first resend of a dead process's item", "s", fromKill, "one value per kill; target ≤ 60 s (with the default 45 s lease)"),
            new(S, p, "lease expiry → resend, per item", "s", afterExpiry, $"{afterExpiry.Count} resent items, each against its own lease; p90 {(afterExpiry.Count > 0 ? Stats.Percentile(afterExpiry, 90) : 0):0.0} s"),
            new(S, p, "restart → first resend of a dead process's item", "s", fromRestart, "restart = the new process is launched"),
            new(S, p, "kill → last resend of a dead process's item", "s", lastFromKill, $"receiver answers after {AnswerAfter.TotalMilliseconds:0} ms; 64 handlers per node"),
            new(S, p, "restart until /readyz answers", "s", readyTimes.Skip(1).ToList(), $"dotnet Parcours.Server.dll (Release); first start {readyTimes[0]:0.0} s"),
        ];
    }

    /// <summary>
    /// One endpoint made with <see cref="Webhooks.CreateEndpointAsync"/>, then the events, 250 per transaction, as a
    /// caller inside its own transaction would queue them. The signing secret is sealed with the Data Protection key ring
    /// the server uses (application "Parcours", keys in the database), so the server can open it.
    /// </summary>
    private static async Task<IReadOnlyList<string>> QueueAsync(BenchDatabase database, WorkspaceId workspace, WebhookReceiver receiver, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoped<ParcoursDbContext>(_ => database.CreateContext(new WorkspaceScope()));
        services.AddDataProtection().SetApplicationName("Parcours").PersistKeysToDbContext<ParcoursDbContext>();
        await using var provider = services.BuildServiceProvider();
        var clock = TimeProvider.System;
        var webhooks = new Webhooks(new AgendaScheduler(clock, new AgendaSignal()), new SecretBox(provider.GetRequiredService<IDataProtectionProvider>()), clock);

        await using (var db = Context(database, workspace))
        {
            var created = await webhooks.CreateEndpointAsync(db, new WebhookEndpointRequest(receiver.Url.ToString(), null), ct);
            receiver.Secret = created.Error is { } error ? throw new BenchFailure($"agenda-crash: the endpoint was refused: {error.Detail}") : created.Value.Secret;
        }

        var ids = new List<string>();
        foreach (var chunk in Enumerable.Range(0, Deliveries).Chunk(250))
        {
            await using var db = Context(database, workspace);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var n in chunk)
            {
                var queued = await webhooks.QueueAsync(db, "bench.crash", new { n }, $"crash-{n}", ct);
                ids.AddRange(queued.Error is { } error
                    ? throw new BenchFailure($"agenda-crash: queueing failed: {error.Detail}")
                    : queued.Value.Select(q => $"msg_{q.DeliveryId:N}"));
            }

            await transaction.CommitAsync(ct);
        }

        return ids;
    }

    /// <summary>The running items whose lease owner is not one already known dead: the process just killed held them.</summary>
    private static async Task<IReadOnlyList<Orphan>> OrphansAsync(BenchDatabase database, WorkspaceId workspace, HashSet<string> deadOwners, CancellationToken ct)
    {
        await using var db = Context(database, workspace);
        var running = (await db.AgendaItems.AsNoTracking()
                .Where(i => i.Kind == Webhooks.SendKind && i.Status == AgendaStatus.Running)
                .Select(i => new { i.SubjectId, i.LeaseOwner, i.LeaseUntil })
                .ToListAsync(ct))
            .Where(i => i.LeaseOwner is not null && !deadOwners.Contains(i.LeaseOwner))
            .Select(i => (Id: $"msg_{Guid.Parse(i.SubjectId!):N}", Owner: i.LeaseOwner!, LeaseUntil: i.LeaseUntil!.Value))
            .ToList();
        var keys = running.Select(r => r.Id).ToList();
        var effects = await db.AgendaEffects.AsNoTracking().Where(e => keys.Contains(e.Key)).ToDictionaryAsync(e => e.Key, e => e.Status, StringComparer.Ordinal, ct);
        return [.. running.Select(r => new Orphan(r.Id, r.Owner, r.LeaseUntil, effects.TryGetValue(r.Id, out var status) ? status : null))];
    }

    private static async Task UntilDoneAsync(BenchDatabase database, WorkspaceId workspace, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        while (true)
        {
            await using (var db = Context(database, workspace))
            {
                if (!await db.AgendaItems.AnyAsync(i => i.Status != AgendaStatus.Done, ct))
                {
                    return;
                }
            }

            if (clock.GetElapsedTime(started) > DoneTimeout)
            {
                throw new BenchFailure($"agenda-crash: items still not done {DoneTimeout.TotalMinutes:0} minutes after the last restart.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct);
        }
    }

    /// <summary>Items not done, items claimed more than once, deliveries not marked delivered.</summary>
    private static async Task<(int NotDone, int Reclaimed, int Undelivered)> FinalStateAsync(BenchDatabase database, WorkspaceId workspace, CancellationToken ct)
    {
        await using var db = Context(database, workspace);
        return (
            await db.AgendaItems.CountAsync(i => i.Status != AgendaStatus.Done, ct),
            await db.AgendaItems.CountAsync(i => i.Attempts > 1, ct),
            await db.WebhookDeliveries.CountAsync(d => d.Status != WebhookDeliveryStatus.Delivered, ct));
    }

    private static ParcoursDbContext Context(BenchDatabase database, WorkspaceId workspace)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        return database.CreateContext(scope);
    }
}
