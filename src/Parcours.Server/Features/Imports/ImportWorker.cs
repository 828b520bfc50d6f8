using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Server.Features.Imports;

public sealed record ImportWork(WorkspaceId WorkspaceId, Guid JobId);

/// <summary>Imports waiting to run, one at a time: on SQLite there is one writer anyway, and an import is one transaction.</summary>
public sealed class ImportQueue
{
    private readonly Channel<ImportWork> _channel = Channel.CreateBounded<ImportWork>(100);

    public ValueTask EnqueueAsync(ImportWork work, CancellationToken ct) => _channel.Writer.WriteAsync(work, ct);

    public IAsyncEnumerable<ImportWork> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>
/// Live progress of running imports, kept in memory: the import's own transaction holds the database (SQLite allows one
/// writer), so progress cannot be written beside it. Progress is per node; the result is in the database.
/// </summary>
public sealed class ImportProgressBoard
{
    private readonly ConcurrentDictionary<Guid, ImportProgress> _progress = new();

    public ImportProgress? Get(Guid jobId) => _progress.TryGetValue(jobId, out var p) ? p : null;

    public IProgress<ImportProgress> For(Guid jobId) => new Reporter(this, jobId);

    public void Clear(Guid jobId) => _progress.TryRemove(jobId, out _);

    private sealed class Reporter(ImportProgressBoard board, Guid jobId) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => board._progress[jobId] = value;
    }
}

public sealed partial class ImportWorker(
    IServiceScopeFactory scopes,
    ImportQueue queue,
    ImportProgressBoard progress,
    IOptions<ImportOptions> options,
    IOptions<DatabaseOptions> database,
    TimeProvider clock,
    ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        await foreach (var work in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(work, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ImportFailed(logger, work.JobId, e);
                await FinishAsync(work, job =>
                {
                    job.Status = ImportStatus.Failed;
                    job.FailureMessage = "The import stopped on an unexpected error; nothing was written. Try again, or contact your admin.";
                }, CancellationToken.None);
            }
            finally
            {
                progress.Clear(work.JobId);
            }
        }
    }

    private async Task RunAsync(ImportWork work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(work.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
        var job = await db.ImportJobs.SingleAsync(j => j.Id == work.JobId, ct);
        job.Status = ImportStatus.Running;
        job.StartedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var path = FilePath(job.Id);
        var mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(job.MappingJson) ?? [];
        var importer = new CsvImporter(clock);
        var result = await importer.RunAsync(db, job.Kind, path, job.EncodingName, job.Delimiter[0], mapping, progress.For(job.Id), ct);
        await FinishAsync(work, j =>
        {
            if (result.Error is { } error)
            {
                j.Status = ImportStatus.Rejected;
                j.FailureMessage = error.Detail;
                return;
            }

            var outcome = result.Value;
            j.Status = outcome.Status == ImportOutcomeStatus.Succeeded ? ImportStatus.Succeeded : ImportStatus.Rejected;
            j.TotalRows = outcome.TotalRows;
            j.CreatedCount = outcome.Created;
            j.UpdatedCount = outcome.Updated;
            j.UnchangedCount = outcome.Unchanged;
            j.ErrorCount = outcome.ErrorCount;
            j.ErrorsJson = JsonSerializer.Serialize(outcome.Errors);
        }, ct);
        File.Delete(path);
    }

    private async Task FinishAsync(ImportWork work, Action<ImportJob> update, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(work.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
        var job = await db.ImportJobs.SingleAsync(j => j.Id == work.JobId, ct);
        update(job);
        job.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// After a restart: a queued import runs again; a running one was rolled back with its transaction, so it is marked
    /// failed (nothing was written) and its file kept for another try.
    /// </summary>
    private async Task RecoverAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
        var pending = await db.ImportJobs.IgnoreQueryFilters()
            .Where(j => j.Status == ImportStatus.Queued || j.Status == ImportStatus.Running)
            .Select(j => new { j.WorkspaceId, j.Id, j.Status }).ToListAsync(ct);
        foreach (var job in pending)
        {
            var work = new ImportWork(job.WorkspaceId, job.Id);
            if (job.Status == ImportStatus.Queued)
            {
                await queue.EnqueueAsync(work, ct);
            }
            else
            {
                await FinishAsync(work, j =>
                {
                    j.Status = ImportStatus.Failed;
                    j.FailureMessage = "The server restarted during this import; nothing was written. Upload the file again.";
                }, ct);
            }
        }
    }

    private string FilePath(Guid jobId) => Path.Combine(ImportJobs.ImportFolder(options.Value, database.Value), $"{jobId:N}.csv");

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Import {JobId} failed")]
        public static partial void ImportFailed(ILogger logger, Guid jobId, Exception exception);
    }
}
