using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Parcours.Bench;

/// <summary>What one HTTP pass measured. Latencies are of acknowledged (200) requests only.</summary>
internal sealed record LoadResult(long AcknowledgedEvents, long Requests, IReadOnlyList<double> LatenciesMs, TimeSpan Wall, IReadOnlyDictionary<string, int> Failures)
{
    public double EventsPerSecond => AcknowledgedEvents / Wall.TotalSeconds;

    public int FailureCount => Failures.Values.Sum();
}

/// <summary>
/// Clients of <c>/v1/batch</c>, one <see cref="HttpClient"/> (one keep-alive connection) each. Closed loop: each client sends
/// its next batch as soon as the previous one is answered, which finds the maximum. Open loop: batches leave at a fixed
/// rate whatever the answers, and latency counts from the planned departure, so a stall is not hidden (no coordinated omission).
/// </summary>
internal static class IngestLoad
{
    public const int BatchSize = 100;

    public static HttpClient Client() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static async Task<LoadResult> ClosedLoopAsync(
        Uri batchUrl, string writeKey, IReadOnlyList<IngestEvents> generators, TimeSpan duration, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var failures = new ConcurrentDictionary<string, int>();
        var started = clock.GetTimestamp();
        var perClient = await Task.WhenAll(generators.Select(async generator =>
        {
            using var http = Client();
            var latencies = new List<double>();
            long acknowledged = 0, requests = 0;
            while (clock.GetElapsedTime(started) < duration)
            {
                var (body, ids) = generator.Batch(BatchSize, clock.GetUtcNow());
                var sent = clock.GetTimestamp();
                var status = await SendAsync(http, batchUrl, body, writeKey, ct);
                requests++;
                if (status == HttpStatusCode.OK)
                {
                    latencies.Add(clock.GetElapsedTime(sent).TotalMilliseconds);
                    acknowledged += ids.Length;
                }
                else
                {
                    failures.AddOrUpdate(status?.ToString() ?? "no answer", 1, (_, n) => n + 1);
                }
            }

            return (latencies, acknowledged, requests);
        }));
        var wall = clock.GetElapsedTime(started);
        return new LoadResult(
            perClient.Sum(c => c.acknowledged), perClient.Sum(c => c.requests), perClient.SelectMany(c => c.latencies).ToList(), wall, failures);
    }

    /// <summary>
    /// Offers <paramref name="eventsPerSecond"/> in batches of <see cref="BatchSize"/>, spread over the clients in turn; a
    /// client that is still waiting for its previous answer sends on another connection of its own (at most 64 in flight).
    /// </summary>
    public static async Task<LoadResult> OpenLoopAsync(
        Uri batchUrl, string writeKey, IReadOnlyList<IngestEvents> generators, double eventsPerSecond, TimeSpan duration, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var interval = TimeSpan.FromSeconds(BatchSize / eventsPerSecond);
        var total = (int)(duration / interval);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
        using var inFlight = new SemaphoreSlim(64);
        var failures = new ConcurrentDictionary<string, int>();
        var latencies = new ConcurrentBag<double>();
        long acknowledged = 0;
        var tasks = new List<Task>(total);
        var started = clock.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var planned = started + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = clock.GetElapsedTime(clock.GetTimestamp(), planned);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, ct);
            }

            var (body, ids) = generators[i % generators.Count].Batch(BatchSize, clock.GetUtcNow());
            await inFlight.WaitAsync(ct);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var status = await SendAsync(http, batchUrl, body, writeKey, ct);
                    if (status == HttpStatusCode.OK)
                    {
                        latencies.Add(clock.GetElapsedTime(planned).TotalMilliseconds);
                        Interlocked.Add(ref acknowledged, ids.Length);
                    }
                    else
                    {
                        failures.AddOrUpdate(status?.ToString() ?? "no answer", 1, (_, n) => n + 1);
                    }
                }
                finally
                {
                    inFlight.Release();
                }
            }, ct));
        }

        await Task.WhenAll(tasks);
        return new LoadResult(acknowledged, total, latencies.ToList(), clock.GetElapsedTime(started), failures);
    }

    /// <summary>The status, or null when no answer came (connection refused or reset, timeout).</summary>
    public static async Task<HttpStatusCode?> SendAsync(HttpClient http, Uri batchUrl, byte[] body, string writeKey, CancellationToken ct)
    {
        try
        {
            using var request = IngestEvents.Request(batchUrl, body, writeKey);
            using var response = await http.SendAsync(request, ct);
            // Read the answer whole, as a client does, so the connection is ready for the next request.
            await response.Content.LoadIntoBufferAsync(ct);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }
}

/// <summary>The process's working set once a second during a pass, to show whether memory stays flat.</summary>
internal sealed class WorkingSetSampler : IAsyncDisposable
{
    // Not disposed: the sampler is short-lived, and a disposed source would break a second DisposeAsync.
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TimeSpan At, long Bytes)> _samples = [];
    private readonly Task _loop;

    public WorkingSetSampler()
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
            do
            {
                lock (_samples)
                {
                    _samples.Add((clock.GetElapsedTime(started), Memory.WorkingSet()));
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
        });
    }

    /// <summary>The samples nearest the start, the middle and the end of the pass.</summary>
    public (long Start, long Middle, long End) StartMiddleEnd()
    {
        lock (_samples)
        {
            return (_samples[0].Bytes, _samples[_samples.Count / 2].Bytes, _samples[^1].Bytes);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
    }
}
