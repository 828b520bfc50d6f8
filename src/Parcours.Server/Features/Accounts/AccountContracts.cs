using System.ComponentModel.DataAnnotations;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;

namespace Parcours.Server.Features.Accounts;

public sealed record StakeholderRiskResponse(bool AtRisk, bool SingleSponsor, IReadOnlyList<StakeholderRole> MissingRoles)
{
    public static StakeholderRiskResponse From(StakeholderRisk risk) =>
        new(risk != StakeholderRisk.None, risk.HasFlag(StakeholderRisk.SingleSponsor), StakeholderCoverage.MissingRoles(risk));

    public StakeholderRisk ToFlags() =>
        MissingRoles.Aggregate(SingleSponsor ? StakeholderRisk.SingleSponsor : StakeholderRisk.None, (flags, role) => flags | role switch
        {
            StakeholderRole.EconomicDecisionMaker => StakeholderRisk.NoEconomicDecisionMaker,
            StakeholderRole.EndUser => StakeholderRisk.NoEndUser,
            StakeholderRole.TechnicalInfluencer => StakeholderRisk.NoTechnicalInfluencer,
            _ => StakeholderRisk.None,
        });
}

/// <summary>An account as the API and the cockpit show it. Money is in currency units (euros), two decimals.</summary>
public sealed record AccountResponse(
    Guid Id,
    string Name,
    string? Domain,
    string? ExternalId,
    string? Segment,
    string? Plan,
    decimal? Mrr,
    decimal? Arr,
    string Currency,
    Guid? OwnerId,
    string? OwnerName,
    LifecycleStage LifecycleStage,
    DateOnly? StartDate,
    DateOnly? RenewalDate,
    AccountStatus Status,
    DateOnly? ChurnedOn,
    ChurnReason? ChurnReason,
    string? ChurnNote,
    IReadOnlyList<string> Tags,
    StakeholderRiskResponse StakeholderRisk,
    int StakeholderCount,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static AccountResponse From(Account a, string? ownerName, int stakeholderCount) => new(
        a.Id.Value, a.Name, a.Domain, a.ExternalId, a.Segment, a.Plan, Money.ToUnits(a.MrrMinor), Money.ToUnits(a.ArrMinor),
        a.Currency, a.OwnerId?.Value, ownerName, a.Stage, a.StartDate, a.RenewalDate, a.Status, a.ChurnedOn, a.ChurnReason,
        a.ChurnNote, a.Tags, StakeholderRiskResponse.From(a.StakeholderRisk), stakeholderCount, a.CreatedAt, a.UpdatedAt);
}

/// <summary>Create or replace an account's details. Shape is checked here; rules (domain format, dates) in the domain.</summary>
public sealed record AccountRequest
{
    [Required]
    [StringLength(Values.MaxNameLength)]
    public string Name { get; init; } = "";

    [StringLength(253)]
    public string? Domain { get; init; }

    [StringLength(Values.MaxShortText)]
    public string? ExternalId { get; init; }

    [StringLength(Values.MaxShortText)]
    public string? Segment { get; init; }

    [StringLength(Values.MaxShortText)]
    public string? Plan { get; init; }

    [Range(0, 10_000_000_000)]
    public decimal? Mrr { get; init; }

    [StringLength(3, MinimumLength = 3)]
    public string? Currency { get; init; }

    public Guid? OwnerId { get; init; }

    public LifecycleStage LifecycleStage { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? RenewalDate { get; init; }

    [MaxLength(Values.MaxTags)]
    public IReadOnlyList<string>? Tags { get; init; }

    public Result<AccountDetails> ToDetails() => AccountDetails.Create(
        Name, Domain, ExternalId, Segment, Plan, Money.ToMinor(Mrr), Currency, OwnerId is { } owner ? new UserId(owner) : null,
        LifecycleStage, StartDate, RenewalDate, Tags);
}

public sealed record ChurnRequest
{
    [Required]
    public DateOnly ChurnedOn { get; init; }

    [Required]
    public ChurnReason Reason { get; init; }

    [StringLength(Values.MaxLongText)]
    public string? Note { get; init; }
}

public static class Money
{
    public static decimal? ToUnits(long? minor) => minor is { } m ? m / 100m : null;

    public static long? ToMinor(decimal? units) => units is { } u ? (long)Math.Round(u * 100m, MidpointRounding.AwayFromZero) : null;
}
