namespace Parcours.Domain.Accounts;

/// <summary>Why an account's stakeholder map is a risk. Stored as flags so the cockpit can filter accounts at risk in SQL.</summary>
[Flags]
#pragma warning disable CA1711 // "Flags" is not a suffix here but the risk's name
public enum StakeholderRisk
#pragma warning restore CA1711
{
    None = 0,
    NoEconomicDecisionMaker = 1,
    NoEndUser = 2,
    NoTechnicalInfluencer = 4,

    /// <summary>The whole relationship rests on one sponsor who "speaks for the whole organisation" (seed 002: 80 % of such cases hide resistance).</summary>
    SingleSponsor = 8,
}

public static class StakeholderCoverage
{
    /// <summary>
    /// An account is at risk when one of the three circles has nobody in it, or when its only stakeholder is the sponsor.
    /// An account with nobody mapped lacks all three circles.
    /// </summary>
    public static StakeholderRisk Assess(IReadOnlyCollection<(StakeholderRole Role, bool IsSponsor)> stakeholders)
    {
        var risk = StakeholderRisk.None;
        if (!stakeholders.Any(s => s.Role == StakeholderRole.EconomicDecisionMaker))
        {
            risk |= StakeholderRisk.NoEconomicDecisionMaker;
        }

        if (!stakeholders.Any(s => s.Role == StakeholderRole.EndUser))
        {
            risk |= StakeholderRisk.NoEndUser;
        }

        if (!stakeholders.Any(s => s.Role == StakeholderRole.TechnicalInfluencer))
        {
            risk |= StakeholderRisk.NoTechnicalInfluencer;
        }

        if (stakeholders.Count == 1 && stakeholders.First().IsSponsor)
        {
            risk |= StakeholderRisk.SingleSponsor;
        }

        return risk;
    }

    public static IReadOnlyList<StakeholderRole> MissingRoles(StakeholderRisk risk)
    {
        var missing = new List<StakeholderRole>(3);
        if (risk.HasFlag(StakeholderRisk.NoEconomicDecisionMaker))
        {
            missing.Add(StakeholderRole.EconomicDecisionMaker);
        }

        if (risk.HasFlag(StakeholderRisk.NoEndUser))
        {
            missing.Add(StakeholderRole.EndUser);
        }

        if (risk.HasFlag(StakeholderRisk.NoTechnicalInfluencer))
        {
            missing.Add(StakeholderRole.TechnicalInfluencer);
        }

        return missing;
    }
}
