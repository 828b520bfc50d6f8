using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Playbooks;

public sealed record CsvEnrolmentRow(int Row, string Subject, Guid? EnrolmentId, string? Problem);

public sealed record CsvEnrolmentReport(bool Enrolled, int Rows, int Problems, IReadOnlyList<CsvEnrolmentRow> Lines);

/// <summary>
/// Enrols the subjects of a CSV file into a playbook, all or nothing: one column names each subject — <c>email</c> or
/// <c>external_id</c> of a person, or <c>account_external_id</c> / <c>account_name</c> of an account — and an optional
/// <c>start_date</c> (yyyy-MM-dd, at 09:00 in the subject's time zone) delays it. Every row is checked first; if any row
/// is refused, nobody is enrolled and the report says which rows and why.
/// </summary>
public sealed class EnrolmentCsv(Enrolments enrolments, TimeProvider clock)
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5_000;

    private static readonly string[] PersonColumns = ["email", "external_id"];
    private static readonly string[] AccountColumns = ["account_external_id", "account_name"];

    public async Task<Result<CsvEnrolmentReport>> EnrolAsync(ParcoursDbContext db, string playbookKey, string path, Guid? userId, CancellationToken ct)
    {
        var version = await db.PlaybookVersions.AsNoTracking().Where(v => v.Key == playbookKey && v.Status == PlaybookStatus.Published)
            .OrderByDescending(v => v.Version).Select(v => new { v.Subject }).FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return new Error.NotFound("playbook_not_found", $"No published playbook keyed '{playbookKey}' in this workspace.");
        }

        var sniffed = await CsvSniffer.SniffAsync(path, 5, ct);
        if (sniffed.Error is { } sniffError)
        {
            return sniffError;
        }

        var table = await CsvTable.OpenAsync(path, sniffed.Value.EncodingName, sniffed.Value.Delimiter, ct);
        if (table.Error is { } openError)
        {
            return openError;
        }

        await using var csv = table.Value;
        var headers = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var accepted = version.Subject == SubjectKind.Account ? AccountColumns : PersonColumns;
        var column = accepted.Select(c => headers.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);
        if (column < 0)
        {
            return new Error.Invalid("csv_subject_column", $"This playbook onboards {(version.Subject == SubjectKind.Account ? "accounts" : "people")}: the file needs a column {string.Join(" or ", accepted)}.", "file");
        }

        var startColumn = headers.IndexOf("start_date");
        var rows = new List<(int Row, string Subject, EnrolRequest? Request, string? Problem)>();
        while (await csv.ReadAsync(ct))
        {
            if (rows.Count == MaxRows)
            {
                return new Error.Invalid("csv_too_many_rows", $"At most {MaxRows} rows per file.", "file");
            }

            var subject = csv.Cells.ElementAtOrDefault(column)?.Trim() ?? "";
            var start = startColumn >= 0 ? csv.Cells.ElementAtOrDefault(startColumn)?.Trim() : null;
            rows.Add(csv.Problem is { } problem
                ? (csv.RowNumber, subject, null, problem)
                : await RequestAsync(db, csv.RowNumber, headers[column], subject, start, ct));
        }

        var seen = new HashSet<Guid>();
        rows = [.. rows.Select(r => r.Request is { } request && !seen.Add(request.PersonId ?? request.AccountId!.Value)
            ? r with { Request = null, Problem = "The same subject is on an earlier row." }
            : r)];
        var lines = rows.Select(r => new CsvEnrolmentRow(r.Row, r.Subject, null, r.Problem)).ToList();
        if (rows.Count == 0 || rows.Any(r => r.Problem is not null))
        {
            return new CsvEnrolmentReport(false, rows.Count, rows.Count(r => r.Problem is not null), lines);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < rows.Count; i++)
        {
            var enrolled = await enrolments.EnrolAsync(db, playbookKey, rows[i].Request!, "csv", userId, ct);
            lines[i] = lines[i] with { EnrolmentId = enrolled.IsSuccess ? enrolled.Value.Id : null, Problem = enrolled.Error?.Detail };
        }

        if (lines.Any(l => l.Problem is not null))
        {
            // Nothing half-written: one refusal (a subject already enrolled) undoes the whole file.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new CsvEnrolmentReport(false, rows.Count, lines.Count(l => l.Problem is not null), [.. lines.Select(l => l with { EnrolmentId = null })]);
        }

        await transaction.CommitAsync(ct);
        return new CsvEnrolmentReport(true, rows.Count, 0, lines);
    }

    private async Task<(int, string, EnrolRequest?, string?)> RequestAsync(ParcoursDbContext db, int row, string column, string subject, string? start, CancellationToken ct)
    {
        if (subject.Length == 0)
        {
            return (row, subject, null, $"The {column} is empty.");
        }

        DateTime? startAt = null;
        if (!string.IsNullOrEmpty(start))
        {
            if (!DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return (row, subject, null, $"start_date '{start}' is not a date yyyy-MM-dd.");
            }

            startAt = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
            var now = clock.GetUtcNow().UtcDateTime;
            if (startAt < now)
            {
                startAt = day == DateOnly.FromDateTime(now) ? now : startAt;
            }
        }

        var email = subject.ToLowerInvariant();
        Guid? id = column switch
        {
            "email" => (await db.People.Where(p => p.Email == email).Select(p => (PersonId?)p.Id).FirstOrDefaultAsync(ct))?.Value,
            "external_id" => (await db.People.Where(p => p.ExternalId == subject).Select(p => (PersonId?)p.Id).FirstOrDefaultAsync(ct))?.Value,
            "account_external_id" => (await db.Accounts.Where(a => a.ExternalId == subject).Select(a => (AccountId?)a.Id).FirstOrDefaultAsync(ct))?.Value,
            _ => (await db.Accounts.Where(a => a.Name == subject).Select(a => (AccountId?)a.Id).FirstOrDefaultAsync(ct))?.Value,
        };
        if (id is null)
        {
            return (row, subject, null, $"No {(column.StartsWith("account", StringComparison.Ordinal) ? "account" : "person")} with this {column}.");
        }

        var request = column.StartsWith("account", StringComparison.Ordinal) ? new EnrolRequest(null, id, startAt) : new EnrolRequest(id, null, startAt);
        return (row, subject, request, null);
    }
}
