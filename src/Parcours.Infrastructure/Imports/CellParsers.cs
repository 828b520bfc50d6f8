using System.Globalization;
using System.Text;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Imports;

/// <summary>
/// Turns one non-blank cell into a typed value, accepting what French and English spreadsheets really contain. Each
/// failure names the field and the value, and says what was expected, for the person who has to fix the file.
/// </summary>
internal static class CellParsers
{
    private static readonly string[] DateFormats =
    [
        "d/M/yyyy", "yyyy-MM-dd", "d.M.yyyy", "d-M-yyyy",
        // Excel adds a midnight time when a date column was formatted as date and time.
        "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "yyyy-MM-dd H:mm", "yyyy-MM-dd H:mm:ss", "yyyy-MM-dd'T'H:mm:ss",
    ];

    public static Result<DateOnly> Date(string field, string text)
    {
        if (DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && parsed.Year is >= 1900 and <= 2200)
        {
            return DateOnly.FromDateTime(parsed);
        }

        return Invalid(field, "not_a_date", $"{field} '{text}' is not a date (expected dd/MM/yyyy).");
    }

    /// <summary>
    /// An amount in minor units (cents): "1 234,56", "1234.56", "1 234,56 €", "1,234.56", "EUR 1.234,56". When a single
    /// separator is followed by exactly three digits it groups thousands ("1,500" is 1500): money never has three decimals.
    /// </summary>
    public static Result<long> Money(string field, string text)
    {
        var invalid = Invalid(field, "not_an_amount", $"{field} '{text}' is not an amount (expected a number such as 1 234,56).");
        var compact = StripCurrency(text);
        if (compact.Length == 0 || !compact.TrimStart('-').All(c => char.IsAsciiDigit(c) || c is ',' or '.')
            || compact.LastIndexOf('-') > 0 || !compact.Any(char.IsAsciiDigit))
        {
            return invalid;
        }

        var normalized = NormalizeSeparators(compact);
        if (normalized is null
            || !decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return invalid;
        }

        var cents = amount * 100;
        if (cents != decimal.Truncate(cents))
        {
            return Invalid(field, "too_precise", $"{field} '{text}' has more than two decimals.");
        }

        return cents is > long.MaxValue or < long.MinValue
            ? Invalid(field, "out_of_range", $"{field} '{text}' is too large.")
            : (long)cents;
    }

    /// <summary>ARR is entered per year and stored as MRR: a twelfth, rounded to the cent.</summary>
    public static long MonthlyFromAnnual(long annualMinor) =>
        (long)Math.Round(annualMinor / 12m, MidpointRounding.AwayFromZero);

    public static Result<bool> Boolean(string field, string text) => Choice(field, text, ImportVocabulary.Booleans);

    public static Result<T> Choice<T>(string field, string text, Choices<T> choices) where T : struct =>
        choices.TryParse(text, out var value)
            ? value
            : Invalid(field, "unknown_value", $"{field} '{text}' is not one of: {choices.Expected}.");

    /// <summary>Tags separated by '|' or, when there is none, by ','. Cleaning, de-duplication and limits are the domain's.</summary>
    public static IReadOnlyList<string> Tags(string text)
    {
        var separator = text.Contains('|', StringComparison.Ordinal) ? '|' : ',';
        return text.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    private static string StripCurrency(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // NBSP and the narrow NBSP group thousands in French; apostrophes in Swiss files.
            if (!char.IsWhiteSpace(c) && c is not ('\'' or '\u2019')
                && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.CurrencySymbol)
            {
                builder.Append(c);
            }
        }

        var compact = builder.ToString();
        if (compact.Length > 3 && compact[..3].All(char.IsAsciiLetter))
        {
            compact = compact[3..];
        }

        if (compact.Length > 3 && compact[^3..].All(char.IsAsciiLetter))
        {
            compact = compact[..^3];
        }

        return compact;
    }

    /// <summary>Removes thousands separators and makes the decimal separator a dot; null when the grouping is not credible.</summary>
    private static string? NormalizeSeparators(string number)
    {
        var sign = number.StartsWith('-') ? "-" : "";
        var digits = number.TrimStart('-');
        var lastComma = digits.LastIndexOf(',');
        var lastDot = digits.LastIndexOf('.');
        char? decimalSeparator;
        if (lastComma >= 0 && lastDot >= 0)
        {
            decimalSeparator = lastComma > lastDot ? ',' : '.';
        }
        else if (lastComma < 0 && lastDot < 0)
        {
            return sign + digits;
        }
        else
        {
            var separator = lastComma >= 0 ? ',' : '.';
            var at = Math.Max(lastComma, lastDot);
            var single = digits.IndexOf(separator, StringComparison.Ordinal) == at;
            var looksGrouped = digits.Length - at - 1 == 3 && at is >= 1 and <= 3 && digits[..at] != "0";
            decimalSeparator = single && !looksGrouped ? separator : null;
        }

        var integerPart = digits;
        var fraction = "";
        if (decimalSeparator is { } point)
        {
            var at = digits.LastIndexOf(point);
            integerPart = digits[..at];
            fraction = digits[(at + 1)..];
            if (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit))
            {
                return null;
            }
        }

        var groups = integerPart.Split(',', '.');
        if (groups.Length > 1 && (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3)))
        {
            return null;
        }

        var whole = string.Concat(groups);
        return sign + (whole.Length == 0 ? "0" : whole) + (fraction.Length > 0 ? "." + fraction : "");
    }

    private static Error.Invalid Invalid(string field, string code, string detail) => new(code, detail, field);
}
