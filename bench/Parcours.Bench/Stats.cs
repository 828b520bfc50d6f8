namespace Parcours.Bench;

/// <summary>One line of the results table: the values of one measure over the runs.</summary>
internal sealed record Measure(string Scenario, string Provider, string Name, string Unit, IReadOnlyList<double> Values, string Note = "")
{
    public double Median => Stats.Median(Values);
}

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>Linear interpolation between the two nearest ranks (the spreadsheet PERCENTILE.INC).</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = (int)Math.Ceiling(rank);
        return sorted[below] + ((sorted[above] - sorted[below]) * (rank - below));
    }
}
