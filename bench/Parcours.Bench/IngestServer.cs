using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Ingestion;
using Parcours.Server;
using Parcours.Server.Features.Operations;

namespace Parcours.Bench;

/// <summary>
/// The real server (<see cref="ParcoursApp"/>, as Program.cs composes it) on Kestrel on a loopback port, in this process,
/// with production settings: Production environment, logging at Warning, no demo workspace. The one change is that the
/// store is wrapped in <see cref="TimedEventStore"/>, so the run can tell how busy the single writer was.
/// </summary>
internal sealed class IngestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private IngestServer(WebApplication app, string dataDirectory, Uri baseAddress, CommitStats commits)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Commits = commits;
    }

    public Uri BaseAddress { get; }

    public Uri BatchUrl => new(BaseAddress, "/v1/batch");

    public CommitStats Commits { get; }

    /// <summary>
    /// The per-key rate limit (<c>Ingestion:RequestsPerSecond</c>, default 200 requests/s, burst 400) is raised: at 100
    /// events a request the default caps one write key at 20,000 events/s, below what the benchmark must find out.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ProductionSettings(BenchDatabase database, string dataDirectory)
    {
        var settings = new Dictionary<string, string?>(database.HostSettings())
        {
            ["Database:DataDirectory"] = dataDirectory,
            ["Demo:Enabled"] = "false",
            ["Ingestion:RequestsPerSecond"] = "1000000",
            ["Ingestion:Burst"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        };
        return settings;
    }

    public static async Task<IngestServer> StartAsync(BenchDatabase database, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "parcours-bench", $"data-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(ParcoursApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(ProductionSettings(database, dataDirectory));
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddParcours();
        var commits = new CommitStats();
        builder.Services.AddSingleton(commits);
        builder.Services.AddScoped<IEventStore>(sp => new TimedEventStore(ActivatorUtilities.CreateInstance<SqlEventStore>(sp), commits));

        var app = builder.Build();
        await StartupTasks.RunAsync(app.Services, ct);
        app.UseParcours();
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IngestServer(app, dataDirectory, new Uri(address), commits);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>A write key made as <c>WriteKeys.CreateAsync</c> makes one, written directly into the database.</summary>
    public static async Task<(string Key, Guid Id)> CreateWriteKeyAsync(BenchDatabase database, WorkspaceId workspace, CancellationToken ct)
    {
        var (key, prefix) = Secrets.NewKey(Secrets.WriteKeyPrefix);
        var scope = new Infrastructure.Workspaces.WorkspaceScope();
        scope.Enter(workspace);
        await using var db = database.CreateContext(scope);
        var writeKey = new WriteKey
        {
            Id = Guid.CreateVersion7(TimeProvider.System.GetUtcNow()),
            WorkspaceId = workspace,
            Name = "Banc d'essai",
            Prefix = prefix,
            SecretHash = Secrets.Hash(key),
            CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
        };
        db.WriteKeys.Add(writeKey);
        await db.SaveChangesAsync(ct);
        return (key, writeKey.Id);
    }
}

/// <summary>What the single writer did: commits, events and the time spent inside <see cref="IEventStore.AppendAsync"/>.</summary>
internal sealed class CommitStats
{
    private long _commits;
    private long _events;
    private long _busyTicks;

    public long CommitCount => Interlocked.Read(ref _commits);

    public long Events => Interlocked.Read(ref _events);

    public TimeSpan Busy => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    public void Add(int events, long ticks)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _busyTicks, ticks);
    }

    public (long Commits, long Events, TimeSpan Busy) Snapshot() => (CommitCount, Events, Busy);
}

/// <summary>The real store, timed.</summary>
internal sealed class TimedEventStore(IEventStore inner, CommitStats stats) : IEventStore
{
    public async Task<int> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var stored = await inner.AppendAsync(events, cancellationToken);
        stats.Add(events.Count, Stopwatch.GetTimestamp() - started);
        return stored;
    }
}
