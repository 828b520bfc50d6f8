using Parcours.Domain.Surveys;
using static Parcours.Domain.Tests.Surveys.SampleSurvey;

namespace Parcours.Domain.Tests.Surveys;

public sealed class SurveyHeadlineTests
{
    private static readonly SurveyDefinition Survey = Build();

    private static SurveyQuestion Q(string key) => Survey.Question(key)!;

    [Fact]
    public void MetricOf_EachScoredType_ItsHeadline()
    {
        Assert.Equal(
            [HeadlineMetric.Nps, HeadlineMetric.CsatTopTwoBox, HeadlineMetric.CesNet, HeadlineMetric.Cxi],
            new[] { "recommend", "satisfaction", "effort", "experience" }.Select(k => SurveyHeadline.MetricOf(Q(k))));
        Assert.Equal(HeadlineMetric.CesMean, SurveyHeadline.MetricOf(new CesQuestion("e", T("a", "b"), CesScale.FivePoint)));
        Assert.Throws<ArgumentException>(() => SurveyHeadline.MetricOf(Q("comment")));
    }

    [Fact]
    public void Value_NpsFromCounts_SeedExample()
    {
        var counts = new Dictionary<Measure, ScoreCounts> { [Measure.Nps] = new(75, 35, 30, 0) };

        Assert.Equal(7m, SurveyHeadline.Value(Q("recommend"), m => counts.GetValueOrDefault(m)));
    }

    [Fact]
    public void Value_Cxi_UsesTheThreeMeasures()
    {
        var counts = new Dictionary<Measure, ScoreCounts>
        {
            [Measure.CxiSatisfied] = ScoreCounts.Of(Measure.CxiSatisfied, [5, 4, 2, 3]),
            [Measure.CxiEasy] = ScoreCounts.Of(Measure.CxiEasy, [5, 5, 5, 1]),
            [Measure.CxiRecommend] = ScoreCounts.Of(Measure.CxiRecommend, [3, 3, 4, 1]),
        };

        Assert.Equal(25m, SurveyHeadline.Value(Q("experience"), m => counts.GetValueOrDefault(m)));
    }

    [Fact]
    public void Value_NoAnswers_NullAndStatusNoAnswers()
    {
        var value = SurveyHeadline.Value(Q("satisfaction"), _ => ScoreCounts.Empty);

        Assert.Null(value);
        Assert.Equal(ObjectiveStatus.NoAnswers, SurveyHeadline.Status(value, 80));
    }

    [Theory]
    [InlineData(80, 80, ObjectiveStatus.Met)]
    [InlineData(81, 80, ObjectiveStatus.Met)]
    [InlineData(79, 80, ObjectiveStatus.Missed)]
    [InlineData(-5, -10, ObjectiveStatus.Met)]
    public void Status_AtOrAboveObjective_Met(int value, int objective, ObjectiveStatus status)
    {
        Assert.Equal(status, SurveyHeadline.Status(value, objective));
    }

    [Fact]
    public void AnswerScore_CxiIsItsLowestScore()
    {
        Assert.Equal(2, SurveyHeadline.AnswerScore(Q("experience"), new CxiAnswer("experience", 5, 2, 4)));
        Assert.Equal(6, SurveyHeadline.AnswerScore(Q("recommend"), new ScoreAnswer("recommend", 6)));
        Assert.Null(SurveyHeadline.AnswerScore(Q("recommend"), new ScoreAnswer("satisfaction", 2)));
    }

    [Fact]
    public void Ranges_ObjectiveAndAnswer()
    {
        Assert.Equal((-100m, 100m), SurveyHeadline.ObjectiveRange(HeadlineMetric.Nps));
        Assert.Equal((0m, 100m), SurveyHeadline.ObjectiveRange(HeadlineMetric.CsatTopTwoBox));
        Assert.Equal((1m, 5m), SurveyHeadline.ObjectiveRange(HeadlineMetric.CesMean));
        Assert.Equal((0, 10), SurveyHeadline.AnswerRange(Q("recommend")));
        Assert.Equal((1, 5), SurveyHeadline.AnswerRange(Q("experience")));
    }
}
