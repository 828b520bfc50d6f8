using Parcours.Domain.Adoption;

namespace Parcours.Server.Features.Adoption;

public sealed record DailyActivityResponse(DateOnly Day, int Events, int ActiveUsers);

public sealed record FeatureUsageResponse(string Name, FeatureKind Kind, int Weight, int Uses30, DateOnly? LastUsedDay);

/// <summary>Adoption of one account or person as of <paramref name="Today"/> (UTC days, windows ending today inclusive).</summary>
public sealed record AdoptionResponse(
    DateOnly Today,
    int ActiveDays7,
    int ActiveDays30,
    int Logins7,
    int Logins30,
    DateOnly? LastActiveDay,
    DateOnly? LastLoginDay,
    double Breadth,
    double StickyShare,
    double LastWeek,
    double Baseline,
    double? Trend,
    AdoptionTrend Direction,
    double Score,
    AdoptionBand Band,
    IReadOnlyList<FeatureUsageResponse> Features,
    IReadOnlyList<DailyActivityResponse> Daily)
{
    public static AdoptionResponse From(AdoptionFigures f) => new(
        f.Today, f.ActiveDays7, f.ActiveDays30, f.Logins7, f.Logins30, f.LastActiveDay, f.LastLoginDay, f.Breadth, f.StickyShare,
        f.LastWeek, f.Baseline, f.Trend, f.Direction, f.Score, f.Band,
        [.. f.Features.Select(u => new FeatureUsageResponse(u.Name, u.Kind, u.Weight, u.Uses30, u.LastUsedDay))],
        [.. f.DailyActiveUsers.Select(d => new DailyActivityResponse(d.Day, d.Events, d.ActiveUsers))]);
}

/// <summary>A person's activity as the account page lists it; <paramref name="InactiveSince"/> is set when the inactivity rule says so.</summary>
public sealed record PersonActivityResponse(
    Guid PersonId, string Name, string? ExternalId, DateOnly? LastActiveDay, DateOnly? LastLoginDay, DateOnly? InactiveSince);

public sealed record AccountAdoptionResponse(Guid AccountId, string? ExternalId, AdoptionResponse Adoption, IReadOnlyList<PersonActivityResponse> People);

public sealed record PersonAdoptionResponse(Guid PersonId, string? ExternalId, AdoptionResponse Adoption, DateOnly? InactiveSince);

public sealed record AccountAdoptionRow(
    Guid AccountId, string Name, string? Segment, AdoptionBand Band, AdoptionTrend Direction, int ActiveDays30, double Breadth,
    double LastWeek, double? Trend, DateOnly? LastActiveDay);

public sealed record FeatureTotalResponse(string Name, FeatureKind Kind, int Weight, int Uses30, int Accounts30);

public sealed record AdoptionOverviewResponse(
    DateOnly Today,
    IReadOnlyDictionary<AdoptionBand, int> AccountsByBand,
    IReadOnlyDictionary<AdoptionTrend, int> AccountsByDirection,
    IReadOnlyList<AccountAdoptionRow> Accounts,
    IReadOnlyList<FeatureTotalResponse> Features,
    IReadOnlyList<string> UncataloguedEvents);
