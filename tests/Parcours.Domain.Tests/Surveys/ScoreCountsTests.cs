using Parcours.Domain.Surveys;

namespace Parcours.Domain.Tests.Surveys;

public sealed class ScoreCountsTests
{
    [Theory]
    [InlineData(Measure.Nps, 6, ScoreBand.Low)]
    [InlineData(Measure.Nps, 7, ScoreBand.Middle)]
    [InlineData(Measure.Nps, 8, ScoreBand.Middle)]
    [InlineData(Measure.Nps, 9, ScoreBand.High)]
    [InlineData(Measure.Csat5, 3, ScoreBand.Middle)]
    [InlineData(Measure.Csat5, 4, ScoreBand.High)]
    [InlineData(Measure.Csat5, 2, ScoreBand.Low)]
    [InlineData(Measure.Csat10, 8, ScoreBand.Middle)]
    [InlineData(Measure.Csat10, 9, ScoreBand.High)]
    [InlineData(Measure.Ces7, 3, ScoreBand.Low)]
    [InlineData(Measure.Ces7, 4, ScoreBand.Middle)]
    [InlineData(Measure.Ces7, 5, ScoreBand.High)]
    [InlineData(Measure.CxiEasy, 2, ScoreBand.Low)]
    [InlineData(Measure.CxiEasy, 4, ScoreBand.High)]
    public void Band_Edges_AsDesignDefines(Measure measure, int score, ScoreBand band)
    {
        Assert.Equal(band, measure.Band(score));
    }

    [Fact]
    public void Range_EveryMeasure_Defined()
    {
        Assert.All(Measures.All, m => Assert.True(m.Range().Min < m.Range().Max));
    }

    [Fact]
    public void AddThenRemove_BackToTheSameCounts()
    {
        var counts = ScoreCounts.Of(Measure.Nps, [10, 7, 3]);

        Assert.Equal(counts, counts.Add(Measure.Nps, 9).Remove(Measure.Nps, 9));
        Assert.Equal(new ScoreCounts(3, 1, 1, 20), counts);
        Assert.Equal(1, counts.Middle);
    }

    [Fact]
    public void Remove_ScoreNotCounted_Throws()
    {
        var counts = ScoreCounts.Of(Measure.Nps, [10]);

        Assert.Throws<InvalidOperationException>(() => counts.Remove(Measure.Nps, 3));
        Assert.Throws<InvalidOperationException>(() => counts.Remove(Measure.Nps, 8));
        Assert.Throws<InvalidOperationException>(() => ScoreCounts.Empty.Remove(Measure.Nps, 10));
    }

    [Fact]
    public void Add_OffTheScale_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreCounts.Empty.Add(Measure.Csat5, 0));
    }

    [Fact]
    public void Plus_TwoPointsOfAStage_SameAsCountingTogether()
    {
        var first = ScoreCounts.Of(Measure.Nps, [10, 2, 8]);
        var second = ScoreCounts.Of(Measure.Nps, [9, 9]);

        Assert.Equal(ScoreCounts.Of(Measure.Nps, [10, 2, 8, 9, 9]), first + second);
        Assert.Equal(first, first + second - second);
    }
}
