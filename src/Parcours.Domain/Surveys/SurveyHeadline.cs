namespace Parcours.Domain.Surveys;

/// <summary>The figure a point is judged on, from its survey's headline question, in that metric's own unit.</summary>
public enum HeadlineMetric
{
    /// <summary>−100 to +100.</summary>
    Nps = 0,

    /// <summary>CSAT share of answers in the top two boxes, 0 to 100 %.</summary>
    CsatTopTwoBox = 1,

    /// <summary>CES 7-point net, −100 to +100.</summary>
    CesNet = 2,

    /// <summary>CES 5-point mean, 1 to 5.</summary>
    CesMean = 3,

    /// <summary>−100 to +100.</summary>
    Cxi = 4,
}

public enum ObjectiveStatus
{
    NoAnswers = 0,
    Met = 1,
    Missed = 2,
}

/// <summary>
/// What a point's objective and alert threshold apply to: the survey's headline question
/// (<see cref="SurveyDefinition.Headline"/>). The objective is on the metric; the threshold on one answer's score.
/// </summary>
public static class SurveyHeadline
{
    public static HeadlineMetric MetricOf(SurveyQuestion headline) => headline switch
    {
        NpsQuestion => HeadlineMetric.Nps,
        CsatQuestion => HeadlineMetric.CsatTopTwoBox,
        CesQuestion { Scale: CesScale.FivePoint } => HeadlineMetric.CesMean,
        CesQuestion => HeadlineMetric.CesNet,
        CxiQuestion => HeadlineMetric.Cxi,
        _ => throw new ArgumentException($"Question '{headline?.Key}' has no score and cannot be a headline.", nameof(headline)),
    };

    /// <summary>The values the metric can take, hence an objective too.</summary>
    public static (decimal Min, decimal Max) ObjectiveRange(HeadlineMetric metric) => metric switch
    {
        HeadlineMetric.CsatTopTwoBox => (0, 100),
        HeadlineMetric.CesMean => (1, 5),
        _ => (-100, 100),
    };

    /// <summary>The scores one answer can have; a threshold lies within them (at the minimum, no answer is ever under it).</summary>
    public static (int Min, int Max) AnswerRange(SurveyQuestion headline) => headline switch
    {
        ScoreQuestion score => score.Measure.Range(),
        CxiQuestion => (1, 5),
        _ => throw new ArgumentException($"Question '{headline?.Key}' has no score.", nameof(headline)),
    };

    /// <summary>
    /// The score of one answer compared with the alert threshold; for a CXi the lowest of its three, so an unhappy
    /// answer on any of satisfaction, ease or recommendation is called back. Null when <paramref name="answer"/> does
    /// not answer <paramref name="headline"/>.
    /// </summary>
    public static int? AnswerScore(SurveyQuestion headline, QuestionAnswer answer) => (headline, answer) switch
    {
        (ScoreQuestion q, ScoreAnswer a) when a.QuestionKey == q.Key => a.Score,
        (CxiQuestion q, CxiAnswer a) when a.QuestionKey == q.Key => Math.Min(a.Satisfied, Math.Min(a.Easy, a.Recommend)),
        _ => null,
    };

    /// <summary>The metric over <paramref name="counts"/> (the counts of each measure of the headline); null without answers.</summary>
    public static decimal? Value(SurveyQuestion headline, Func<Measure, ScoreCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return headline switch
        {
            NpsQuestion q => Nps.Score(counts(q.Measure)),
            CsatQuestion q => Csat.TopTwoBoxPercent(counts(q.Measure)),
            CesQuestion { Scale: CesScale.FivePoint } q => Ces.Mean(counts(q.Measure)),
            CesQuestion q => Ces.Net(counts(q.Measure)),
            CxiQuestion => Cxi.Score(counts(Measure.CxiSatisfied), counts(Measure.CxiEasy), counts(Measure.CxiRecommend)),
            _ => throw new ArgumentException($"Question '{headline?.Key}' has no score.", nameof(headline)),
        };
    }

    /// <summary>Met when the metric reaches the objective (at or above it).</summary>
    public static ObjectiveStatus Status(decimal? value, decimal objective) =>
        value is not { } reached ? ObjectiveStatus.NoAnswers : reached >= objective ? ObjectiveStatus.Met : ObjectiveStatus.Missed;
}
