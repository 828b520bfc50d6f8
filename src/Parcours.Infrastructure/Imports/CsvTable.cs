using CsvHelper;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Imports;

/// <summary>
/// A CSV file read record by record, as a spreadsheet shows it: <see cref="RowNumber"/> counts every record from 1 (a
/// quoted line break does not start a new row, a blank line does), blank rows are passed over, and the header is the
/// first non-blank row. Shared by the sniffer and the importer so that both see the same headers and row numbers.
/// </summary>
public sealed class CsvTable : IAsyncDisposable
{
    /// <summary>No real row comes near this; an unclosed quote at the top of a big file would, and would fill memory.</summary>
    private const int MaxRecordBytes = 1 << 20;

    private readonly CsvReader _reader;
    private long _unterminatedQuoteRecord = -1;
    private bool _broken;

    private CsvTable(string path, System.Text.Encoding? encoding, char delimiter)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = delimiter,
            HasHeader = false,
            SkipEmptyLines = false,
            TrimWhitespace = false,
            Encoding = encoding,
            MaxRecordSize = MaxRecordBytes,
            DetectSeparatorHint = false,
            OnMalformedRecord = record =>
            {
                if (record.Reason == CsvMalformedReason.UnterminatedQuote)
                {
                    _unterminatedQuoteRecord = record.RecordNumber;
                }
            },
        };
        _reader = CsvReader.FromFile(path, options, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    public IReadOnlyList<string> Headers { get; private set; } = [];

    public int RowNumber { get; private set; }

    public string?[] Cells { get; private set; } = [];

    /// <summary>Why the current row could not be read as written, in words for the person who made the file.</summary>
    public string? Problem { get; private set; }

    /// <summary>True when the row has values beyond the header's columns: a wrong delimiter or an unquoted one in a value.</summary>
    public bool HasExtraValues => Cells.Skip(Headers.Count).Any(c => !string.IsNullOrWhiteSpace(c));

    public static async Task<Result<CsvTable>> OpenAsync(string path, string encodingName, char delimiter, CancellationToken ct)
    {
        var encoding = CsvEncodings.Resolve(encodingName);
        if (encoding.Error is { } encodingError)
        {
            return encodingError;
        }

        if (delimiter is '"' or '\r' or '\n' or '\0' || !char.IsAscii(delimiter))
        {
            return new Error.Invalid("csv_bad_delimiter", $"'{delimiter}' cannot separate columns.", "delimiter");
        }

        var table = new CsvTable(path, encoding.Value, delimiter);
        if (await table.ReadHeaderAsync(ct) is { } headerError)
        {
            await table.DisposeAsync();
            return headerError;
        }

        return table;
    }

    public async Task<bool> ReadAsync(CancellationToken ct)
    {
        while (!_broken)
        {
            try
            {
                if (!await _reader.ReadAsync(ct))
                {
                    return false;
                }
            }
            catch (CsvFormatException ex)
            {
                _broken = true;
                RowNumber = (int)ex.RecordNumber;
                Cells = [];
                Problem = $"This row is longer than {MaxRecordBytes / 1024 / 1024} MB: a quote (\") is probably not closed.";
                return true;
            }

            var cells = _reader.Current.ToArray();
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            RowNumber = (int)_reader.RowNumber;
            Cells = cells;
            Problem = _unterminatedQuoteRecord == RowNumber
                ? "A quoted value that starts on this row is never closed: a quote (\") is missing, so the rest of the file was read as part of it."
                : null;
            return true;
        }

        return false;
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    /// <summary>Spreadsheet column letters, which is how a user finds a column: 0 → A, 27 → AB.</summary>
    public static string ColumnLetter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    private async Task<Error?> ReadHeaderAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct))
        {
            return new Error.Invalid("csv_no_header", "The file has no header row: its first row must name the columns.");
        }

        if (Problem is not null)
        {
            return new Error.Invalid("csv_bad_header", $"The header row cannot be read. {Problem}");
        }

        // A stray byte order mark (a file saved twice) would otherwise stick to the first column's name.
        var names = Cells.Select(c => Text.Clean(c?.Trim('\uFEFF')) ?? "").ToList();

        // Excel often exports empty columns after the last used one: those are not part of the table.
        while (names.Count > 0 && names[^1].Length == 0)
        {
            names.RemoveAt(names.Count - 1);
        }

        var blank = names.IndexOf("");
        if (blank >= 0)
        {
            return new Error.Invalid(
                "csv_blank_header", $"Column {ColumnLetter(blank)} of the header row has no name: name it or delete the column.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                return new Error.Invalid(
                    "csv_duplicate_header", $"The header row has two columns named '{name}': each column needs its own name.");
            }
        }

        Headers = names;
        return null;
    }
}
