using System.Text;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Imports;

/// <summary>What the preview shows before the user maps columns: how to read the file, its columns and its first rows.</summary>
public sealed record CsvSniffResult(
    string EncodingName,
    char Delimiter,
    IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<string>> SampleRows,
    int? EstimatedRows);

public static class CsvSniffer
{
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// Finds the encoding (UTF-8 with or without a byte order mark, else Windows-1252) with a strict UTF-8 decode of the
    /// whole file, streamed, and the delimiter from the header row; then reads the headers and the first rows.
    /// </summary>
    public static async Task<Result<CsvSniffResult>> SniffAsync(string path, int sampleRows, CancellationToken ct)
    {
        var shape = await ScanAsync(path, ct);
        if (shape.Error is { } shapeError)
        {
            return shapeError;
        }

        var (encodingName, delimiter, records) = shape.Value;
        var opened = await CsvTable.OpenAsync(path, encodingName, delimiter, ct);
        if (opened.Error is { } openError)
        {
            return openError;
        }

        await using var table = opened.Value;
        var samples = new List<IReadOnlyList<string>>(Math.Max(0, sampleRows));
        while (samples.Count < sampleRows && await table.ReadAsync(ct))
        {
            samples.Add(table.Headers.Select((_, i) => Text.Clean(table.Cells.ElementAtOrDefault(i)) ?? "").ToArray());
        }

        return new CsvSniffResult(encodingName, delimiter, table.Headers, samples, Math.Max(0, records - 1));
    }

    private static async Task<Result<(string EncodingName, char Delimiter, int Records)>> ScanAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var buffer = new byte[BufferSize];
        var read = await file.ReadAtLeastAsync(buffer, 4, throwOnEndOfStream: false, ct);
        var bom = Encoding.UTF8.Preamble;
        var hasBom = buffer.AsSpan(0, read).StartsWith(bom);
        if (read == 0 || (hasBom && read == bom.Length))
        {
            return new Error.Invalid("csv_empty", "The file is empty.");
        }

        if (buffer.AsSpan(0, read).StartsWith(Encoding.Unicode.Preamble) || buffer.AsSpan(0, read).StartsWith(Encoding.BigEndianUnicode.Preamble))
        {
            return new Error.Invalid(
                "csv_not_text", "The file is saved as UTF-16 (\"Unicode text\"): save it again as \"CSV UTF-8\" or \"CSV (separator: semicolon)\".");
        }

        var scan = new CsvByteScan();
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var isUtf8 = true;
        var chunk = buffer.AsMemory(hasBom ? bom.Length : 0, read - (hasBom ? bom.Length : 0));
        while (chunk.Length > 0)
        {
            scan.Add(chunk.Span);
            isUtf8 = isUtf8 && IsUtf8(decoder, chunk.Span, flush: false);
            read = await file.ReadAsync(buffer, ct);
            chunk = buffer.AsMemory(0, read);
        }

        scan.Complete();
        isUtf8 = isUtf8 && IsUtf8(decoder, [], flush: true);
        if (scan.HasNul)
        {
            return new Error.Invalid("csv_not_text", "This is not a text file: save the spreadsheet as CSV and upload that file.");
        }

        if (scan.Records == 0)
        {
            return new Error.Invalid("csv_no_header", "The file has no header row: its first row must name the columns.");
        }

        var encodingName = hasBom ? CsvEncodings.Utf8WithBom : isUtf8 ? CsvEncodings.Utf8 : CsvEncodings.Windows1252;
        return (encodingName, scan.Delimiter, scan.Records);
    }

    private static bool IsUtf8(Decoder decoder, ReadOnlySpan<byte> bytes, bool flush)
    {
        try
        {
            decoder.GetCharCount(bytes, flush);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
