using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Messaging;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;

namespace Parcours.Server.Features.Journeys;

/// <summary>A journey of the workspace with the surveys its points send, read from their stored JSON.</summary>
public sealed record LoadedJourney(Guid Id, bool Active, JourneyDefinition Definition, IReadOnlyDictionary<string, SurveyDefinition> Surveys)
{
    public SurveyQuestion? HeadlineOf(MeasurementPoint point) => Surveys.GetValueOrDefault(point.SurveyKey)?.Headline;
}

public sealed record JourneySummary(string Key, LocalizedTextDto Name, LocalizedTextDto Goal, bool Active, int Stages, int Points);

public sealed record LocalizedTextDto(string Fr, string En)
{
    public static LocalizedTextDto From(Domain.Playbooks.LocalizedText text) => new(text.Fr, text.En);

    public string For(string? language) => language == "en" ? En : Fr;
}

/// <summary>Reads the workspace's journeys (installing the built-in templates is <see cref="Surveys.SurveyCatalog.InstallAsync"/>).</summary>
public static class JourneyCatalog
{
    /// <summary>
    /// The zone the monthly buckets are cut in. Workspaces carry no time zone yet; the demo and the seeds are French, so
    /// months are Paris months everywhere (the survey runtime must use the same zone when it maintains the aggregates).
    /// </summary>
    public static TimeZoneInfo Zone => Surveys.SurveyResponses.ReportingZone;

    public static async Task<List<JourneySummary>> ListAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var rows = await db.Journeys.AsNoTracking().OrderBy(j => j.Name).ToListAsync(ct);
        return [.. rows.Select(r => (Row: r, Definition: JourneyJson.Deserialize(r.Definition)))
            .Where(x => x.Definition.IsSuccess)
            .Select(x => new JourneySummary(x.Row.Key, LocalizedTextDto.From(x.Definition.Value.Name), LocalizedTextDto.From(x.Definition.Value.Goal), x.Row.Active,
                x.Definition.Value.Stages.Count, x.Definition.Value.Points.Count))];
    }

    public static async Task<LoadedJourney?> LoadAsync(ParcoursDbContext db, string key, CancellationToken ct)
    {
        var row = await db.Journeys.AsNoTracking().SingleOrDefaultAsync(j => j.Key == key, ct);
        if (row is null || JourneyJson.Deserialize(row.Definition) is not { IsSuccess: true } definition)
        {
            return null;
        }

        var keys = definition.Value.Points.Select(p => p.SurveyKey).Distinct().ToList();
        var surveys = await db.Surveys.AsNoTracking().Where(s => keys.Contains(s.Key)).ToListAsync(ct);
        return new LoadedJourney(row.Id, row.Active, definition.Value, surveys
            .Select(s => SurveyJson.Deserialize(s.Definition))
            .Where(s => s.IsSuccess)
            .ToDictionary(s => s.Value.Key, s => s.Value));
    }

    public static async Task<List<LoadedJourney>> LoadAllAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var keys = await db.Journeys.AsNoTracking().OrderBy(j => j.Name).Select(j => j.Key).ToListAsync(ct);
        var loaded = new List<LoadedJourney>();
        foreach (var key in keys)
        {
            if (await LoadAsync(db, key, ct) is { } journey)
            {
                loaded.Add(journey);
            }
        }

        return loaded;
    }
}
