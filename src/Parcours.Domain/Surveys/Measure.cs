namespace Parcours.Domain.Surveys;

/// <summary>
/// One scale that answers are scored on, as the metrics and the aggregates count it. A CXi question is three measures,
/// one per sub-question. Stored as numbers: never renumber.
/// </summary>
public enum Measure
{
    /// <summary>"Would you recommend…", 0–10.</summary>
    Nps = 0,
    Csat5 = 1,
    Csat10 = 2,

    /// <summary>CSAT as 1 to 5 stars: counted like <see cref="Csat5"/>, kept apart because it is asked differently.</summary>
    CsatStars = 3,

    /// <summary>CES as agreement with "it was easy to…", 1 (strongly disagree) to 7 (strongly agree).</summary>
    Ces7 = 4,
    Ces5 = 5,
    CxiSatisfied = 6,
    CxiEasy = 7,
    CxiRecommend = 8,
}

/// <summary>Where an answer falls on its scale: the bands every metric of DESIGN.md counts.</summary>
public enum ScoreBand
{
    Low = 0,
    Middle = 1,
    High = 2,
}

public static class Measures
{
    public static IReadOnlyList<Measure> All { get; } = Enum.GetValues<Measure>();

    public static IReadOnlyList<Measure> Cxi { get; } = [Measure.CxiSatisfied, Measure.CxiEasy, Measure.CxiRecommend];

    /// <summary>The lowest and highest score of the scale.</summary>
    public static (int Min, int Max) Range(this Measure measure) => measure switch
    {
        Measure.Nps => (0, 10),
        Measure.Csat10 => (1, 10),
        Measure.Ces7 => (1, 7),
        Measure.Csat5 or Measure.CsatStars or Measure.Ces5 or Measure.CxiSatisfied or Measure.CxiEasy or Measure.CxiRecommend => (1, 5),
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown measure."),
    };

    public static bool Accepts(this Measure measure, int score)
    {
        var (min, max) = measure.Range();
        return score >= min && score <= max;
    }

    /// <summary>
    /// The band of a score, as DESIGN.md defines each metric: NPS promoters 9–10 / detractors 0–6; CSAT top two boxes
    /// (4–5 on 5, 9–10 on 10) and bottom two; CES 7-point 5–7 easy / 1–3 hard; CXi and CES 5-point 4–5 / 1–2.
    /// </summary>
    public static ScoreBand Band(this Measure measure, int score)
    {
        if (!measure.Accepts(score))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, $"{score} is not on the {measure} scale.");
        }

        var (high, low) = measure switch
        {
            Measure.Nps => (9, 6),
            Measure.Csat10 => (9, 2),
            Measure.Ces7 => (5, 3),
            _ => (4, 2),
        };
        return score >= high ? ScoreBand.High : score <= low ? ScoreBand.Low : ScoreBand.Middle;
    }
}
