using Parcours.Domain.Common;

namespace Parcours.Domain.Accounts;

/// <summary>A person's place in a customer account: circle, sponsor flag, and what drives them (seed 002: "creusez ses motivations et ses KPIs personnels").</summary>
public sealed class Stakeholder : ITenantOwned
{
    private Stakeholder()
    {
    }

    internal Stakeholder(WorkspaceId workspaceId, AccountId accountId, PersonId personId)
    {
        WorkspaceId = workspaceId;
        AccountId = accountId;
        PersonId = personId;
    }

    public WorkspaceId WorkspaceId { get; private set; }

    public AccountId AccountId { get; private set; }

    public PersonId PersonId { get; private set; }

    public StakeholderRole Role { get; private set; }

    public bool IsSponsor { get; private set; }

    public string? Motivations { get; private set; }

    public string? PersonalKpis { get; private set; }

    internal bool Apply(StakeholderDetails details)
    {
        if (Role == details.Role && IsSponsor == details.IsSponsor && Motivations == details.Motivations && PersonalKpis == details.PersonalKpis)
        {
            return false;
        }

        Role = details.Role;
        IsSponsor = details.IsSponsor;
        Motivations = details.Motivations;
        PersonalKpis = details.PersonalKpis;
        return true;
    }
}

public sealed record StakeholderDetails(StakeholderRole Role, bool IsSponsor, string? Motivations, string? PersonalKpis)
{
    public static Result<StakeholderDetails> Create(StakeholderRole role, bool isSponsor, string? motivations, string? personalKpis)
    {
        if (!Enum.IsDefined(role))
        {
            return new Error.Invalid("invalid_role", "Role must be EconomicDecisionMaker, EndUser or TechnicalInfluencer.", "role");
        }

        var motives = Values.OptionalText("motivations", motivations, Values.MaxLongText);
        if (motives.Error is { } motivesError)
        {
            return motivesError;
        }

        var kpis = Values.OptionalText("personalKpis", personalKpis, Values.MaxLongText);
        if (kpis.Error is { } kpisError)
        {
            return kpisError;
        }

        return new StakeholderDetails(role, isSponsor, motives.Value, kpis.Value);
    }
}
