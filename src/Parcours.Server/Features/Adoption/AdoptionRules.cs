using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Adoption;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Adoption;

/// <summary>A workspace's feature catalogue, login event names and inactivity rule, as the calculators take them.</summary>
public sealed record AdoptionRules(FeatureCatalogue Catalogue, IReadOnlySet<string> LoginEvents, InactivityRule Inactivity)
{
    public static async Task<AdoptionRules> LoadAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var settings = await db.AdoptionSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new AdoptionSettings();
        var features = await db.Features.AsNoTracking().OrderBy(f => f.Name).ToListAsync(ct);
        // Stored rows passed these checks when saved; a row that no longer does is skipped rather than failing the page.
        var catalogue = FeatureCatalogue.Create(features
            .Select(f => Feature.Create(f.Name, f.Pattern, f.Kind, f.Weight))
            .Where(f => f.IsSuccess).Select(f => f.Value));
        var inactivity = InactivityRule.Create(settings.InactivityDays, ParseSegments(settings.InactivityDaysBySegment));
        return new AdoptionRules(catalogue.IsSuccess ? catalogue.Value : FeatureCatalogue.Empty, settings.LoginEventNames(), inactivity.IsSuccess ? inactivity.Value : InactivityRule.Default);
    }

    /// <summary>"Enterprise=14, SMB=5" → {Enterprise: 14, SMB: 5}; malformed pairs are ignored.</summary>
    public static Dictionary<string, int> ParseSegments(string? text)
    {
        var days = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Length > 0 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                days[parts[0]] = value;
            }
        }

        return days;
    }

    public static string FormatSegments(IReadOnlyDictionary<string, int> days) =>
        string.Join(", ", days.OrderBy(d => d.Key, StringComparer.OrdinalIgnoreCase).Select(d => $"{d.Key}={d.Value}"));
}
