using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Imports;

/// <summary>
/// Streams the workspace's live accounts or people as CSV whose headers are the import field keys, so the file imports
/// back with no mapping work and changes nothing. UTF-8 with a byte order mark (Excel needs it to read accents), dates as
/// yyyy-MM-dd, money as a decimal with a dot. Values a spreadsheet would run as formulas get an apostrophe in front,
/// which the importer takes off again.
/// </summary>
public static class CsvExporter
{
    private static readonly string[] AccountColumns =
    [
        "name", "domain", "externalId", "segment", "plan", "mrr", "currency", "ownerEmail", "lifecycleStage",
        "startDate", "renewalDate", "tags", "status", "churnedOn", "churnReason", "churnNote",
    ];

    private static readonly string[] PersonColumns =
    [
        "firstName", "lastName", "email", "phone", "jobTitle", "locale", "timeZone", "externalId", "kind",
        "consentEmail", "consentSms", "consentVoice", "consentInApp", "tags",
    ];

    public static async Task WriteAccountsAsync(ParcoursDbContext db, Stream output, char delimiter, CancellationToken ct)
    {
        var workspace = db.Scope.Current ?? throw new InvalidOperationException("Enter the workspace scope before exporting.");
        var owners = await db.Users.AsNoTracking()
            .Where(u => u.WorkspaceId == workspace && u.Email != null)
            .ToDictionaryAsync(u => new UserId(u.Id), u => u.Email!, ct);

        await using var csv = Open(output, delimiter);
        csv.WriteHeader(AccountColumns);
        var accounts = db.Accounts.AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct);
        await foreach (var a in accounts)
        {
            await csv.WriteRecordAsync(
            [
                a.Name, a.Domain, a.ExternalId, a.Segment, a.Plan, Money(a.MrrMinor), a.Currency,
                a.OwnerId is { } owner ? owners.GetValueOrDefault(owner) : null,
                a.Stage.ToString(), Date(a.StartDate), Date(a.RenewalDate), Tags(a.Tags), a.Status.ToString(),
                Date(a.ChurnedOn), a.ChurnReason?.ToString(), a.ChurnNote,
            ], ct);
        }

        await csv.FlushAsync(ct);
    }

    public static async Task WritePeopleAsync(ParcoursDbContext db, Stream output, char delimiter, CancellationToken ct)
    {
        await using var csv = Open(output, delimiter);
        csv.WriteHeader(PersonColumns);
        var people = db.People.AsNoTracking()
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id)
            .AsAsyncEnumerable().WithCancellation(ct);
        await foreach (var p in people)
        {
            await csv.WriteRecordAsync(
            [
                p.FirstName, p.LastName, p.Email, p.Phone, p.JobTitle, p.Locale, p.TimeZone, p.ExternalId, p.Kind.ToString(),
                Flag(p.Consent.Email), Flag(p.Consent.Sms), Flag(p.Consent.Voice), Flag(p.Consent.InApp), Tags(p.Tags),
            ], ct);
        }

        await csv.FlushAsync(ct);
    }

    /// <summary>Left open: the caller owns the stream (an HTTP response body, a file).</summary>
    private static CsvWriter Open(Stream output, char delimiter) => CsvWriter.Create(
        output,
        CsvWriterOptions.Default with
        {
            Separator = delimiter,
            WriteByteOrderMark = true,
            Injection = CsvInjection.Escape,
        },
        leaveOpen: true);

    private static string? Money(long? minor) => minor is { } value ? (value / 100m).ToString("0.00", CultureInfo.InvariantCulture) : null;

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>
    /// Tags joined with '|'. A lone tag that contains a comma gets a trailing '|', or the importer, which splits on commas
    /// when there is no '|', would read it as several tags.
    /// </summary>
    private static string Tags(IReadOnlyList<string> tags) =>
        tags is [var only] && only.Contains(',', StringComparison.Ordinal) ? only + "|" : string.Join('|', tags);
}
