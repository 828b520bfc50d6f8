namespace Parcours.Domain.Accounts;

/// <summary>Where the customer stands in its lifecycle (seed 003): onboarding first, advocacy at best.</summary>
public enum LifecycleStage
{
    Onboarding = 0,
    Adoption = 1,
    Retention = 2,
    Expansion = 3,
    Advocacy = 4,
}

public enum AccountStatus
{
    Active = 0,
    Churned = 1,
}

/// <summary>Why a customer left; recorded so churn can be explained per cohort.</summary>
public enum ChurnReason
{
    Price = 0,
    ProductFit = 1,
    Competitor = 2,
    BudgetCuts = 3,
    PoorOnboarding = 4,
    ServiceQuality = 5,
    Bankruptcy = 6,
    Acquisition = 7,
    Other = 8,
}
