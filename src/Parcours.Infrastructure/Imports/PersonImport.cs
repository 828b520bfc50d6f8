using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Imports;

/// <summary>
/// People rows: matched on email, else on externalId. With accountExternalId the person also takes a place in that
/// account's stakeholder map, through the account so its risk flag is recomputed. As for accounts, a blank cell or an
/// unmapped column keeps what is stored.
/// </summary>
internal sealed class PersonImport(ParcoursDbContext db, TimeProvider clock, bool write, WorkspaceId workspace) : IImportTarget
{
    private static readonly Dictionary<string, string> StakeholderFields = new(StringComparer.Ordinal) { ["role"] = "stakeholderRole" };

    private readonly List<PersonRow> _batch = [];
    private readonly Dictionary<string, int> _emails = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _externalIds = new(StringComparer.Ordinal);
    private readonly Dictionary<PersonId, int> _targets = [];

    public int Pending => _batch.Count;

    public void Add(ImportRow row)
    {
        var parsed = Read(row);
        CheckKey(parsed);
        _batch.Add(parsed);
    }

    public async Task<IReadOnlyList<ImportRow>> FlushAsync(CancellationToken ct)
    {
        var keyed = _batch.Where(r => r.HasKey).ToList();
        var emails = keyed.Where(r => r.Email is not null).Select(r => r.Email).ToList();
        var externalIds = keyed.Where(r => r.ExternalId is not null).Select(r => r.ExternalId).ToList();
        var accountIds = keyed.Where(r => r.AccountExternalId is not null).Select(r => r.AccountExternalId).Distinct().ToList();
        var people = keyed.Count == 0
            ? []
            : await (write ? db.People : db.People.AsNoTracking())
                .Where(p => emails.Contains(p.Email) || externalIds.Contains(p.ExternalId))
                .ToListAsync(ct);
        var accounts = accountIds.Count == 0
            ? []
            : await (write ? db.Accounts : db.Accounts.AsNoTracking())
                .Include(a => a.Stakeholders)
                .Where(a => accountIds.Contains(a.ExternalId))
                .ToListAsync(ct);
        var byEmail = Index(people, p => p.Email);
        var byExternalId = Index(people, p => p.ExternalId);
        var accountsByExternalId = Index(accounts, a => a.ExternalId);
        foreach (var row in keyed)
        {
            Apply(row, byEmail, byExternalId, accountsByExternalId);
        }

        var rows = _batch.ConvertAll(r => r.Row);
        _batch.Clear();
        return rows;
    }

    private static PersonRow Read(ImportRow row)
    {
        var parsed = new PersonRow(row)
        {
            FirstName = row.Get("firstName"),
            LastName = row.Get("lastName"),
            Email = row.Normalize("email", Values.Email),
            Phone = row.Get("phone"),
            JobTitle = row.Get("jobTitle"),
            Locale = row.Get("locale"),
            TimeZone = row.Get("timeZone"),
            ExternalId = row.Get("externalId"),
            Kind = row.Parse("kind", (f, t) => CellParsers.Choice(f, t, ImportVocabulary.PersonKinds)),
            ConsentEmail = row.Parse("consentEmail", CellParsers.Boolean),
            ConsentSms = row.Parse("consentSms", CellParsers.Boolean),
            ConsentVoice = row.Parse("consentVoice", CellParsers.Boolean),
            ConsentInApp = row.Parse("consentInApp", CellParsers.Boolean),
            Tags = row.Get("tags") is { } tags ? CellParsers.Tags(tags) : null,
            AccountExternalId = row.Get("accountExternalId"),
            Role = row.Parse("stakeholderRole", (f, t) => CellParsers.Choice(f, t, ImportVocabulary.Roles)),
            Sponsor = row.Parse("sponsor", CellParsers.Boolean),
            Motivations = row.Get("motivations"),
            PersonalKpis = row.Get("personalKpis"),
        };
        if (parsed.AccountExternalId is null
            && (parsed.Role is not null || parsed.Sponsor is not null || parsed.Motivations is not null || parsed.PersonalKpis is not null))
        {
            row.Fail("accountExternalId", "stakeholderRole, sponsor, motivations and personalKpis describe the person's place in an account: fill in accountExternalId to say which one.");
        }

        return parsed;
    }

    /// <summary>Email and externalId are each unique among live people, so each may appear only once in the file.</summary>
    private void CheckKey(PersonRow parsed)
    {
        var row = parsed.Row;
        if (parsed.Email is null && parsed.ExternalId is null)
        {
            if (!row.HasFailed("email"))
            {
                row.Fail("email", "email or externalId required to import: it is how a later import finds this person again.");
            }

            return;
        }

        if (parsed.Email is { } email && !_emails.TryAdd(email, row.Number))
        {
            row.Fail("email", $"email '{email}' is already on row {_emails[email]}: each person must appear once.");
            return;
        }

        if (parsed.ExternalId is { } externalId && !_externalIds.TryAdd(externalId, row.Number))
        {
            row.Fail("externalId", $"externalId '{externalId}' is already on row {_externalIds[externalId]}: each person must appear once.");
            return;
        }

        parsed.HasKey = true;
    }

    private void Apply(
        PersonRow row,
        Dictionary<string, Person> byEmail,
        Dictionary<string, Person> byExternalId,
        Dictionary<string, Account> accounts)
    {
        var match = (row.Email is { } email ? byEmail.GetValueOrDefault(email) : null)
            ?? (row.ExternalId is { } id ? byExternalId.GetValueOrDefault(id) : null);
        if (match is not null && row.ExternalId is { } externalId
            && byExternalId.GetValueOrDefault(externalId) is { } holder && holder.Id != match.Id)
        {
            row.Row.Fail("externalId", $"externalId '{externalId}' already belongs to {holder.FullName}, not to {match.FullName} who has this email.");
            return;
        }

        if (!ClaimTarget(row.Row, match))
        {
            return;
        }

        var consent = new ChannelConsent(
            row.ConsentEmail ?? match?.Consent.Email ?? ChannelConsent.Default.Email,
            row.ConsentSms ?? match?.Consent.Sms ?? ChannelConsent.Default.Sms,
            row.ConsentVoice ?? match?.Consent.Voice ?? ChannelConsent.Default.Voice,
            row.ConsentInApp ?? match?.Consent.InApp ?? ChannelConsent.Default.InApp);
        var details = PersonDetails.Create(
            row.FirstName ?? match?.FirstName,
            row.LastName ?? match?.LastName,
            row.Email ?? match?.Email,
            row.Phone ?? match?.Phone,
            row.JobTitle ?? match?.JobTitle,
            row.Locale ?? match?.Locale,
            row.TimeZone ?? match?.TimeZone,
            row.ExternalId ?? match?.ExternalId,
            row.Kind ?? match?.Kind ?? PersonKind.CustomerContact,
            consent,
            row.Tags ?? match?.Tags);
        if (details.Error is { } error)
        {
            row.Row.Fail(error);
        }

        var (account, link) = ResolveLink(row, match, accounts);
        if (!row.Row.IsValid)
        {
            return;
        }

        var person = match ?? Person.Create(workspace, details.Value, clock);
        var changed = match is not null && match.Update(details.Value, clock);
        if (account is not null && link is not null)
        {
            changed |= account.SetStakeholder(person.Id, link, clock);
        }

        if (match is null)
        {
            if (write)
            {
                db.People.Add(person);
            }

            row.Row.Change = RowChange.Created;
        }
        else
        {
            row.Row.Change = changed ? RowChange.Updated : RowChange.Unchanged;
        }
    }

    private static (Account? Account, StakeholderDetails? Link) ResolveLink(PersonRow row, Person? match, Dictionary<string, Account> accounts)
    {
        if (row.AccountExternalId is not { } accountId)
        {
            return (null, null);
        }

        if (accounts.GetValueOrDefault(accountId) is not { } account)
        {
            row.Row.Fail("accountExternalId", $"accountExternalId '{accountId}' matches no account: import the accounts first, or check the id.");
            return (null, null);
        }

        var current = match is null ? null : account.Stakeholders.FirstOrDefault(s => s.PersonId == match.Id);
        if ((row.Role ?? current?.Role) is not { } role)
        {
            row.Row.Fail("stakeholderRole", $"stakeholderRole is required to add this person to the account '{account.Name}': one of {ImportVocabulary.Roles.Expected}.");
            return (null, null);
        }

        var link = StakeholderDetails.Create(
            role,
            row.Sponsor ?? current?.IsSponsor ?? false,
            row.Motivations ?? current?.Motivations,
            row.PersonalKpis ?? current?.PersonalKpis);
        if (link.Error is { } error)
        {
            row.Row.Fail(error, StakeholderFields);
            return (null, null);
        }

        return (account, link.Value);
    }

    private bool ClaimTarget(ImportRow row, Person? match)
    {
        if (match is null)
        {
            return true;
        }

        if (!_targets.TryAdd(match.Id, row.Number))
        {
            row.Fail(null, $"This row and row {_targets[match.Id]} both update {match.FullName}: keep one of them.");
            return false;
        }

        return true;
    }

    private static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string?> key)
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (key(item) is { } value)
            {
                index.TryAdd(value, item);
            }
        }

        return index;
    }
}

internal sealed class PersonRow(ImportRow row)
{
    public ImportRow Row => row;

    /// <summary>The row has an email or externalId that no earlier row of the file claimed.</summary>
    public bool HasKey { get; set; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? JobTitle { get; init; }

    public string? Locale { get; init; }

    public string? TimeZone { get; init; }

    public string? ExternalId { get; init; }

    public PersonKind? Kind { get; init; }

    public bool? ConsentEmail { get; init; }

    public bool? ConsentSms { get; init; }

    public bool? ConsentVoice { get; init; }

    public bool? ConsentInApp { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? AccountExternalId { get; init; }

    public StakeholderRole? Role { get; init; }

    public bool? Sponsor { get; init; }

    public string? Motivations { get; init; }

    public string? PersonalKpis { get; init; }
}
