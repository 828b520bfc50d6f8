using Parcours.Domain.Surveys;
using static Parcours.Domain.Tests.Surveys.SampleSurvey;

namespace Parcours.Domain.Tests.Surveys;

public sealed class SurveyAggregatesTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static ScoredResponse NpsAnswer(string point, DateTimeOffset at, int score, string stage = "delivery") =>
        new("ecommerce", stage, point, at, [new(Measure.Nps, score)]);

    [Fact]
    public void ScoresOf_ResponseToTheSample_ScoresOnlyWithTheirMeasures()
    {
        QuestionAnswer[] answers =
        [
            new ScoreAnswer("recommend", 9),
            new ScoreAnswer("satisfaction", 4),
            new CxiAnswer("experience", 5, 3, 1),
            new ChoiceAnswer("carrier", ["post"]),
            new TextAnswer("comment", "Bien"),
        ];

        Assert.Equal(
            [new(Measure.Nps, 9), new(Measure.CsatStars, 4), new(Measure.CxiSatisfied, 5), new(Measure.CxiEasy, 3), new(Measure.CxiRecommend, 1)],
            ScoredResponse.ScoresOf(Build(), answers));
    }

    [Fact]
    public void MonthOf_LastEveningOfMarchInParis_April()
    {
        // 22:30 UTC on 31 March is 00:30 on 1 April in Paris (summer time).
        Assert.Equal(new DateOnly(2026, 4, 1), AggregateBucket.MonthOf(Utc(2026, 3, 31, 22, 30), Paris));
        Assert.Equal(new DateOnly(2026, 3, 1), AggregateBucket.MonthOf(Utc(2026, 3, 31, 21, 30), Paris));
    }

    [Fact]
    public void Add_SeedExampleOverTwoPoints_StageSumGivesSeven()
    {
        var aggregates = new SurveyAggregates(Paris);
        var at = Utc(2026, 5, 12, 9);
        for (var i = 0; i < 75; i++)
        {
            // 30 detractors, 10 passives, 35 promoters, alternating between the stage's two points.
            var score = i < 30 ? 4 : i < 40 ? 7 : 10;
            aggregates.Add(NpsAnswer(i % 2 == 0 ? "parcel_received" : "product_in_use", at, score));
        }

        var stageInMay = aggregates.Sum(b => b is { StageKey: "delivery", Measure: Measure.Nps } && b.Month == new DateOnly(2026, 5, 1));

        Assert.Equal(2, aggregates.Buckets.Count);
        Assert.Equal(new ScoreCounts(75, 35, 30, (30 * 4) + (10 * 7) + (35 * 10)), stageInMay);
        Assert.Equal(7, Nps.Score(stageInMay));
    }

    [Fact]
    public void Replace_AmendedFromDetractorToPromoter_OnlyTheNewScoreCounts()
    {
        var first = NpsAnswer("parcel_received", Utc(2026, 5, 12, 9), 3);
        var aggregates = SurveyAggregates.Rescan([first, NpsAnswer("parcel_received", Utc(2026, 5, 13, 9), 9)], Paris);

        aggregates.Replace(first, first.Amended([new(Measure.Nps, 10)]));

        Assert.Equal(new ScoreCounts(2, 2, 0, 19), Assert.Single(aggregates.Buckets).Value);
    }

    [Fact]
    public void Remove_LastAnswerOfABucket_BucketGone()
    {
        var response = NpsAnswer("parcel_received", Utc(2026, 5, 12, 9), 3);
        var aggregates = SurveyAggregates.Rescan([response], Paris);

        aggregates.Remove(response);

        Assert.Empty(aggregates.Buckets);
    }

    [Fact]
    public void Remove_ResponseNeverAdded_ThrowsAndChangesNothing()
    {
        var aggregates = SurveyAggregates.Rescan([NpsAnswer("parcel_received", Utc(2026, 5, 12, 9), 10)], Paris);
        var before = aggregates.Buckets.ToDictionary();

        Assert.Throws<InvalidOperationException>(() => aggregates.Remove(NpsAnswer("parcel_received", Utc(2026, 5, 12, 9), 3)));
        Assert.Equal(before, aggregates.Buckets);
    }

    [Fact]
    public void Delta_AmendmentWithSameScores_Empty()
    {
        var response = NpsAnswer("parcel_received", Utc(2026, 5, 12, 9), 8);

        Assert.Empty(SurveyAggregates.Delta(response, response.Amended([new(Measure.Nps, 8)]), Paris));
    }

    [Fact]
    public void Delta_NewResponse_OneIncrementPerMeasure()
    {
        var response = new ScoredResponse("saas", "support", "ticket_resolved", Utc(2026, 1, 5, 10), [new(Measure.Ces7, 6), new(Measure.Nps, 2)]);

        var delta = SurveyAggregates.Delta(null, response, Paris);

        Assert.Equal(new ScoreCounts(1, 1, 0, 6), delta[new("saas", "support", "ticket_resolved", new(2026, 1, 1), Measure.Ces7)]);
        Assert.Equal(new ScoreCounts(1, 0, 1, 2), delta[new("saas", "support", "ticket_resolved", new(2026, 1, 1), Measure.Nps)]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void MaintainedAggregates_RandomAnswerStreamWithAmendments_EqualAFullRescan(int seed)
    {
        // A stream of new answers, amendments (sometimes to the same scores, sometimes moving the answer's month)
        // and deletions; after every step the maintained counts must equal a rescan of the responses as they stand.
        var random = new Random(seed);
        string[] points = ["order_placed", "parcel_received", "after_sales_call"];
        var aggregates = new SurveyAggregates(Paris);
        var current = new Dictionary<int, ScoredResponse>();
        var start = Utc(2025, 12, 20, 0);

        for (var step = 0; step < 1500; step++)
        {
            var roll = random.Next(10);
            if (roll < 6 || current.Count == 0)
            {
                var point = points[random.Next(points.Length)];
                var response = new ScoredResponse("ecommerce", point == "order_placed" ? "order" : "delivery", point, start.AddHours(random.Next(24 * 120)), RandomScores(random));
                aggregates.Add(response);
                current[step] = response;
            }
            else
            {
                var id = current.Keys.ElementAt(random.Next(current.Count));
                var previous = current[id];
                if (roll < 9)
                {
                    var amended = roll == 8 ? previous with { AnsweredAt = previous.AnsweredAt.AddDays(random.Next(-40, 40)) } : previous;
                    current[id] = amended.Amended(random.Next(4) == 0 ? previous.Scores : RandomScores(random));
                    aggregates.Replace(previous, current[id]);
                }
                else
                {
                    aggregates.Remove(previous);
                    current.Remove(id);
                }
            }

            if (step % 100 == 99)
            {
                AssertSameCounts(SurveyAggregates.Rescan(current.Values, Paris), aggregates);
            }
        }

        AssertSameCounts(SurveyAggregates.Rescan(current.Values, Paris), aggregates);
        Assert.Equal(current.Count(r => r.Value.Scores.Any(s => s.Measure == Measure.Nps)), aggregates.Sum(b => b.Measure == Measure.Nps).Answers);
    }

    /// <summary>Exact equality of two sets of buckets, compared directly (a deep structural comparison is slow on thousands).</summary>
    private static void AssertSameCounts(SurveyAggregates expected, SurveyAggregates actual)
    {
        Assert.Equal(expected.Buckets.Count, actual.Buckets.Count);
        foreach (var (bucket, counts) in expected.Buckets)
        {
            Assert.True(actual.Buckets.TryGetValue(bucket, out var maintained) && maintained == counts, $"{bucket}: rescan {counts}, maintained {maintained}");
        }
    }

    private static List<MeasuredScore> RandomScores(Random random)
    {
        var scores = new List<MeasuredScore>();
        foreach (var measure in Measures.All.Except(Measures.Cxi).Where(_ => random.Next(3) == 0))
        {
            var (min, max) = measure.Range();
            scores.Add(new(measure, random.Next(min, max + 1)));
        }

        if (random.Next(4) == 0)
        {
            scores.AddRange(Measures.Cxi.Select(m => new MeasuredScore(m, random.Next(1, 6))));
        }

        return scores;
    }

    [Fact]
    public void AmendmentWindow_DefaultThirtyMinutes()
    {
        var answered = Utc(2026, 5, 12, 9);

        Assert.True(AmendmentWindow.IsOpen(answered, answered.AddMinutes(30)));
        Assert.False(AmendmentWindow.IsOpen(answered, answered.AddMinutes(31)));
        Assert.False(AmendmentWindow.IsOpen(answered, answered.AddMinutes(-1)));
        Assert.True(AmendmentWindow.IsOpen(answered, answered.AddHours(2), TimeSpan.FromHours(2)));
    }
}
