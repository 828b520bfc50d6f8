using System.Text.Json;
using Parcours.Infrastructure.Imports;

namespace Parcours.Server.Features.Imports;

public sealed record ImportFieldResponse(string Key, string Label, bool Required);

public sealed record ImportResponse(
    Guid Id,
    ImportKind Kind,
    string FileName,
    long FileSize,
    string Encoding,
    string Delimiter,
    ImportStatus Status,
    IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<string>> SampleRows,
    IReadOnlyDictionary<string, string> Mapping,
    IReadOnlyList<ImportFieldResponse> Fields,
    string? Phase,
    int RowsDone,
    int? EstimatedRows,
    int TotalRows,
    int Created,
    int Updated,
    int Unchanged,
    int ErrorCount,
    IReadOnlyList<ImportRowError> Errors,
    string? FailureMessage,
    DateTime CreatedAt,
    DateTime? FinishedAt)
{
    public static ImportResponse From(ImportJob job, ImportProgress? live, IReadOnlyList<IReadOnlyList<string>> sample, int? estimatedRows, bool french) => new(
        job.Id, job.Kind, job.FileName, job.FileSize, job.EncodingName, job.Delimiter, job.Status,
        JsonSerializer.Deserialize<List<string>>(job.HeadersJson) ?? [],
        sample,
        JsonSerializer.Deserialize<Dictionary<string, string>>(job.MappingJson) ?? [],
        ImportFields.For(job.Kind).Select(f => new ImportFieldResponse(f.Key, french ? f.LabelFr : f.LabelEn, f.Required)).ToList(),
        live?.Phase, live?.RowsDone ?? 0, estimatedRows, job.TotalRows, job.CreatedCount, job.UpdatedCount, job.UnchangedCount,
        job.ErrorCount, JsonSerializer.Deserialize<List<ImportRowError>>(job.ErrorsJson) ?? [], job.FailureMessage, job.CreatedAt, job.FinishedAt);
}
