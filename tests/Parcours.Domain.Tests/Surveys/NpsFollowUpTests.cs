using Parcours.Domain.Playbooks;
using Parcours.Domain.Surveys;
using static Parcours.Domain.Tests.Surveys.SampleSurvey;

namespace Parcours.Domain.Tests.Surveys;

public sealed class NpsFollowUpTests
{
    private static readonly NpsQuestion Question = new("recommend", T("Recommanderiez-vous notre marque ?", "Would you recommend our brand?"));

    [Theory]
    [InlineData(0, NpsCategory.Detractor)]
    [InlineData(6, NpsCategory.Detractor)]
    [InlineData(7, NpsCategory.Passive)]
    [InlineData(8, NpsCategory.Passive)]
    [InlineData(9, NpsCategory.Promoter)]
    [InlineData(10, NpsCategory.Promoter)]
    public void Categorize_Score_SeedsBands(int score, NpsCategory category)
    {
        Assert.Equal(category, Nps.Categorize(score));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Categorize_OutOfScale_Throws(int score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Nps.Categorize(score));
    }

    [Theory]
    [InlineData(0, "Que pouvons-nous faire pour nous améliorer ?", "What could we do better?")]
    [InlineData(6, "Que pouvons-nous faire pour nous améliorer ?", "What could we do better?")]
    [InlineData(7, "Pourquoi avez-vous attribué cette note ?", "Why did you give this score?")]
    [InlineData(9, "Qu'avez-vous le plus aimé à propos de nos produits et services ?", "What did you like most about our products and services?")]
    public void FollowUpFor_DefaultWording_ByCategoryInBothLanguages(int score, string fr, string en)
    {
        var followUp = Question.FollowUpFor(score);

        Assert.Equal(new LocalizedText(fr, en), followUp);
        Assert.Equal(en, followUp!.For("en-GB"));
        Assert.Equal(fr, followUp.For("fr"));
    }

    [Fact]
    public void FollowUpFor_PassivesSwitchedOff_NoQuestionForPassivesOnly()
    {
        var question = Question with { FollowUps = NpsFollowUps.Default with { Passive = null } };

        Assert.Null(question.FollowUpFor(8));
        Assert.NotNull(question.FollowUpFor(3));
        Assert.NotNull(question.FollowUpFor(10));
    }

    [Fact]
    public void FollowUpFor_CustomWording_Used()
    {
        var question = Question with { FollowUps = NpsFollowUps.Default with { Detractor = T("Qu'est-ce qui n'a pas marché ?", "What went wrong?") } };

        Assert.Equal("What went wrong?", question.FollowUpFor(2)!.En);
    }
}
