using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Bench;

/// <summary>
/// Durability of "accepted means stored" under kill -9. The Release server runs as a child process
/// (<c>dotnet Parcours.Server.dll</c>) on a fresh database with a write key made beforehand; clients send 100-event
/// batches and, like Segment's libraries, retry a batch (same messageIds) until it is acknowledged. The server is killed
/// with SIGKILL every 3–5 s and restarted, <see cref="Kills"/> times. Then the database is read directly:
/// lost (acknowledged, not stored) and duplicated (a messageId stored twice) must both be 0, and the rollups must still
/// count every stored event once.
/// </summary>
internal sealed class IngestCrashScenario : IScenario
{
    public const int Kills = 5;
    private const int Clients = 4;

    public string Name => "ingest-crash";

    public string Description => $"kill -9 the server {Kills} times during ingestion: acknowledged / stored / duplicated / lost";

    public async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var dll = ChildServer.ServerDll();
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var workspace = await BenchWorkspace.CreateAsync(database, ct);
        var (key, _) = await IngestServer.CreateWriteKeyAsync(database, workspace, ct);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "parcours-bench", $"crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var port = ChildServer.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var batchUrl = new Uri(baseAddress, "/v1/batch");
        var random = new Random(42);
        var clock = TimeProvider.System;

        var server = new ChildServer(dll, IngestServer.ProductionSettings(database, dataDirectory), baseAddress);
        var readyTimes = new List<double>();
        try
        {
            readyTimes.Add(await server.StartAsync(ct));
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(batchUrl, key, c, stop.Token), ct)).ToList();
            for (var kill = 1; kill <= Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(3000, 5001)), clock, ct);
                server.Kill();
                Progress.Write($"ingest-crash / {target.Name}: kill -9 number {kill} of {Kills}; restarting");
                readyTimes.Add(await server.StartAsync(ct));
            }

            await Task.Delay(TimeSpan.FromSeconds(3), clock, ct);
            await stop.CancelAsync();
            var results = await Task.WhenAll(clients);
            server.Kill();

            var acknowledged = results.SelectMany(r => r.Acknowledged).ToHashSet(StringComparer.Ordinal);
            var inDoubt = results.SelectMany(r => r.InDoubt).ToHashSet(StringComparer.Ordinal);
            var stored = await StoredMessageIdsAsync(database, workspace, ct);
            var lost = acknowledged.Count(id => !stored.ContainsKey(id));
            var duplicated = stored.Count(s => s.Value > 1);
            var storedRows = stored.Values.Sum(v => (long)v);
            var inDoubtStored = inDoubt.Count(stored.ContainsKey);
            var unknown = stored.Keys.Count(id => !acknowledged.Contains(id) && !inDoubt.Contains(id));
            var rolledUp = await RolledUpAsync(database, workspace, ct);
            var failedAnswers = results.Sum(r => r.FailedAttempts);
            var cutInFlight = results.Sum(r => r.CutInFlight);
            Progress.Write($"ingest-crash / {target.Name}: acknowledged {acknowledged.Count:N0}, stored {storedRows:N0}, duplicated {duplicated}, lost {lost}, rollups {rolledUp:N0}");
            if (unknown > 0)
            {
                throw new BenchFailure($"{unknown} stored message ids were never sent by the clients.");
            }

            const string S = "ingest-crash";
            var p = target.Name;
            return
            [
                new(S, p, $"acknowledged events ({Kills} kills)", "", [acknowledged.Count], $"{Clients} clients retrying each batch until 200; {failedAnswers:N0} attempts failed (refused, reset, 503)"),
                new(S, p, "stored events", "", [storedRows], $"{inDoubtStored:N0} of {inDoubt.Count:N0} events sent but never acknowledged are stored too (in doubt, allowed)"),
                new(S, p, "batches cut in flight by a kill, then retried", "", [cutInFlight], "sent, no answer (not refused): the retries that test deduplication"),
                new(S, p, "duplicated (stored twice)", "", [duplicated], duplicated == 0 ? "expected 0: ok" : "EXPECTED 0"),
                new(S, p, "lost (acknowledged, not stored)", "", [lost], lost == 0 ? "expected 0: ok" : "EXPECTED 0"),
                new(S, p, "account rollups = stored events", "", [rolledUp], rolledUp == storedRows ? "equal: no half-applied commit" : "DIFFERENT: a commit was half applied"),
                new(S, p, "restart until /readyz answers", "s", readyTimes.Skip(1).ToList(), $"dotnet Parcours.Server.dll (Release); first start {readyTimes[0]:0.0} s"),
            ];
        }
        finally
        {
            server.Kill();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <param name="CutInFlight">Batches whose request was sent and then cut by a kill (no answer, not refused): those
    /// may have been committed before the kill, so their retry is what exercises the deduplication.</param>
    private sealed record ClientResult(List<string> Acknowledged, List<string> InDoubt, int FailedAttempts, int CutInFlight);

    /// <summary>Sends batches until stopped; a batch is retried, unchanged, until it is acknowledged.</summary>
    private static async Task<ClientResult> ClientAsync(Uri batchUrl, string key, int client, CancellationToken stop)
    {
        var generator = new IngestEvents(1000 + client, $"crash{client}");
        var acknowledged = new List<string>();
        int failed = 0, cut = 0;
        using var http = IngestLoad.Client();
        http.Timeout = TimeSpan.FromSeconds(10);
        while (!stop.IsCancellationRequested)
        {
            var (body, ids) = generator.Batch(IngestLoad.BatchSize, TimeProvider.System.GetUtcNow());
            while (true)
            {
                if (stop.IsCancellationRequested)
                {
                    return new ClientResult(acknowledged, [.. ids], failed, cut);
                }

                // Not cancelled by the stop: an attempt under way ends with its answer, so its batch is either acknowledged or in doubt.
                var (status, refused) = await SendAsync(http, batchUrl, body, key, CancellationToken.None);
                if (status == HttpStatusCode.OK)
                {
                    acknowledged.AddRange(ids);
                    break;
                }

                failed++;
                cut += status is null && !refused ? 1 : 0;
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);
            }
        }

        return new ClientResult(acknowledged, [], failed, cut);
    }

    /// <summary>The status, or null with whether the connection was refused (server down) rather than cut.</summary>
    private static async Task<(HttpStatusCode? Status, bool Refused)> SendAsync(HttpClient http, Uri batchUrl, byte[] body, string key, CancellationToken ct)
    {
        try
        {
            using var request = IngestEvents.Request(batchUrl, body, key);
            using var response = await http.SendAsync(request, ct);
            await response.Content.LoadIntoBufferAsync(ct);
            return (response.StatusCode, false);
        }
        catch (HttpRequestException e)
        {
            return (null, e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused });
        }
        catch (TaskCanceledException)
        {
            return (null, false);
        }
    }

    private static async Task<Dictionary<string, int>> StoredMessageIdsAsync(BenchDatabase database, WorkspaceId workspace, CancellationToken ct)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        await using var db = database.CreateContext(scope);
        var rows = await db.Events.GroupBy(e => e.MessageId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal);
    }

    private static async Task<long> RolledUpAsync(BenchDatabase database, WorkspaceId workspace, CancellationToken ct)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        await using var db = database.CreateContext(scope);
        return await db.UsageDays.Where(d => d.SubjectKind == UsageSubject.Account).SumAsync(d => (long)d.Events, ct);
    }
}
