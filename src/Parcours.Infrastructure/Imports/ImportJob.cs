using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Imports;

public enum ImportKind
{
    Accounts = 0,
    People = 1,
}

public enum ImportStatus
{
    /// <summary>File stored and previewed; waiting for the user to confirm the column mapping.</summary>
    Uploaded = 0,
    Queued = 1,
    Running = 2,
    Succeeded = 3,

    /// <summary>Some rows were invalid: nothing was written, the report says which and why.</summary>
    Rejected = 4,

    /// <summary>The run broke off (server stopped, database error): the transaction rolled back, nothing was written.</summary>
    Failed = 5,
}

/// <summary>One CSV import, from upload to report. The file stays on disk until the import ends.</summary>
public sealed class ImportJob : ITenantOwned
{
    public Guid Id { get; set; }

    public WorkspaceId WorkspaceId { get; set; }

    public ImportKind Kind { get; set; }

    public string FileName { get; set; } = "";

    public long FileSize { get; set; }

    public string EncodingName { get; set; } = "utf-8";

    public string Delimiter { get; set; } = ",";

    /// <summary>JSON array of the file's column headers.</summary>
    public string HeadersJson { get; set; } = "[]";

    /// <summary>JSON object field → column header, confirmed by the user.</summary>
    public string MappingJson { get; set; } = "{}";

    public ImportStatus Status { get; set; }

    public int TotalRows { get; set; }

    public int CreatedCount { get; set; }

    public int UpdatedCount { get; set; }

    public int UnchangedCount { get; set; }

    public int ErrorCount { get; set; }

    /// <summary>JSON array of the first row errors (row, field, message); <see cref="ErrorCount"/> has them all.</summary>
    public string ErrorsJson { get; set; } = "[]";

    public string? FailureMessage { get; set; }

    public Guid? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
