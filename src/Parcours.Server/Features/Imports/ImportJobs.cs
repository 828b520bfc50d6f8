using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Imports;

/// <summary>
/// Upload → preview and suggested mapping → start with the confirmed mapping → run in the background → report.
/// The API and the cockpit page both go through these methods.
/// </summary>
public sealed class ImportJobs(
    ParcoursDbContext db,
    IOptions<ImportOptions> options,
    IOptions<DatabaseOptions> database,
    ImportQueue queue,
    ImportProgressBoard progress,
    TimeProvider clock)
{
    private const int SampleRows = 10;

    public string Folder => ImportFolder(options.Value, database.Value);

    public static string ImportFolder(ImportOptions options, DatabaseOptions database) =>
        Path.IsPathRooted(options.Folder) ? options.Folder : Path.Combine(database.DataDirectory, options.Folder);

    public async Task<Result<ImportResponse>> UploadAsync(ImportKind kind, string fileName, Stream content, Guid? userId, CancellationToken ct)
    {
        if (!Enum.IsDefined(kind))
        {
            return new Error.Invalid("invalid_kind", "kind must be Accounts or People.", "kind");
        }

        Directory.CreateDirectory(Folder);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        var path = Path.Combine(Folder, $"{id:N}.csv");
        var size = await CopyWithLimitAsync(content, path, options.Value.MaxFileBytes, ct);
        if (size is null)
        {
            File.Delete(path);
            return new Error.Invalid("file_too_large", $"The file is larger than {options.Value.MaxFileBytes / (1024 * 1024)} MB.", "file");
        }

        var sniffed = await CsvSniffer.SniffAsync(path, SampleRows, ct);
        if (sniffed.Error is { } unreadable)
        {
            File.Delete(path);
            return unreadable;
        }

        var job = new ImportJob
        {
            Id = id,
            WorkspaceId = db.CurrentWorkspaceId,
            Kind = kind,
            FileName = Path.GetFileName(fileName).Length > 200 ? Path.GetFileName(fileName)[..200] : Path.GetFileName(fileName),
            FileSize = size.Value,
            EncodingName = sniffed.Value.EncodingName,
            Delimiter = sniffed.Value.Delimiter.ToString(),
            HeadersJson = JsonSerializer.Serialize(sniffed.Value.Headers),
            MappingJson = JsonSerializer.Serialize(ImportFields.SuggestMapping(kind, sniffed.Value.Headers)),
            Status = ImportStatus.Uploaded,
            CreatedById = userId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        return Respond(job, sniffed.Value.SampleRows, sniffed.Value.EstimatedRows);
    }

    public async Task<Result<ImportResponse>> StartAsync(Guid id, IReadOnlyDictionary<string, string> mapping, CancellationToken ct)
    {
        var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null)
        {
            return Problems.NotFound("import", id);
        }

        if (job.Status != ImportStatus.Uploaded)
        {
            return new Error.Conflict("import_already_started", $"This import is already {job.Status.ToString().ToLowerInvariant()}.");
        }

        var headers = JsonSerializer.Deserialize<List<string>>(job.HeadersJson) ?? [];
        var checks = new Checks();
        foreach (var field in ImportFields.For(job.Kind))
        {
            if (field.Required && !mapping.ContainsKey(field.Key))
            {
                checks.Fail("unmapped_required_field", $"Choose the column for '{field.LabelEn}'.", field.Key);
            }
        }

        foreach (var (field, header) in mapping)
        {
            if (!ImportFields.For(job.Kind).Any(f => f.Key == field))
            {
                checks.Fail("unknown_field", $"'{field}' is not a field of a {job.Kind} import.", field);
            }
            else if (!headers.Contains(header))
            {
                checks.Fail("unknown_column", $"The file has no column '{header}'.", field);
            }
        }

        if (!checks.Passed)
        {
            return checks.Finish<ImportResponse>(() => null!);
        }

        job.MappingJson = JsonSerializer.Serialize(mapping);
        job.Status = ImportStatus.Queued;
        await db.SaveChangesAsync(ct);
        await queue.EnqueueAsync(new ImportWork(job.WorkspaceId, job.Id), ct);
        return Respond(job, [], null);
    }

    public async Task<Result<ImportResponse>> GetAsync(Guid id, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null)
        {
            return Problems.NotFound("import", id);
        }

        if (job.Status == ImportStatus.Uploaded && File.Exists(Path.Combine(Folder, $"{job.Id:N}.csv")))
        {
            var sniffed = await CsvSniffer.SniffAsync(Path.Combine(Folder, $"{job.Id:N}.csv"), SampleRows, ct);
            if (sniffed.IsSuccess)
            {
                return Respond(job, sniffed.Value.SampleRows, sniffed.Value.EstimatedRows);
            }
        }

        return Respond(job, [], null);
    }

    public async Task<List<ImportResponse>> RecentAsync(CancellationToken ct)
    {
        var jobs = await db.ImportJobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).Take(20).ToListAsync(ct);
        return jobs.Select(j => Respond(j, [], null)).ToList();
    }

    private ImportResponse Respond(ImportJob job, IReadOnlyList<IReadOnlyList<string>> sample, int? estimated) =>
        ImportResponse.From(job, progress.Get(job.Id), sample, estimated, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "en");

    /// <summary>Streams the upload to disk and stops as soon as it passes the limit, so a huge upload never fills memory or disk.</summary>
    private static async Task<long?> CopyWithLimitAsync(Stream content, string path, long limit, CancellationToken ct)
    {
        await using var file = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return null;
            }

            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return total;
    }
}
