using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Imports;

internal enum RowChange
{
    None = 0,
    Created = 1,
    Updated = 2,
    Unchanged = 3,
}

/// <summary>
/// One data row seen through the mapping: its cells by field key, and the problems found in it, one per field at most:
/// a bad date is not reported again as a domain rule about that date.
/// </summary>
internal sealed class ImportRow(int number, string?[] cells, IReadOnlyDictionary<string, int> columns)
{
    private readonly HashSet<string> _failedFields = new(StringComparer.Ordinal);

    public int Number => number;

    public List<ImportRowError> Errors { get; } = [];

    public bool IsValid => Errors.Count == 0;

    public RowChange Change { get; set; }

    public bool HasFailed(string field) => _failedFields.Contains(field);

    /// <summary>The trimmed cell of a mapped field; null when the field is not mapped or the cell is blank.</summary>
    public string? Get(string key)
    {
        if (!columns.TryGetValue(key, out var index) || index >= cells.Length)
        {
            return null;
        }

        var clean = Text.Clean(cells[index]);

        // Our export puts an apostrophe before values a spreadsheet would run as a formula ("+33…", "=…"): take it off.
        return clean is ['\'', '=' or '+' or '-' or '@', ..] ? clean[1..] : clean;
    }

    public T? Parse<T>(string key, Func<string, string, Result<T>> parser) where T : struct
    {
        if (Get(key) is not { } text)
        {
            return null;
        }

        var parsed = parser(key, text);
        if (parsed.Error is { } error)
        {
            Fail(error);
            return null;
        }

        return parsed.Value;
    }

    /// <summary>A cell checked and normalised by a domain factory such as <see cref="Values.Email"/>, for use as a match key.</summary>
    public string? Normalize(string key, Func<string, string?, Result<string?>> factory)
    {
        if (Get(key) is not { } text)
        {
            return null;
        }

        var normalized = factory(key, text);
        if (normalized.Error is { } error)
        {
            Fail(error);
            return null;
        }

        return normalized.Value;
    }

    public void Fail(string? field, string message)
    {
        if (field is not null && !_failedFields.Add(field))
        {
            return;
        }

        Errors.Add(new ImportRowError(number, field, message));
    }

    /// <summary>Records every failure a domain factory returned; <paramref name="fieldAliases"/> maps domain field names to import keys.</summary>
    public void Fail(Error error, IReadOnlyDictionary<string, string>? fieldAliases = null)
    {
        IReadOnlyList<Error.Invalid> failures = error switch
        {
            Error.Validation validation => validation.Failures,
            Error.Invalid invalid => [invalid],
            _ => [new Error.Invalid(error.Code, error.Detail)],
        };
        foreach (var failure in failures)
        {
            var field = failure.Field is { } name && fieldAliases?.GetValueOrDefault(name) is { } alias ? alias : failure.Field;
            Fail(field, failure.Detail);
        }
    }
}

/// <summary>What one kind of import does with its rows; the importer owns the file, the batches and the transaction.</summary>
internal interface IImportTarget
{
    int Pending { get; }

    /// <summary>Reads the row's cells and checks it against the rows before it in the file, without the database.</summary>
    void Add(ImportRow row);

    /// <summary>Matches the pending rows with one query per lookup and applies them through the domain; returns them in file order.</summary>
    Task<IReadOnlyList<ImportRow>> FlushAsync(CancellationToken ct);
}
