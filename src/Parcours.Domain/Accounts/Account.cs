using Parcours.Domain.Common;

namespace Parcours.Domain.Accounts;

/// <summary>
/// A customer company. The aggregate owns its stakeholder map, so the risk flag is recomputed with every change to it
/// and can never disagree with the map.
/// </summary>
public sealed class Account : ITenantOwned
{
    private readonly List<Stakeholder> _stakeholders = [];

    private Account()
    {
        Name = "";
        Currency = "EUR";
        Tags = [];
        SearchText = "";
    }

    public AccountId Id { get; private set; }

    public WorkspaceId WorkspaceId { get; private set; }

    public string Name { get; private set; }

    public string? Domain { get; private set; }

    public string? ExternalId { get; private set; }

    public string? Segment { get; private set; }

    public string? Plan { get; private set; }

    /// <summary>Monthly recurring revenue in minor units (cents); ARR is twelve times it.</summary>
    public long? MrrMinor { get; private set; }

    public string Currency { get; private set; }

    public UserId? OwnerId { get; private set; }

    public LifecycleStage Stage { get; private set; }

    public DateOnly? StartDate { get; private set; }

    public DateOnly? RenewalDate { get; private set; }

    public AccountStatus Status { get; private set; }

    public DateOnly? ChurnedOn { get; private set; }

    public ChurnReason? ChurnReason { get; private set; }

    public string? ChurnNote { get; private set; }

    public List<string> Tags { get; private set; }

    public StakeholderRisk StakeholderRisk { get; private set; }

    /// <summary>Accent-folded name, domain and external id: what free-text search matches.</summary>
    public string SearchText { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? DeletedAt { get; private set; }

    public IReadOnlyCollection<Stakeholder> Stakeholders => _stakeholders;

    public long? ArrMinor => MrrMinor * 12;

    public static Account Create(WorkspaceId workspaceId, AccountDetails details, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = new Account
        {
            Id = NewId.Next<AccountId>(clock),
            WorkspaceId = workspaceId,
            CreatedAt = now,
            UpdatedAt = now,
            StakeholderRisk = StakeholderCoverage.Assess([]),
        };
        account.Apply(details);
        return account;
    }

    /// <summary>Applies new details; returns false, and touches nothing, when they are the same (what makes a re-import a no-op).</summary>
    public bool Update(AccountDetails details, TimeProvider clock)
    {
        if (Matches(details))
        {
            return false;
        }

        Apply(details);
        UpdatedAt = clock.GetUtcNow().UtcDateTime;
        return true;
    }

    public Result<Account> MarkChurned(DateOnly on, ChurnReason reason, string? note, TimeProvider clock)
    {
        if (!Enum.IsDefined(reason))
        {
            return new Error.Invalid("invalid_churn_reason", "churnReason is not a known reason.", "churnReason");
        }

        var cleanNote = Values.OptionalText("churnNote", note, Values.MaxLongText);
        if (cleanNote.Error is { } error)
        {
            return error;
        }

        if (StartDate is { } start && on < start)
        {
            return new Error.Invalid("churn_before_start", "The churn date cannot be before the start date.", "churnedOn");
        }

        Status = AccountStatus.Churned;
        ChurnedOn = on;
        ChurnReason = reason;
        ChurnNote = cleanNote.Value;
        UpdatedAt = clock.GetUtcNow().UtcDateTime;
        return this;
    }

    public void Reactivate(TimeProvider clock)
    {
        Status = AccountStatus.Active;
        ChurnedOn = null;
        ChurnReason = null;
        ChurnNote = null;
        UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>Adds the person to the map or changes their place in it. Returns whether anything changed.</summary>
    public bool SetStakeholder(PersonId personId, StakeholderDetails details, TimeProvider clock)
    {
        var stakeholder = _stakeholders.Find(s => s.PersonId == personId);
        if (stakeholder is null)
        {
            stakeholder = new Stakeholder(WorkspaceId, Id, personId);
            _stakeholders.Add(stakeholder);
            stakeholder.Apply(details);
        }
        else if (!stakeholder.Apply(details))
        {
            return false;
        }

        RefreshRisk(clock);
        return true;
    }

    public bool RemoveStakeholder(PersonId personId, TimeProvider clock)
    {
        if (_stakeholders.RemoveAll(s => s.PersonId == personId) == 0)
        {
            return false;
        }

        RefreshRisk(clock);
        return true;
    }

    /// <summary>Soft delete: the account leaves every list but its history stays for metrics and audits.</summary>
    public void Delete(TimeProvider clock) => DeletedAt ??= clock.GetUtcNow().UtcDateTime;

    private void RefreshRisk(TimeProvider clock)
    {
        StakeholderRisk = StakeholderCoverage.Assess(_stakeholders.Select(s => (s.Role, s.IsSponsor)).ToArray());
        UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    private bool Matches(AccountDetails d) =>
        Name == d.Name && Domain == d.Domain && ExternalId == d.ExternalId && Segment == d.Segment && Plan == d.Plan
        && MrrMinor == d.MrrMinor && Currency == d.Currency && OwnerId == d.OwnerId && Stage == d.Stage
        && StartDate == d.StartDate && RenewalDate == d.RenewalDate && Tags.SequenceEqual(d.Tags);

    private void Apply(AccountDetails d)
    {
        Name = d.Name;
        Domain = d.Domain;
        ExternalId = d.ExternalId;
        Segment = d.Segment;
        Plan = d.Plan;
        MrrMinor = d.MrrMinor;
        Currency = d.Currency;
        OwnerId = d.OwnerId;
        Stage = d.Stage;
        StartDate = d.StartDate;
        RenewalDate = d.RenewalDate;
        Tags = [.. d.Tags];
        SearchText = Text.SearchKey(d.Name, d.Domain, d.ExternalId);
    }
}
