using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using Quartz;

namespace Parcours.Bench;

/// <summary>
/// The schedulers a .NET team would otherwise pick, on the same PostgreSQL server as the agenda, each in a database of its
/// own created for the run and dropped after it: Hangfire (Hangfire.PostgreSql) and Quartz.NET (ADO job store), with a
/// job that only counts itself (<see cref="PeerCounter"/>). Two ways to time them:
/// "due at once" enqueues every job with no server running, then times from the server's start to the last job run,
/// which is how the agenda's own items/s rows are timed; "enqueued while running" starts the server first and times
/// from the first enqueue (one call per job, as requests would make them) to the last job run.
/// </summary>
internal static class AgendaPeers
{
    /// <summary>The item count of the comparison: the same for Parcours and both peers.</summary>
    public const int Items = 5_000;

    /// <summary>Jobs running at once in each peer: Hangfire's workers, Quartz's thread pool.</summary>
    public const int Workers = 20;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, int runs, CancellationToken ct)
    {
        var measures = new List<Measure>();
        foreach (var peer in new IPeer[] { new HangfirePeer(), new QuartzPeer() })
        {
            foreach (var whileRunning in new[] { false, true })
            {
                var rates = new List<double>();
                var mode = whileRunning ? "enqueued while running" : "due at once";
                for (var run = 1; run <= runs; run++)
                {
                    Progress.Write($"agenda / {target.Name}: {peer.Name}, {mode}, run {run} of {runs}");
                    await using var database = await PeerDatabase.CreateAsync(target, peer.Name, ct);
                    rates.Add(await peer.MeasureAsync(database.ConnectionString, whileRunning, ct));
                }

                measures.Add(new Measure("agenda", target.Name, $"{peer.Name}: jobs/s, {mode}", "items/s", rates,
                    $"{Items:N0} jobs; {Workers} workers; {peer.Setup}; "
                    + (whileRunning ? "from the first enqueue to the last job run" : "all enqueued first, from the server's start to the last job run")));
            }
        }

        return measures;
    }

    /// <summary>Waits until every job ran, and returns how long that took from <paramref name="started"/>.</summary>
    private static async Task<double> UntilAllRanAsync(long started, CancellationToken ct)
    {
        while (PeerCounter.Count < Items)
        {
            if (TimeProvider.System.GetElapsedTime(started) > Patience)
            {
                throw new BenchFailure($"agenda peers: {PeerCounter.Count} of {Items} jobs ran after {Patience.TotalMinutes} minutes.");
            }

            await Task.Delay(5, ct);
        }

        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        if (PeerCounter.Count != Items)
        {
            throw new BenchFailure($"agenda peers: {PeerCounter.Count} job runs for {Items} jobs.");
        }

        return seconds;
    }

    private interface IPeer
    {
        string Name { get; }

        string Setup { get; }

        /// <summary>Jobs run per second, in a fresh database.</summary>
        Task<double> MeasureAsync(string connectionString, bool whileRunning, CancellationToken ct);
    }

    private sealed class HangfirePeer : IPeer
    {
        public string Name => "Hangfire";

        public string Setup => "Hangfire.PostgreSql, its own schema installed by the storage, queue poll 100 ms";

        public async Task<double> MeasureAsync(string connectionString, bool whileRunning, CancellationToken ct)
        {
            PeerCounter.Reset();
            var options = new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,

                // The default is 15 s: a worker that finds the queue empty sleeps that long. Short, so that the
                // "while running" mode is not timing the workers' naps.
                QueuePollInterval = TimeSpan.FromMilliseconds(100),
            };
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            var client = new BackgroundJobClient(storage);
            var serverOptions = new BackgroundJobServerOptions
            {
                WorkerCount = Workers,
                ServerName = $"bench-{Guid.NewGuid():N}",
                ShutdownTimeout = TimeSpan.FromSeconds(30),
            };

            double seconds;
            if (whileRunning)
            {
                using var server = new BackgroundJobServer(serverOptions, storage);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                var started = TimeProvider.System.GetTimestamp();
                for (var i = 0; i < Items; i++)
                {
                    client.Enqueue(() => HangfireNoop.Run());
                }

                seconds = await UntilAllRanAsync(started, ct);
                server.SendStop();
            }
            else
            {
                for (var i = 0; i < Items; i++)
                {
                    client.Enqueue(() => HangfireNoop.Run());
                }

                var started = TimeProvider.System.GetTimestamp();
                using var server = new BackgroundJobServer(serverOptions, storage);
                seconds = await UntilAllRanAsync(started, ct);
                server.SendStop();
            }

            return Items / seconds;
        }
    }

    private sealed class QuartzPeer : IPeer
    {
        public string Name => "Quartz.NET";

        public string Setup => "ADO job store, not clustered, tables from Quartz's own PostgreSQL script (SchemaProvisioning.CreateIfMissing), one durable job with a fire-now trigger per item";

        public async Task<double> MeasureAsync(string connectionString, bool whileRunning, CancellationToken ct)
        {
            PeerCounter.Reset();
            var scheduler = await QuartzSchedulerBuilder.Create(q =>
            {
                q.ConfigureScheduler(s => s.InstanceName = $"bench-{Guid.NewGuid():N}");
                q.UseDefaultThreadPool(Workers);
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(NpgsqlFactory.Instance, connectionString);
                    store.ProvisionSchema();
                });
            }).BuildScheduler(ct);

            var job = JobBuilder.Create<QuartzNoopJob>().WithIdentity("noop", "bench").StoreDurably().Build();
            await scheduler.AddJob(job, new AddJobOptions(), ct);
            double seconds;
            try
            {
                if (whileRunning)
                {
                    await scheduler.Start(ct);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    var started = TimeProvider.System.GetTimestamp();
                    for (var i = 0; i < Items; i++)
                    {
                        await scheduler.ScheduleJob(Trigger(job, i), new ScheduleJobOptions(), ct);
                    }

                    seconds = await UntilAllRanAsync(started, ct);
                }
                else
                {
                    await scheduler.ScheduleJob(job, Enumerable.Range(0, Items).Select(i => Trigger(job, i)).ToList(), new ScheduleJobOptions { Replace = true }, ct);
                    var started = TimeProvider.System.GetTimestamp();
                    await scheduler.Start(ct);
                    seconds = await UntilAllRanAsync(started, ct);
                }
            }
            finally
            {
                await scheduler.Shutdown(true, ct);
            }

            return Items / seconds;
        }

        private static ITrigger Trigger(IJobDetail job, int i) =>
            TriggerBuilder.Create(TimeProvider.System).WithIdentity($"item-{i}", "bench").ForJob(job).StartNow().Build();
    }

    /// <summary>A database of its own on the same server, so a peer's tables never meet Parcours'.</summary>
    private sealed class PeerDatabase : IAsyncDisposable
    {
        private readonly string _admin;
        private readonly string _name;

        private PeerDatabase(string admin, string name)
        {
            _admin = admin;
            _name = name;
            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        }

        public string ConnectionString { get; }

        public static async Task<PeerDatabase> CreateAsync(BenchTarget target, string peer, CancellationToken ct)
        {
            var admin = target.PostgresAdmin ?? throw new InvalidOperationException("The peers run on PostgreSQL only.");
            var name = $"peer_bench_{new string(peer.Where(char.IsLetter).ToArray()).ToLowerInvariant()}_{Guid.NewGuid():N}";
            await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"", ct);
            return new PeerDatabase(admin, name);
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", CancellationToken.None);
        }

        private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>How many peer jobs ran: the peers' jobs are built by their frameworks, so the count is static.</summary>
internal static class PeerCounter
{
    private static int _count;

    public static int Count => Volatile.Read(ref _count);

    public static void Increment() => Interlocked.Increment(ref _count);

    public static void Reset() => Volatile.Write(ref _count, 0);
}

/// <summary>Hangfire's no-op job: a public static method, as Hangfire serialises the call by type and method name.</summary>
internal static class HangfireNoop
{
    public static void Run() => PeerCounter.Increment();
}

/// <summary>Quartz.NET's no-op job.</summary>
internal sealed class QuartzNoopJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        PeerCounter.Increment();
        return ValueTask.CompletedTask;
    }
}
