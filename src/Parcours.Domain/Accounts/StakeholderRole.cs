namespace Parcours.Domain.Accounts;

/// <summary>The three circles of power of seed 002.</summary>
public enum StakeholderRole
{
    /// <summary>Holds the budget and judges the return on investment.</summary>
    EconomicDecisionMaker = 0,

    /// <summary>Lives with the product every day; often the most critical.</summary>
    EndUser = 1,

    /// <summary>The IT profile who can sink a project with "it will never work with our next overhaul".</summary>
    TechnicalInfluencer = 2,
}
