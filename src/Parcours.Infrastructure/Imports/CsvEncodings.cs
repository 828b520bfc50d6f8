using System.Text;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Imports;

/// <summary>
/// The encodings the sniffer reports, by the names stored on <see cref="ImportJob.EncodingName"/>. Both UTF-8 names read
/// the same way (a byte order mark is skipped when present); they differ so the preview can tell the user what it found.
/// </summary>
internal static class CsvEncodings
{
    public const string Utf8 = "utf-8";
    public const string Utf8WithBom = "utf-8-bom";
    public const string Windows1252 = "windows-1252";

    static CsvEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Old Excel saves CSV in the ANSI code page of Western Windows: é, € and œ are single bytes there.</summary>
    public static Encoding Latin => Encoding.GetEncoding(1252);

    /// <summary>The encoding to transcode from, or null for UTF-8, which the CSV reader reads natively.</summary>
    public static Result<Encoding?> Resolve(string? name)
    {
        var clean = Text.Clean(name)?.ToLowerInvariant();
        switch (clean)
        {
            case null or Utf8 or Utf8WithBom or "utf8":
                return Result<Encoding?>.Ok(null);
            case Windows1252 or "cp1252":
                return Latin;
        }

        try
        {
            var encoding = Encoding.GetEncoding(clean);
            return encoding is UTF8Encoding ? Result<Encoding?>.Ok(null) : encoding;
        }
        catch (ArgumentException)
        {
            return new Error.Invalid("csv_unknown_encoding", $"The encoding '{name}' is not known.", "encodingName");
        }
    }
}
