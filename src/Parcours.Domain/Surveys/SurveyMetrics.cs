namespace Parcours.Domain.Surveys;

// The metrics of DESIGN.md ("Metrics — exact definitions"), computed from counts and rounded as MetricRounding says.
// Each returns null when there is nothing to compute from, never 0, so "no answers yet" is not shown as a score.

/// <summary>Net Promoter Score: %promoters (9–10) − %detractors (0–6) over all answers, −100 to +100. Never a mean, never a difference of counts.</summary>
public static class Nps
{
    public static NpsCategory Categorize(int score) => Measure.Nps.Band(score) switch
    {
        ScoreBand.High => NpsCategory.Promoter,
        ScoreBand.Low => NpsCategory.Detractor,
        _ => NpsCategory.Passive,
    };

    public static int? Score(int promoters, int passives, int detractors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promoters);
        ArgumentOutOfRangeException.ThrowIfNegative(passives);
        ArgumentOutOfRangeException.ThrowIfNegative(detractors);
        return Net(promoters, detractors, (long)promoters + passives + detractors);
    }

    public static int? Score(ScoreCounts counts) => Net(counts.High, counts.Low, counts.Answers);

    internal static int? Net(long high, long low, long answers) =>
        answers == 0 ? null : (int)MetricRounding.Divide(100 * (Int128)(high - low), answers);
}

/// <summary>Customer satisfaction on 1–5, 1–10 or stars: the share of answers in the top two boxes, and the mean.</summary>
public static class Csat
{
    public static int? TopTwoBoxPercent(ScoreCounts counts) => MetricRounding.Percent(counts.High, counts.Answers);

    public static decimal? Mean(ScoreCounts counts) => MetricRounding.Mean(counts.Sum, counts.Answers);
}

/// <summary>Customer effort: on 7 points the net %(5–7) − %(1–3), −100 to +100; on 5 points the mean.</summary>
public static class Ces
{
    public static int? Net(ScoreCounts sevenPoint) => Nps.Net(sevenPoint.High, sevenPoint.Low, sevenPoint.Answers);

    public static decimal? Mean(ScoreCounts fivePoint) => MetricRounding.Mean(fivePoint.Sum, fivePoint.Answers);
}

/// <summary>Customer experience index: per question %(4–5) − %(1–2), then the mean of the three, −100 to +100.</summary>
public static class Cxi
{
    /// <summary>The net of one of the three questions.</summary>
    public static int? QuestionNet(ScoreCounts counts) => Nps.Net(counts.High, counts.Low, counts.Answers);

    /// <summary>
    /// The mean of the three exact nets, rounded once. The three counts are normally of the same answers (a CXi is
    /// answered whole); when they are not, each question still weighs a third.
    /// </summary>
    public static int? Score(ScoreCounts satisfied, ScoreCounts easy, ScoreCounts recommend)
    {
        if (satisfied.IsEmpty || easy.IsEmpty || recommend.IsEmpty)
        {
            return null;
        }

        // Σ 100·(high − low)/n over three questions, over 3, on the common denominator 3·n1·n2·n3.
        Int128 n1 = satisfied.Answers, n2 = easy.Answers, n3 = recommend.Answers;
        var numerator = 100 * (((Int128)(satisfied.High - satisfied.Low) * n2 * n3)
                               + ((Int128)(easy.High - easy.Low) * n1 * n3)
                               + ((Int128)(recommend.High - recommend.Low) * n1 * n2));
        return (int)MetricRounding.Divide(numerator, 3 * n1 * n2 * n3);
    }
}

/// <summary>Answers / invitations delivered, as a whole percentage (per point, channel and period: the caller picks the counts).</summary>
public static class ResponseRate
{
    public static int? Percent(int answered, int delivered)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(answered);
        ArgumentOutOfRangeException.ThrowIfNegative(delivered);
        if (answered > delivered)
        {
            // Answers through a public link have no invitation: counting them here would be a bug, not a rate over 100 %.
            throw new ArgumentOutOfRangeException(nameof(answered), answered, $"{answered} answers to {delivered} delivered invitations: count only answers to delivered invitations.");
        }

        return MetricRounding.Percent(answered, delivered);
    }
}
