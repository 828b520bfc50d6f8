using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Parcours.Domain.Common;

/// <summary>Checking factories for the small values every entity shares. Each returns the normalised form or an error naming the field.</summary>
public static partial class Values
{
    public const int MaxNameLength = 200;
    public const int MaxShortText = 100;
    public const int MaxLongText = 2000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;

    public static readonly IReadOnlyList<string> SupportedLocales = ["fr", "en"];

    public static Result<string> RequiredText(string field, string? value, int maxLength)
    {
        var clean = Text.Clean(value);
        if (clean is null)
        {
            return new Error.Invalid("required", $"{field} is required.", field);
        }

        return clean.Length > maxLength
            ? new Error.Invalid("too_long", $"{field} is longer than {maxLength} characters.", field)
            : clean;
    }

    public static Result<string?> OptionalText(string field, string? value, int maxLength)
    {
        var clean = Text.Clean(value);
        return clean is { Length: var length } && length > maxLength
            ? new Error.Invalid("too_long", $"{field} is longer than {maxLength} characters.", field)
            : Result<string?>.Ok(clean);
    }

    public static Result<string?> Email(string field, string? value)
    {
        var clean = Text.Clean(value);
        if (clean is null)
        {
            return Result<string?>.Ok(null);
        }

        if (clean.Length > 254 || !MailAddress.TryCreate(clean, out var parsed) || parsed.Address != clean || !clean.Contains('.', StringComparison.Ordinal))
        {
            return new Error.Invalid("invalid_email", $"{field} '{clean}' is not an email address.", field);
        }

        return clean.ToLowerInvariant();
    }

    public static Result<string?> DomainName(string field, string? value)
    {
        var clean = Text.Clean(value)?.ToLowerInvariant();
        if (clean is null)
        {
            return Result<string?>.Ok(null);
        }

        // People paste URLs: keep the host.
        if (Uri.TryCreate(clean.Contains("://", StringComparison.Ordinal) ? clean : "https://" + clean, UriKind.Absolute, out var uri)
            && uri.HostNameType == UriHostNameType.Dns && uri.Host.Contains('.', StringComparison.Ordinal))
        {
            var host = uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host;
            return host;
        }

        return new Error.Invalid("invalid_domain", $"{field} '{clean}' is not a domain name.", field);
    }

    public static Result<string?> Phone(string field, string? value)
    {
        var clean = Text.Clean(value);
        if (clean is null)
        {
            return Result<string?>.Ok(null);
        }

        var compact = PhoneSeparators().Replace(clean, "");
        if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            compact = "+" + compact[2..];
        }

        return PhoneShape().IsMatch(compact)
            ? compact
            : new Error.Invalid("invalid_phone", $"{field} '{clean}' is not a phone number.", field);
    }

    public static Result<string> Locale(string field, string? value)
    {
        var clean = Text.Clean(value)?.ToLowerInvariant();
        if (clean is null)
        {
            return "fr";
        }

        var language = clean.Split('-', '_')[0];
        return SupportedLocales.Contains(language)
            ? language
            : new Error.Invalid("invalid_locale", $"{field} must be one of: {string.Join(", ", SupportedLocales)}.", field);
    }

    public static Result<string> TimeZone(string field, string? value)
    {
        var clean = Text.Clean(value);
        if (clean is null)
        {
            return "Europe/Paris";
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(clean, out var zone) && zone.HasIanaId
            ? zone.Id
            : new Error.Invalid("invalid_time_zone", $"{field} '{clean}' is not an IANA time zone such as Europe/Paris.", field);
    }

    public static Result<List<string>> Tags(string field, IEnumerable<string>? values)
    {
        var tags = new List<string>();
        foreach (var raw in values ?? [])
        {
            var tag = Text.Clean(raw)?.ToLowerInvariant();
            if (tag is null || tags.Contains(tag))
            {
                continue;
            }

            if (tag.Length > MaxTagLength)
            {
                return new Error.Invalid("too_long", $"Tag '{tag}' is longer than {MaxTagLength} characters.", field);
            }

            tags.Add(tag);
        }

        if (tags.Count > MaxTags)
        {
            return new Error.Invalid("too_many", $"At most {MaxTags} tags.", field);
        }

        tags.Sort(StringComparer.Ordinal);
        return tags;
    }

    public static Result<long?> MinorUnits(string field, long? value) =>
        value is < 0 or > 1_000_000_000_000
            ? new Error.Invalid("out_of_range", $"{field} must be between 0 and 10,000,000,000.00.", field)
            : Result<long?>.Ok(value);

    [GeneratedRegex(@"[\s.\-()/]")]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex(@"^\+?[0-9]{6,15}$")]
    private static partial Regex PhoneShape();
}
