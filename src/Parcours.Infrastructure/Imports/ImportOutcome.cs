namespace Parcours.Infrastructure.Imports;

/// <summary>
/// One problem in the file. <paramref name="Row"/> is the row number a spreadsheet shows (the header is row 1);
/// <paramref name="Field"/> is the import field key, or null when the problem is the whole row.
/// </summary>
public sealed record ImportRowError(int Row, string? Field, string Message)
{
    public override string ToString() => $"Row {Row}: {Message}";
}

/// <summary>Reported after each batch. <paramref name="Phase"/> is <see cref="Validating"/> or <see cref="Importing"/>.</summary>
public sealed record ImportProgress(string Phase, int RowsDone)
{
    public const string Validating = "validating";
    public const string Importing = "importing";
}

public enum ImportOutcomeStatus
{
    Succeeded = 0,

    /// <summary>At least one row was invalid, so nothing was written.</summary>
    Rejected = 1,
}

/// <summary>The result of a run. <paramref name="Errors"/> holds the first <see cref="MaxErrors"/>; <paramref name="ErrorCount"/> counts them all.</summary>
public sealed record ImportOutcome(
    ImportOutcomeStatus Status,
    int TotalRows,
    int Created,
    int Updated,
    int Unchanged,
    int ErrorCount,
    IReadOnlyList<ImportRowError> Errors)
{
    public const int MaxErrors = 500;
}
