namespace Parcours.Domain.Adoption;

/// <summary>Where usage is heading: last week's daily active users against the 30 weeks before.</summary>
public enum AdoptionTrend
{
    /// <summary>Active in the last 7 days and never before: too early to compare.</summary>
    New = 0,
    Growing = 1,
    Stable = 2,
    Fading = 3,

    /// <summary>No event in the last 7 days.</summary>
    Inactive = 4,
}

/// <summary>How deeply a subject uses the product over the last 30 days; see <see cref="AdoptionCalculator.ScoreOf"/>.</summary>
public enum AdoptionBand
{
    High = 0,
    Medium = 1,
    Low = 2,

    /// <summary>No event in the last 30 days.</summary>
    Inactive = 3,
}

/// <summary>One catalogue feature's use: <paramref name="Uses30"/> events in the 30 days ending today, and the last day it was used at all.</summary>
public sealed record FeatureUsage(string Name, FeatureKind Kind, int Weight, int Uses30, DateOnly? LastUsedDay)
{
    public bool IsUsed30 => Uses30 > 0;
}

/// <summary>
/// A subject's adoption as of <see cref="Today"/>. Every window ends today inclusive: "7 days" is today and the 6 days
/// before. Counts past <see cref="int.MaxValue"/> are capped there.
/// </summary>
public sealed record AdoptionFigures
{
    public required DateOnly Today { get; init; }

    /// <summary>Days with at least one event among the last 7.</summary>
    public required int ActiveDays7 { get; init; }

    /// <summary>Days with at least one event among the last 30.</summary>
    public required int ActiveDays30 { get; init; }

    /// <summary>Login events in the last 7 days.</summary>
    public required int Logins7 { get; init; }

    /// <summary>Login events in the last 30 days.</summary>
    public required int Logins30 { get; init; }

    public required DateOnly? LastActiveDay { get; init; }

    public required DateOnly? LastLoginDay { get; init; }

    /// <summary>Share of the catalogue's weight used in the last 30 days, 0 to 1; 0 for an empty catalogue.</summary>
    public required double Breadth { get; init; }

    /// <summary>Share of the sticky features' weight used in the last 30 days, 0 to 1; 0 when there is no sticky feature.</summary>
    public required double StickyShare { get; init; }

    /// <summary>One row per catalogue feature, most used first, then by name.</summary>
    public required IReadOnlyList<FeatureUsage> Features { get; init; }

    /// <summary>Exactly <see cref="AdoptionCalculator.SeriesDays"/> days ending today, oldest first, with empty days as zeros.</summary>
    public required IReadOnlyList<DailyUsage> DailyActiveUsers { get; init; }

    /// <summary>Mean daily active users over the 7 days ending today.</summary>
    public required double LastWeek { get; init; }

    /// <summary>Mean daily active users over the 30 weeks before the last 7 days (today-216 to today-7); empty days count as zero.</summary>
    public required double Baseline { get; init; }

    /// <summary><see cref="LastWeek"/> / <see cref="Baseline"/>; null when the baseline is zero.</summary>
    public required double? Trend { get; init; }

    public required AdoptionTrend Direction { get; init; }

    /// <summary>The 0 to 1 score behind <see cref="Band"/>, rounded to 4 decimals.</summary>
    public required double Score { get; init; }

    public required AdoptionBand Band { get; init; }
}
