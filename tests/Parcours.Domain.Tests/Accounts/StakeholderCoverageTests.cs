using Parcours.Domain.Accounts;

namespace Parcours.Domain.Tests.Accounts;

public sealed class StakeholderCoverageTests
{
    [Fact]
    public void Assess_AllThreeCirclesWithSeveralPeople_NoRisk()
    {
        var risk = StakeholderCoverage.Assess([
            (StakeholderRole.EconomicDecisionMaker, true),
            (StakeholderRole.EndUser, false),
            (StakeholderRole.TechnicalInfluencer, false),
        ]);

        Assert.Equal(StakeholderRisk.None, risk);
    }

    [Fact]
    public void Assess_OnlyTheSponsor_SingleSponsorAndMissingCircles()
    {
        var risk = StakeholderCoverage.Assess([(StakeholderRole.EconomicDecisionMaker, true)]);

        Assert.True(risk.HasFlag(StakeholderRisk.SingleSponsor));
        Assert.Equal([StakeholderRole.EndUser, StakeholderRole.TechnicalInfluencer], StakeholderCoverage.MissingRoles(risk));
        Assert.False(risk.HasFlag(StakeholderRisk.NoEconomicDecisionMaker));
    }

    [Fact]
    public void Assess_NobodyMapped_AllCirclesMissingButNoSponsorFlag()
    {
        var risk = StakeholderCoverage.Assess([]);

        Assert.Equal(StakeholderRisk.NoEconomicDecisionMaker | StakeholderRisk.NoEndUser | StakeholderRisk.NoTechnicalInfluencer, risk);
    }

    [Fact]
    public void Assess_NoTechnicalInfluencer_FlagsOnlyThatCircle()
    {
        var risk = StakeholderCoverage.Assess([
            (StakeholderRole.EconomicDecisionMaker, true),
            (StakeholderRole.EndUser, false),
            (StakeholderRole.EndUser, false),
        ]);

        Assert.Equal(StakeholderRisk.NoTechnicalInfluencer, risk);
    }

    [Fact]
    public void Assess_OneStakeholderWhoIsNotSponsor_NotSingleSponsor()
    {
        var risk = StakeholderCoverage.Assess([(StakeholderRole.EndUser, false)]);

        Assert.False(risk.HasFlag(StakeholderRisk.SingleSponsor));
    }
}
