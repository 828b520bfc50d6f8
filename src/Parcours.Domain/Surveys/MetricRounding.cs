namespace Parcours.Domain.Surveys;

/// <summary>
/// How every survey figure is rounded. Figures are computed exactly, in integers, from counts, and rounded once at the
/// end, half away from zero (<see cref="MidpointRounding.AwayFromZero"/>): 6.5 → 7 and −6.5 → −7, so a score and its
/// opposite show as opposites, and 12.5 never shows as 12 as banker's rounding would. Percentages and net scores (NPS,
/// CES 7-point, CXi) are whole numbers; means keep two decimals. Rounding the difference once, not each percentage,
/// is DESIGN.md's formula: 46.6 % promoters − 40.4 % detractors is 6, not 47 − 40 = 7.
/// </summary>
public static class MetricRounding
{
    public const MidpointRounding Mode = MidpointRounding.AwayFromZero;

    /// <summary><paramref name="part"/> out of <paramref name="whole"/> as a whole percentage; null when <paramref name="whole"/> is 0.</summary>
    public static int? Percent(long part, long whole) => whole == 0 ? null : (int)Divide(100 * (Int128)part, whole);

    /// <summary>The mean with two decimals; null when <paramref name="count"/> is 0.</summary>
    public static decimal? Mean(long sum, long count) => count == 0 ? null : (decimal)Divide(100 * (Int128)sum, count) / 100m;

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/> rounded half away from zero, exactly.</summary>
    internal static long Divide(Int128 numerator, Int128 denominator)
    {
        if (denominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), "A figure is divided by a positive count.");
        }

        var magnitude = ((2 * Int128.Abs(numerator)) + denominator) / (2 * denominator);
        return (long)(numerator < 0 ? -magnitude : magnitude);
    }
}
