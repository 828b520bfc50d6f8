using Parcours.Domain.Surveys;

namespace Parcours.Domain.Tests.Surveys;

/// <summary>Hand-worked examples of every metric of DESIGN.md; the arithmetic is written next to each.</summary>
public sealed class SurveyMetricsTests
{
    [Fact]
    public void NpsScore_SeedExample_Seven()
    {
        // Seed 001 and DESIGN.md: 30 detractors, 10 passives, 35 promoters; 75 answers.
        // 35/75 = 46.67 % − 30/75 = 40 % → 6.67 → 7.
        Assert.Equal(7, Nps.Score(promoters: 35, passives: 10, detractors: 30));
    }

    [Fact]
    public void NpsScore_SeedExampleWithPromotersAndDetractorsSwapped_MinusSeven()
    {
        // 30 promoters and 35 detractors is the mirror image: 40 % − 46.67 % = −6.67 → −7 (not 7).
        Assert.Equal(-7, Nps.Score(promoters: 30, passives: 10, detractors: 35));
    }

    [Fact]
    public void NpsScore_SeedExample_NeitherDifferenceOfCountsNorMean()
    {
        var scores = Enumerable.Repeat(0, 30).Concat(Enumerable.Repeat(8, 10)).Concat(Enumerable.Repeat(10, 35)).ToList();

        var nps = Nps.Score(ScoreCounts.Of(Measure.Nps, scores));

        Assert.Equal(7, nps);
        Assert.NotEqual(35 - 30, nps);                        // the seed's "erreur courante"
        Assert.NotEqual((int)Math.Round(scores.Average()), nps); // 430/75 = 5.73: a mean says nothing about the extremes
    }

    [Fact]
    public void NpsScore_RoundsTheDifferenceOnceNotEachPercentage()
    {
        // 466 promoters, 130 passives, 404 detractors: 46.6 % − 40.4 % = 6.2 → 6. Rounding each share first
        // (47 − 40) would give 7; DESIGN.md rounds the difference.
        Assert.Equal(6, Nps.Score(466, 130, 404));
    }

    [Theory]
    [InlineData(1, 7, 0, 13)]   // 12.5 → 13, half away from zero
    [InlineData(0, 7, 1, -13)]  // −12.5 → −13, the mirror image
    [InlineData(3, 3, 2, 13)]   // 37.5 − 25 = 12.5 → 13
    [InlineData(1, 1, 0, 50)]
    [InlineData(1, 2, 0, 33)]   // 33.33 → 33
    [InlineData(2, 1, 0, 67)]   // 66.67 → 67
    public void NpsScore_Midpoints_HalfAwayFromZero(int promoters, int passives, int detractors, int expected)
    {
        Assert.Equal(expected, Nps.Score(promoters, passives, detractors));
    }

    [Fact]
    public void NpsScore_Extremes_PlusAndMinusHundredAndNullWhenEmpty()
    {
        Assert.Equal(100, Nps.Score(12, 0, 0));
        Assert.Equal(-100, Nps.Score(0, 0, 12));
        Assert.Equal(0, Nps.Score(0, 12, 0));
        Assert.Null(Nps.Score(0, 0, 0));
    }

    [Fact]
    public void NpsScore_FromScores_BandsAtSixSevenEightNine()
    {
        // 10, 9 promoters; 8, 7 passives; 6, 0 detractors → 33.3 − 33.3 = 0.
        Assert.Equal(0, Nps.Score(ScoreCounts.Of(Measure.Nps, [10, 9, 8, 7, 6, 0])));
    }

    [Fact]
    public void Csat_OneToFive_TopTwoBoxAndMean()
    {
        // 5 5 4 3 2 1 4 5: top two boxes (4–5) = 5 of 8 = 62.5 % → 63; mean 29/8 = 3.625 → 3.63.
        var counts = ScoreCounts.Of(Measure.Csat5, [5, 5, 4, 3, 2, 1, 4, 5]);

        Assert.Equal(63, Csat.TopTwoBoxPercent(counts));
        Assert.Equal(3.63m, Csat.Mean(counts));
    }

    [Fact]
    public void Csat_OneToTen_TopTwoBoxIsNineAndTen()
    {
        // 10 9 8 2 7 9: 9–10 = 3 of 6 = 50 %; mean 45/6 = 7.5.
        var counts = ScoreCounts.Of(Measure.Csat10, [10, 9, 8, 2, 7, 9]);

        Assert.Equal(50, Csat.TopTwoBoxPercent(counts));
        Assert.Equal(7.50m, Csat.Mean(counts));
    }

    [Fact]
    public void Csat_Stars_CountedLikeOneToFive()
    {
        // ★★★★ ★★★★★ ★★: 2 of 3 = 66.67 → 67; mean 11/3 = 3.667 → 3.67.
        var counts = ScoreCounts.Of(Measure.CsatStars, [4, 5, 2]);

        Assert.Equal((67, 3.67m), (Csat.TopTwoBoxPercent(counts), Csat.Mean(counts)));
    }

    [Fact]
    public void Csat_NoAnswer_Nulls()
    {
        Assert.Equal((null, null), (Csat.TopTwoBoxPercent(ScoreCounts.Empty), Csat.Mean(ScoreCounts.Empty)));
    }

    [Fact]
    public void Ces_SevenPoint_NetOfEasyMinusHard()
    {
        // 7 6 5 4 3 1 2 7 5 4: easy (5–7) = 5, hard (1–3) = 3, of 10 → 50 − 30 = 20; the two 4s count only in the total.
        Assert.Equal(20, Ces.Net(ScoreCounts.Of(Measure.Ces7, [7, 6, 5, 4, 3, 1, 2, 7, 5, 4])));
    }

    [Fact]
    public void Ces_SevenPoint_MoreHardThanEasy_Negative()
    {
        // 1 2 3 4 5 6: 2 easy, 3 hard of 6 → 33.33 − 50 = −16.67 → −17.
        Assert.Equal(-17, Ces.Net(ScoreCounts.Of(Measure.Ces7, [1, 2, 3, 4, 5, 6])));
    }

    [Fact]
    public void Ces_FivePoint_Mean()
    {
        // 5 4 4 2 1 3: 19/6 = 3.1667 → 3.17.
        Assert.Equal(3.17m, Ces.Mean(ScoreCounts.Of(Measure.Ces5, [5, 4, 4, 2, 1, 3])));
    }

    [Fact]
    public void Cxi_FourRespondents_MeanOfTheThreeNets()
    {
        // satisfied 5 4 2 3 → 50 − 25 = 25; easy 5 5 5 1 → 75 − 25 = 50; recommend 3 3 4 1 → 25 − 25 = 0; (25 + 50 + 0) / 3 = 25.
        var cxi = Cxi.Score(
            ScoreCounts.Of(Measure.CxiSatisfied, [5, 4, 2, 3]),
            ScoreCounts.Of(Measure.CxiEasy, [5, 5, 5, 1]),
            ScoreCounts.Of(Measure.CxiRecommend, [3, 3, 4, 1]));

        Assert.Equal(25, cxi);
    }

    [Fact]
    public void Cxi_RoundsTheMeanOnceNotEachNet()
    {
        // 8 respondents: satisfied and easy each one 4–5 and seven 3s → 12.5; recommend all 3s → 0.
        // Exact mean (12.5 + 12.5 + 0) / 3 = 8.33 → 8; rounding each net first (13 + 13 + 0) / 3 = 8.67 would give 9.
        int[] oneHigh = [5, 3, 3, 3, 3, 3, 3, 3];
        var satisfied = ScoreCounts.Of(Measure.CxiSatisfied, oneHigh);

        Assert.Equal(13, Cxi.QuestionNet(satisfied));
        Assert.Equal(8, Cxi.Score(satisfied, ScoreCounts.Of(Measure.CxiEasy, oneHigh), ScoreCounts.Of(Measure.CxiRecommend, Enumerable.Repeat(3, 8))));
    }

    [Fact]
    public void Cxi_QuestionsWithDifferentCounts_EachWeighsAThird()
    {
        // satisfied 1 of 2 high → 50; easy 1 of 3 low → −33.33; recommend 4 of 4 high → 100: (50 − 33.33 + 100) / 3 = 38.89 → 39.
        var cxi = Cxi.Score(
            ScoreCounts.Of(Measure.CxiSatisfied, [5, 3]),
            ScoreCounts.Of(Measure.CxiEasy, [1, 3, 3]),
            ScoreCounts.Of(Measure.CxiRecommend, [4, 4, 5, 5]));

        Assert.Equal(39, cxi);
    }

    [Fact]
    public void Cxi_AQuestionWithoutAnswers_Null()
    {
        var some = ScoreCounts.Of(Measure.CxiSatisfied, [5]);

        Assert.Null(Cxi.Score(some, some, ScoreCounts.Empty));
    }

    [Fact]
    public void ResponseRate_AnswersOverDelivered()
    {
        Assert.Equal(15, ResponseRate.Percent(37, 250)); // 14.8 → 15
        Assert.Equal(13, ResponseRate.Percent(1, 8));    // 12.5 → 13
        Assert.Equal(100, ResponseRate.Percent(8, 8));
        Assert.Null(ResponseRate.Percent(0, 0));
    }

    [Fact]
    public void ResponseRate_MoreAnswersThanDelivered_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseRate.Percent(9, 8));
    }

    [Fact]
    public void MetricRounding_Mode_AwayFromZeroAndMatchesMathRound()
    {
        Assert.Equal(MidpointRounding.AwayFromZero, MetricRounding.Mode);
        for (var part = 0; part <= 40; part++)
        {
            Assert.Equal((int)Math.Round(100m * part / 40m, MetricRounding.Mode), MetricRounding.Percent(part, 40));
        }
    }

    [Fact]
    public void MetricRounding_MillionsOfAnswers_NoOverflow()
    {
        Assert.Equal(50, Nps.Score(1_000_000_000, 1_000_000_000, 0));
        Assert.Equal(-20, Nps.Score(1_000_000_000, 2_000_000_000, 2_000_000_000)); // (1 − 2) / 5
        Assert.Equal(4.00m, MetricRounding.Mean(4L * 2_000_000_000, 2_000_000_000));
    }
}
