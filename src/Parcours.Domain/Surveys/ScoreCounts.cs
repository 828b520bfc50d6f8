namespace Parcours.Domain.Surveys;

/// <summary>
/// Everything the metrics need from the answers on one <see cref="Measure"/>: how many, how many in the high and low
/// bands (<see cref="Measures.Band"/>), and the sum of the scores. Counts add and subtract exactly, so maintained
/// aggregates equal a full rescan, and a stage's counts are the sum of its points'. Only counts of the same measure
/// may be added: the bands and the sum mean something on one scale only.
/// </summary>
public readonly record struct ScoreCounts(int Answers, int High, int Low, long Sum)
{
    public static ScoreCounts Empty => default;

    /// <summary>Answers in the middle band (NPS passives).</summary>
    public int Middle => Answers - High - Low;

    public bool IsEmpty => Answers == 0;

    public static ScoreCounts Of(Measure measure, IEnumerable<int> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.Aggregate(Empty, (counts, score) => counts.Add(measure, score));
    }

    /// <summary>These counts with one more answer of <paramref name="score"/>.</summary>
    public ScoreCounts Add(Measure measure, int score) => Shift(measure, score, +1);

    /// <summary>These counts without one answer of <paramref name="score"/> (an amended or deleted answer); throws when none is counted.</summary>
    public ScoreCounts Remove(Measure measure, int score)
    {
        var band = measure.Band(score);
        if (Answers == 0 || (band == ScoreBand.High && High == 0) || (band == ScoreBand.Low && Low == 0) || (band == ScoreBand.Middle && Middle == 0))
        {
            throw new InvalidOperationException($"No {measure} answer of {score} is counted here: removing it would corrupt the aggregate.");
        }

        return Shift(measure, score, -1);
    }

    public static ScoreCounts operator +(ScoreCounts left, ScoreCounts right) =>
        new(left.Answers + right.Answers, left.High + right.High, left.Low + right.Low, left.Sum + right.Sum);

    public static ScoreCounts operator -(ScoreCounts left, ScoreCounts right) =>
        new(left.Answers - right.Answers, left.High - right.High, left.Low - right.Low, left.Sum - right.Sum);

    public static ScoreCounts Add(ScoreCounts left, ScoreCounts right) => left + right;

    public static ScoreCounts Subtract(ScoreCounts left, ScoreCounts right) => left - right;

    private ScoreCounts Shift(Measure measure, int score, int by)
    {
        var band = measure.Band(score);
        return new(
            Answers + by,
            High + (band == ScoreBand.High ? by : 0),
            Low + (band == ScoreBand.Low ? by : 0),
            Sum + ((long)score * by));
    }
}
