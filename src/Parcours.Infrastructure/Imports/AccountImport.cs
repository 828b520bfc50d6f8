using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Imports;

/// <summary>
/// Account rows: matched on externalId, or on domain when there is none. A blank cell or an unmapped column keeps what
/// the account already has, so a file with a few columns updates those and nothing else.
/// </summary>
internal sealed class AccountImport : IImportTarget
{
    private readonly ParcoursDbContext _db;
    private readonly TimeProvider _clock;
    private readonly bool _write;
    private readonly WorkspaceId _workspace;
    private readonly IReadOnlyDictionary<string, WorkspaceMember> _members;
    private readonly List<AccountRow> _batch = [];
    private readonly Dictionary<string, int> _externalIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _domainKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _otherDomains = new(StringComparer.Ordinal);
    private readonly Dictionary<AccountId, int> _targets = [];

    private AccountImport(ParcoursDbContext db, TimeProvider clock, bool write, WorkspaceId workspace, IReadOnlyDictionary<string, WorkspaceMember> members)
    {
        _db = db;
        _clock = clock;
        _write = write;
        _workspace = workspace;
        _members = members;
    }

    public int Pending => _batch.Count;

    /// <summary>The team is small and every row may name an owner: one query up front beats one per batch.</summary>
    public static async Task<AccountImport> CreateAsync(ParcoursDbContext db, TimeProvider clock, bool write, WorkspaceId workspace, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking()
            .Where(u => u.WorkspaceId == workspace && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.DeactivatedAt })
            .ToListAsync(ct);
        var members = new Dictionary<string, WorkspaceMember>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            members.TryAdd(user.Email!, new WorkspaceMember(new UserId(user.Id), user.DeactivatedAt is null));
        }

        return new AccountImport(db, clock, write, workspace, members);
    }

    public void Add(ImportRow row)
    {
        var parsed = Read(row);
        CheckKey(parsed);
        _batch.Add(parsed);
    }

    public async Task<IReadOnlyList<ImportRow>> FlushAsync(CancellationToken ct)
    {
        var externalIds = _batch.Where(r => r.HasKey && r.ExternalId is not null).Select(r => r.ExternalId).ToList();
        var domains = _batch.Where(r => r.HasKey && r.ExternalId is null).Select(r => r.Domain).ToList();
        var found = externalIds.Count + domains.Count == 0
            ? []
            : await (_write ? _db.Accounts : _db.Accounts.AsNoTracking())
                .Where(a => externalIds.Contains(a.ExternalId) || domains.Contains(a.Domain))
                .ToListAsync(ct);
        var byExternalId = new Dictionary<string, Account>(StringComparer.Ordinal);
        foreach (var account in found.Where(a => a.ExternalId is not null))
        {
            byExternalId.TryAdd(account.ExternalId!, account);
        }

        var byDomain = found.Where(a => a.Domain is not null).ToLookup(a => a.Domain!, StringComparer.Ordinal);
        foreach (var row in _batch.Where(r => r.HasKey))
        {
            var match = row.ExternalId is { } externalId ? byExternalId.GetValueOrDefault(externalId) : MatchOnDomain(row, byDomain);
            Apply(row, match);
        }

        var rows = _batch.ConvertAll(r => r.Row);
        _batch.Clear();
        return rows;
    }

    private AccountRow Read(ImportRow row)
    {
        var mrr = row.Parse("mrr", CellParsers.Money);
        var arr = row.Parse("arr", CellParsers.Money);
        if (mrr is not null && arr is not null)
        {
            row.Fail("arr", "Fill in mrr or arr, not both: arr is converted to mrr.");
        }

        var ownerEmail = row.Get("ownerEmail");
        WorkspaceMember? owner = null;
        if (ownerEmail is not null && !_members.TryGetValue(ownerEmail, out owner))
        {
            row.Fail("ownerEmail", $"ownerEmail '{ownerEmail}' is not a member of this workspace.");
        }

        return new AccountRow(row)
        {
            Name = row.Get("name"),
            Domain = row.Normalize("domain", Values.DomainName),
            ExternalId = row.Get("externalId"),
            Segment = row.Get("segment"),
            Plan = row.Get("plan"),
            MrrMinor = mrr ?? (arr is { } annual ? CellParsers.MonthlyFromAnnual(annual) : null),
            Currency = row.Get("currency"),
            OwnerEmail = ownerEmail,
            Owner = owner,
            Stage = row.Parse("lifecycleStage", (f, t) => CellParsers.Choice(f, t, ImportVocabulary.Stages)),
            StartDate = row.Parse("startDate", CellParsers.Date),
            RenewalDate = row.Parse("renewalDate", CellParsers.Date),
            Tags = row.Get("tags") is { } tags ? CellParsers.Tags(tags) : null,
            Status = row.Parse("status", (f, t) => CellParsers.Choice(f, t, ImportVocabulary.Statuses)),
            ChurnedOn = row.Parse("churnedOn", CellParsers.Date),
            ChurnReason = row.Parse("churnReason", (f, t) => CellParsers.Choice(f, t, ImportVocabulary.ChurnReasons)),
            ChurnNote = row.Get("churnNote"),
        };
    }

    /// <summary>
    /// Each key appears once in the file, and a domain used as a key appears on no other row: otherwise the second import
    /// of the same file would find two accounts for that domain, and the writing pass could match differently from the
    /// validating one.
    /// </summary>
    private void CheckKey(AccountRow parsed)
    {
        var row = parsed.Row;
        if (parsed.ExternalId is { } externalId)
        {
            if (!_externalIds.TryAdd(externalId, row.Number))
            {
                row.Fail("externalId", $"externalId '{externalId}' is already on row {_externalIds[externalId]}: each account must appear once.");
                return;
            }
        }
        else if (parsed.Domain is { } domainKey)
        {
            if (_domainKeys.TryGetValue(domainKey, out var first) || _otherDomains.TryGetValue(domainKey, out first))
            {
                row.Fail("domain", $"domain '{domainKey}' is already on row {first}. A row without externalId is found by its domain, so that domain must appear only once in the file.");
                return;
            }

            _domainKeys.Add(domainKey, row.Number);
        }
        else
        {
            if (!row.HasFailed("domain"))
            {
                row.Fail("externalId", "externalId or domain required to import: it is how a later import finds this account again.");
            }

            return;
        }

        if (parsed.ExternalId is not null && parsed.Domain is { } domain)
        {
            if (_domainKeys.TryGetValue(domain, out var keyRow))
            {
                row.Fail("domain", $"domain '{domain}' is also on row {keyRow}, which has no externalId and is found by its domain: give row {keyRow} an externalId.");
                return;
            }

            _otherDomains.TryAdd(domain, row.Number);
        }

        parsed.HasKey = true;
    }

    private static Account? MatchOnDomain(AccountRow row, ILookup<string, Account> byDomain)
    {
        var candidates = byDomain[row.Domain!].ToList();
        if (candidates.Count > 1)
        {
            row.Row.Fail("domain", $"{candidates.Count} accounts already have the domain '{row.Domain}': add an externalId column to say which one this row is.");
            row.HasKey = false;
        }

        return candidates.Count == 1 ? candidates[0] : null;
    }

    private void Apply(AccountRow row, Account? match)
    {
        if (!row.HasKey || !ClaimTarget(row.Row, match))
        {
            return;
        }

        if (row.Owner is { Active: false } owner && match?.OwnerId != owner.Id)
        {
            row.Row.Fail("ownerEmail", $"ownerEmail '{row.OwnerEmail}' belongs to a deactivated user.");
        }

        var details = AccountDetails.Create(
            row.Name ?? match?.Name,
            row.Domain ?? match?.Domain,
            row.ExternalId ?? match?.ExternalId,
            row.Segment ?? match?.Segment,
            row.Plan ?? match?.Plan,
            row.MrrMinor ?? match?.MrrMinor,
            row.Currency ?? match?.Currency,
            row.Owner?.Id ?? match?.OwnerId,
            row.Stage ?? match?.Stage ?? LifecycleStage.Onboarding,
            row.StartDate ?? match?.StartDate,
            row.RenewalDate ?? match?.RenewalDate,
            row.Tags ?? match?.Tags);
        if (details.Error is { } error)
        {
            row.Row.Fail(error);
            return;
        }

        var churn = Churn.Resolve(row, match);
        if (!row.Row.IsValid)
        {
            return;
        }

        var account = match ?? Account.Create(_workspace, details.Value, _clock);
        var changed = match is not null && match.Update(details.Value, _clock);
        if (!churn.ApplyTo(account, row.Row, _clock, ref changed))
        {
            return;
        }

        if (match is null)
        {
            if (_write)
            {
                _db.Accounts.Add(account);
            }

            row.Row.Change = RowChange.Created;
        }
        else
        {
            row.Row.Change = changed ? RowChange.Updated : RowChange.Unchanged;
        }
    }

    private bool ClaimTarget(ImportRow row, Account? match)
    {
        if (match is null)
        {
            return true;
        }

        if (!_targets.TryAdd(match.Id, row.Number))
        {
            row.Fail(null, $"This row and row {_targets[match.Id]} both update the account '{match.Name}': keep one of them.");
            return false;
        }

        return true;
    }

    /// <summary>The status the row asks for. Churn is applied only when it differs, because MarkChurned always stamps the account.</summary>
    private readonly record struct Churn(bool IsChurned, DateOnly? On, ChurnReason Reason, string? Note)
    {
        public static Churn Resolve(AccountRow row, Account? match)
        {
            var churnColumns = row.ChurnedOn is not null || row.ChurnReason is not null || row.ChurnNote is not null;
            var status = row.Status ?? (churnColumns ? AccountStatus.Churned : match?.Status ?? AccountStatus.Active);
            if (status == AccountStatus.Active)
            {
                if (churnColumns)
                {
                    row.Row.Fail("status", "churnedOn, churnReason and churnNote are only for churned accounts, but status is active.");
                }

                return default;
            }

            var on = row.ChurnedOn ?? match?.ChurnedOn;
            if (on is null)
            {
                row.Row.Fail("churnedOn", "churnedOn is required for a churned account (expected dd/MM/yyyy).");
            }

            return new Churn(true, on, row.ChurnReason ?? match?.ChurnReason ?? Domain.Accounts.ChurnReason.Other, row.ChurnNote ?? match?.ChurnNote);
        }

        public bool ApplyTo(Account account, ImportRow row, TimeProvider clock, ref bool changed)
        {
            if (!IsChurned)
            {
                if (account.Status == AccountStatus.Churned)
                {
                    account.Reactivate(clock);
                    changed = true;
                }

                return true;
            }

            if (account.Status == AccountStatus.Churned && account.ChurnedOn == On && account.ChurnReason == Reason && account.ChurnNote == Note)
            {
                return true;
            }

            var marked = account.MarkChurned(On!.Value, Reason, Note, clock);
            if (marked.Error is { } error)
            {
                row.Fail(error);
                return false;
            }

            changed = true;
            return true;
        }
    }
}

internal sealed record WorkspaceMember(UserId Id, bool Active);

internal sealed class AccountRow(ImportRow row)
{
    public ImportRow Row => row;

    /// <summary>The row has a usable key that no earlier row of the file claimed.</summary>
    public bool HasKey { get; set; }

    public string? Name { get; init; }

    public string? Domain { get; init; }

    public string? ExternalId { get; init; }

    public string? Segment { get; init; }

    public string? Plan { get; init; }

    public long? MrrMinor { get; init; }

    public string? Currency { get; init; }

    public string? OwnerEmail { get; init; }

    public WorkspaceMember? Owner { get; init; }

    public LifecycleStage? Stage { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? RenewalDate { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public AccountStatus? Status { get; init; }

    public DateOnly? ChurnedOn { get; init; }

    public ChurnReason? ChurnReason { get; init; }

    public string? ChurnNote { get; init; }
}
