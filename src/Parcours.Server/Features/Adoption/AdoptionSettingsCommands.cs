using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Adoption;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Adoption;

public sealed record FeatureRequest(
    [property: Required, StringLength(Feature.MaxNameLength)] string Name,
    [property: Required, StringLength(Feature.MaxPatternLength)] string Pattern,
    FeatureKind Kind,
    [property: Range(Feature.MinWeight, Feature.MaxWeight)] int Weight);

public sealed record FeatureResponse(Guid Id, string Name, string Pattern, FeatureKind Kind, int Weight);

public sealed record AdoptionSettingsRequest(
    [property: Required, MinLength(1), MaxLength(20)] IReadOnlyList<string> LoginEvents,
    [property: Range(InactivityRule.MinDays, InactivityRule.MaxDays)] int InactivityDays,
    IReadOnlyDictionary<string, int>? InactivityDaysBySegment);

public sealed record AdoptionSettingsResponse(IReadOnlyList<string> LoginEvents, int InactivityDays, IReadOnlyDictionary<string, int> InactivityDaysBySegment);

/// <summary>The feature catalogue is replaced as a whole (it is a short list edited in one form), all or nothing.</summary>
public static class AdoptionSettingsCommands
{
    public static async Task<List<FeatureResponse>> FeaturesAsync(ParcoursDbContext db, CancellationToken ct) =>
        await db.Features.AsNoTracking().OrderBy(f => f.Name)
            .Select(f => new FeatureResponse(f.Id, f.Name, f.Pattern, f.Kind, f.Weight)).ToListAsync(ct);

    public static async Task<Result<List<FeatureResponse>>> ReplaceFeaturesAsync(
        ParcoursDbContext db, IReadOnlyList<FeatureRequest> requests, TimeProvider clock, CancellationToken ct)
    {
        // Every row is checked, and each failure names its row ("[2].pattern"), so the settings form marks them all at once.
        var features = new List<Feature>();
        var failures = new List<Error.Invalid>();
        foreach (var (request, index) in requests.Select((r, i) => (r, i)))
        {
            var feature = Feature.Create(request.Name, request.Pattern, request.Kind, request.Weight);
            if (feature.IsSuccess)
            {
                features.Add(feature.Value);
            }
            else
            {
                failures.AddRange(FailuresOf(feature.Error!).Select(f => f with { Field = $"[{index}].{f.Field}" }));
            }
        }

        if (failures.Count > 0)
        {
            return new Error.Validation(failures);
        }

        var catalogue = FeatureCatalogue.Create(features);
        if (!catalogue.IsSuccess)
        {
            return catalogue.Error!;
        }

        db.Features.RemoveRange(await db.Features.ToListAsync(ct));
        db.Features.AddRange(features.Select(f => new FeatureDefinition
        {
            WorkspaceId = db.CurrentWorkspaceId,
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Name = f.Name,
            Pattern = f.Pattern,
            Kind = f.Kind,
            Weight = f.Weight,
        }));
        await db.SaveChangesAsync(ct);
        return await FeaturesAsync(db, ct);
    }

    private static IEnumerable<Error.Invalid> FailuresOf(Error error) => error switch
    {
        Error.Validation validation => validation.Failures,
        Error.Invalid invalid => [invalid],
        _ => [new Error.Invalid(error.Code, error.Detail)],
    };

    public static async Task<AdoptionSettingsResponse> SettingsAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var settings = await db.AdoptionSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new AdoptionSettings();
        return new AdoptionSettingsResponse(
            [.. settings.LoginEventNames().Order(StringComparer.OrdinalIgnoreCase)], settings.InactivityDays, AdoptionRules.ParseSegments(settings.InactivityDaysBySegment));
    }

    public static async Task<Result<AdoptionSettingsResponse>> UpdateSettingsAsync(ParcoursDbContext db, AdoptionSettingsRequest request, CancellationToken ct)
    {
        var rule = InactivityRule.Create(request.InactivityDays, request.InactivityDaysBySegment);
        if (!rule.IsSuccess)
        {
            return rule.Error!;
        }

        var logins = request.LoginEvents.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (logins.Count == 0 || logins.Any(e => e.Length > 200 || e.Contains(',', StringComparison.Ordinal)))
        {
            return new Error.Invalid("invalid_login_events", "loginEvents needs at least one event name, each under 200 characters and without commas.", "loginEvents");
        }

        var settings = await db.AdoptionSettings.FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new AdoptionSettings { WorkspaceId = db.CurrentWorkspaceId };
            db.AdoptionSettings.Add(settings);
        }

        settings.LoginEvents = string.Join(", ", logins);
        settings.InactivityDays = rule.Value.DefaultDays;
        settings.InactivityDaysBySegment = AdoptionRules.FormatSegments(rule.Value.DaysBySegment);
        await db.SaveChangesAsync(ct);
        return await SettingsAsync(db, ct);
    }
}
