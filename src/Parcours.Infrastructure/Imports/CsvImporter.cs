using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Imports;

/// <summary>
/// Imports a CSV file all or nothing. Pass 1 streams the file and validates every row, database lookups included, and
/// writes nothing; if any row is wrong the import is rejected with the list. Pass 2 streams it again and writes it in
/// one transaction, batch by batch, so memory stays flat whatever the file's size.
/// </summary>
public sealed class CsvImporter(TimeProvider clock)
{
    private const int BatchSize = 1000;

    /// <param name="db">A context whose workspace scope is entered; the import writes into that workspace.</param>
    /// <param name="mapping">Field key → column header. A blank header leaves the field unmapped.</param>
    public async Task<Result<ImportOutcome>> RunAsync(
        ParcoursDbContext db,
        ImportKind kind,
        string path,
        string encodingName,
        char delimiter,
        IReadOnlyDictionary<string, string> mapping,
        IProgress<ImportProgress>? progress,
        CancellationToken ct)
    {
        var workspace = db.Scope.Current ?? throw new InvalidOperationException("Enter the workspace scope before importing.");
        var file = new ImportFile(kind, path, encodingName, delimiter, mapping, workspace);

        var validation = await RunPassAsync(db, file, write: false, progress, ct);
        if (validation.Error is not null || validation.Value.ErrorCount > 0)
        {
            return validation.IsSuccess ? validation.Value.ToOutcome(ImportOutcomeStatus.Rejected) : validation.Error!;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var import = await RunPassAsync(db, file, write: true, progress, ct);
        if (import.Error is not null || import.Value.ErrorCount > 0)
        {
            // The data changed between the passes (another user, another import): disposing rolls everything back.
            return import.IsSuccess ? import.Value.ToOutcome(ImportOutcomeStatus.Rejected) : import.Error!;
        }

        await transaction.CommitAsync(ct);
        return import.Value.ToOutcome(ImportOutcomeStatus.Succeeded);
    }

    private async Task<Result<Tally>> RunPassAsync(ParcoursDbContext db, ImportFile file, bool write, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var opened = await CsvTable.OpenAsync(file.Path, file.EncodingName, file.Delimiter, ct);
        if (opened.Error is { } openError)
        {
            return openError;
        }

        await using var table = opened.Value;
        var columns = Columns(file.Kind, file.Mapping, table.Headers);
        if (columns.Error is { } mappingError)
        {
            return mappingError;
        }

        IImportTarget target = file.Kind switch
        {
            ImportKind.Accounts => await AccountImport.CreateAsync(db, clock, write, file.Workspace, ct),
            ImportKind.People => new PersonImport(db, clock, write, file.Workspace),
            _ => throw new ArgumentOutOfRangeException(nameof(file), file.Kind, "Unknown import kind."),
        };
        var tally = new Tally();
        var phase = write ? ImportProgress.Importing : ImportProgress.Validating;
        while (await table.ReadAsync(ct))
        {
            var row = new ImportRow(table.RowNumber, table.Cells, columns.Value);
            tally.TotalRows++;
            if (table.Problem is { } problem)
            {
                // Only the last row can be unreadable (the reader stops there): flush first to keep errors in row order.
                await FlushAsync(db, target, tally, write, ct);
                row.Fail(null, problem);
                tally.Record(row);
                continue;
            }

            if (table.HasExtraValues)
            {
                row.Fail(null, $"This row has more values than the header has columns: check the separator, or put quotes around values that contain {DelimiterName(file.Delimiter)}.");
            }

            target.Add(row);
            if (target.Pending >= BatchSize && !await FlushAndReportAsync())
            {
                return tally;
            }
        }

        await FlushAndReportAsync();
        return tally;

        async Task<bool> FlushAndReportAsync()
        {
            if (target.Pending == 0)
            {
                return true;
            }

            var ok = await FlushAsync(db, target, tally, write, ct);
            progress?.Report(new ImportProgress(phase, tally.TotalRows));
            return ok;
        }
    }

    /// <summary>
    /// PostgreSQL plans the foreign-key checks of each insert once per connection, from the statistics it has then: on a
    /// fresh database it believes the tables empty and picks a plan that scans the whole workspace per row, which made a
    /// 100,000-people import quadratic (22 minutes, BENCHMARKS.md). ANALYZE whenever the written batches double
    /// (1, 2, 4, 8…) keeps the statistics close to the tables at a logarithmic cost, and invalidates the stale plans.
    /// </summary>
    private static async Task RefreshPlannerStatisticsAsync(ParcoursDbContext db, int writtenBatches, CancellationToken ct)
    {
        if (db.Database.IsNpgsql() && (writtenBatches & (writtenBatches - 1)) == 0)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE \"accounts\", \"people\", \"stakeholders\"", ct);
        }
    }

    /// <summary>Applies the pending rows; when writing, saves them unless one failed. Returns false when the pass must stop.</summary>
    private static async Task<bool> FlushAsync(ParcoursDbContext db, IImportTarget target, Tally tally, bool write, CancellationToken ct)
    {
        if (target.Pending == 0)
        {
            return tally.ErrorCount == 0 || !write;
        }

        foreach (var row in await target.FlushAsync(ct))
        {
            tally.Record(row);
        }

        if (!write)
        {
            return true;
        }

        if (tally.ErrorCount > 0)
        {
            return false;
        }

        await db.SaveChangesAsync(ct);
        await RefreshPlannerStatisticsAsync(db, ++tally.WrittenBatches, ct);

        // Only the import's own entities are let go: the caller may track its ImportJob in the same context. SaveChanges
        // has just synchronised the tracker, so listing the entries need not scan every entity for changes again.
        var tracker = db.ChangeTracker;
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries().Where(e => e.Entity is Account or Person or Stakeholder).ToList())
            {
                entry.State = EntityState.Detached;
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }

        return true;
    }

    private static Result<IReadOnlyDictionary<string, int>> Columns(ImportKind kind, IReadOnlyDictionary<string, string> mapping, IReadOnlyList<string> headers)
    {
        var fields = ImportFields.For(kind);
        var problems = new List<string>();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, header) in mapping)
        {
            var field = fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                problems.Add($"'{key}' is not a field of {kind.ToString().ToLowerInvariant()}.");
                continue;
            }

            if (Text.Clean(header) is not { } name)
            {
                continue;
            }

            var index = headers.ToList().FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                problems.Add($"The column '{name}' chosen for {field.Key} is not in the file.");
            }
            else
            {
                columns[field.Key] = index;
            }
        }

        problems.AddRange(fields.Where(f => f.Required && !columns.ContainsKey(f.Key)).Select(f => $"{f.Key} is required: choose the column that holds it."));
        return problems.Count == 0
            ? columns
            : new Error.Invalid("invalid_mapping", string.Join(" ", problems), "mapping");
    }

    private static string DelimiterName(char delimiter) => delimiter switch
    {
        ';' => "a semicolon (;)",
        ',' => "a comma (,)",
        '\t' => "a tab",
        _ => $"'{delimiter}'",
    };

    private sealed record ImportFile(
        ImportKind Kind, string Path, string EncodingName, char Delimiter, IReadOnlyDictionary<string, string> Mapping, WorkspaceId Workspace);

    /// <summary>Counts of one pass; keeps the first errors only, so a file that is wrong on every row stays cheap to report.</summary>
    private sealed class Tally
    {
        private readonly List<ImportRowError> _errors = [];

        public int TotalRows { get; set; }

        public int WrittenBatches { get; set; }

        public int Created { get; private set; }

        public int Updated { get; private set; }

        public int Unchanged { get; private set; }

        public int ErrorCount { get; private set; }

        public void Record(ImportRow row)
        {
            ErrorCount += row.Errors.Count;
            _errors.AddRange(row.Errors.Take(ImportOutcome.MaxErrors - _errors.Count));
            switch (row.Change)
            {
                case RowChange.Created:
                    Created++;
                    break;
                case RowChange.Updated:
                    Updated++;
                    break;
                case RowChange.Unchanged:
                    Unchanged++;
                    break;
                case RowChange.None:
                    break;
            }
        }

        public ImportOutcome ToOutcome(ImportOutcomeStatus status) => status == ImportOutcomeStatus.Succeeded
            ? new ImportOutcome(status, TotalRows, Created, Updated, Unchanged, 0, [])
            : new ImportOutcome(status, TotalRows, 0, 0, 0, ErrorCount, _errors);
    }
}
