using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;

namespace Parcours.Server.Features.Surveys;

/// <summary>A survey over the API; <see cref="Definition"/> is the stored JSON form (<see cref="SurveyJson"/>), the one PUT takes.</summary>
public sealed record SurveyDto(Guid Id, string Key, string Name, DateTime CreatedAt, DateTime UpdatedAt, JsonElement Definition);

/// <summary>A journey over the API; <see cref="Definition"/> is the stored JSON form (<see cref="JourneyJson"/>).</summary>
public sealed record JourneyDto(Guid Id, string Key, string Name, bool Active, IReadOnlyList<string> TriggerEvents, DateTime CreatedAt, DateTime UpdatedAt, JsonElement Definition);

public sealed record BuiltInJourneyDto(string Key, string Name, string NameEn, int Stages, int Points, IReadOnlyList<string> Surveys);

/// <summary>
/// The workspace's surveys and journeys: saved from their JSON (every problem listed with its path), a built-in
/// journey installed with its surveys, a journey switched on or off. A journey is checked against the workspace's
/// surveys, and a survey that an active journey sends is checked with that journey, so nothing live refers to a
/// survey it cannot use. Saving forgets the workspace's trigger names on this node (<see cref="JourneyTriggerNames"/>).
/// </summary>
public sealed class SurveyCatalog(JourneyTriggerNames triggers, TimeProvider clock)
{
    public static async Task<List<SurveyDto>> ListSurveysAsync(ParcoursDbContext db, CancellationToken ct) =>
        [.. (await db.Surveys.AsNoTracking().OrderBy(s => s.Key).ToListAsync(ct)).Select(ToDto)];

    public static async Task<Result<SurveyDto>> GetSurveyAsync(ParcoursDbContext db, string key, CancellationToken ct) =>
        await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct) is { } row ? ToDto(row) : SurveyNotFound(key);

    public static async Task<List<JourneyDto>> ListJourneysAsync(ParcoursDbContext db, CancellationToken ct) =>
        [.. (await db.Journeys.AsNoTracking().OrderBy(j => j.Key).ToListAsync(ct)).Select(ToDto)];

    public static async Task<Result<JourneyDto>> GetJourneyAsync(ParcoursDbContext db, string key, CancellationToken ct) =>
        await db.Journeys.AsNoTracking().SingleOrDefaultAsync(j => j.Key == key, ct) is { } row ? ToDto(row) : JourneyNotFound(key);

    /// <summary>The definition of a stored survey, or null when there is none with that key (or it no longer reads).</summary>
    public static async Task<SurveyDefinition?> SurveyAsync(ParcoursDbContext db, string key, CancellationToken ct) =>
        await db.Surveys.AsNoTracking().Where(s => s.Key == key).Select(s => s.Definition).SingleOrDefaultAsync(ct) is { } json
            && SurveyJson.Deserialize(json) is { IsSuccess: true } read ? read.Value : null;

    /// <summary>The definition of a stored journey, or null.</summary>
    public static async Task<JourneyDefinition?> JourneyAsync(ParcoursDbContext db, string key, CancellationToken ct) =>
        await db.Journeys.AsNoTracking().Where(j => j.Key == key).Select(j => j.Definition).SingleOrDefaultAsync(ct) is { } json
            && JourneyJson.Deserialize(json) is { IsSuccess: true } read ? read.Value : null;

    /// <summary>Creates or replaces the survey of <paramref name="survey"/>'s key.</summary>
    public async Task<Result<SurveyDto>> SaveSurveyAsync(ParcoursDbContext db, SurveyDefinition survey, CancellationToken ct)
    {
        if (survey.Problems() is { Count: > 0 } problems)
        {
            return new Error.Validation(problems);
        }

        if (survey.Key.Length > SurveyRow.MaxKeyLength)
        {
            return new Error.Invalid("invalid_key", $"A survey key has at most {SurveyRow.MaxKeyLength} characters.", "key");
        }

        // A live journey that sends this survey must still be valid with the new version (its threshold, its headline).
        foreach (var journey in await ActiveJourneysAsync(db, ct))
        {
            if (!journey.Points.Any(p => p.SurveyKey == survey.Key))
            {
                continue;
            }

            var surveys = await SurveysOfAsync(db, journey, ct);
            surveys[survey.Key] = survey;
            if (journey.Problems(surveys.Values) is { Count: > 0 } broken)
            {
                return new Error.Validation([.. broken.Select(p => p with { Detail = $"Active journey '{journey.Key}': {p.Detail}" })]);
            }
        }

        var row = await UpsertSurveyAsync(db, survey, ct);
        await db.SaveChangesAsync(ct);
        triggers.Forget(db.Scope.Current!.Value);
        return ToDto(row);
    }

    /// <summary>Creates or replaces a journey (inactive when new; an active one stays active and is checked as such).</summary>
    public async Task<Result<JourneyDto>> SaveJourneyAsync(ParcoursDbContext db, JourneyDefinition journey, CancellationToken ct)
    {
        var surveys = await SurveysOfAsync(db, journey, ct);
        if (journey.Problems(surveys.Values) is { Count: > 0 } problems)
        {
            return new Error.Validation(problems);
        }

        if (journey.Key.Length > JourneyRow.MaxKeyLength)
        {
            return new Error.Invalid("invalid_key", $"A journey key has at most {JourneyRow.MaxKeyLength} characters.", "key");
        }

        var row = await UpsertJourneyAsync(db, journey, null, ct);
        await db.SaveChangesAsync(ct);
        triggers.Forget(db.Scope.Current!.Value);
        return ToDto(row);
    }

    /// <summary>Installs a built-in journey with its surveys (replacing those of the same keys), active unless <paramref name="active"/> is false.</summary>
    public async Task<Result<JourneyDto>> InstallAsync(ParcoursDbContext db, string key, bool active, CancellationToken ct)
    {
        if (BuiltInJourneys.All.FirstOrDefault(t => t.Journey.Key == key) is not { } template)
        {
            return new Error.NotFound("journey_template_not_found", $"No built-in journey '{key}'; there are {string.Join(", ", BuiltInJourneys.All.Select(t => t.Journey.Key))}.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var survey in template.Surveys)
        {
            await UpsertSurveyAsync(db, survey, ct);
        }

        var row = await UpsertJourneyAsync(db, template.Journey, active, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        triggers.Forget(db.Scope.Current!.Value);
        return ToDto(row);
    }

    /// <summary>Switches a journey on (its points start inviting on their trigger events) or off (none does; answers to sent invitations are still taken).</summary>
    public async Task<Result<JourneyDto>> SetActiveAsync(ParcoursDbContext db, string key, bool active, CancellationToken ct)
    {
        if (await db.Journeys.SingleOrDefaultAsync(j => j.Key == key, ct) is not { } row)
        {
            return JourneyNotFound(key);
        }

        if (active && JourneyJson.Deserialize(row.Definition) is { IsSuccess: true } read
            && read.Value.Problems((await SurveysOfAsync(db, read.Value, ct)).Values) is { Count: > 0 } problems)
        {
            return new Error.Validation(problems);
        }

        row.Active = active;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        triggers.Forget(db.Scope.Current!.Value);
        return ToDto(row);
    }

    public static IEnumerable<BuiltInJourneyDto> BuiltIns() => BuiltInJourneys.All.Select(t => new BuiltInJourneyDto(
        t.Journey.Key, t.Journey.Name.Fr, t.Journey.Name.En, t.Journey.Stages.Count, t.Journey.Points.Count, [.. t.Surveys.Select(s => s.Key)]));

    /// <summary>The trigger events of a journey's points, lower case, one per line: what the reactor looks for.</summary>
    public static string TriggerEventsOf(JourneyDefinition journey) =>
        string.Join('\n', journey.Points.Select(p => p.TriggerEvent?.Trim().ToLowerInvariant()).Where(e => !string.IsNullOrEmpty(e)).Distinct(StringComparer.Ordinal));

    private static async Task<List<JourneyDefinition>> ActiveJourneysAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var rows = await db.Journeys.AsNoTracking().Where(j => j.Active).Select(j => j.Definition).ToListAsync(ct);
        return [.. rows.Select(JourneyJson.Deserialize).Where(r => r.IsSuccess).Select(r => r.Value)];
    }

    private static async Task<Dictionary<string, SurveyDefinition>> SurveysOfAsync(ParcoursDbContext db, JourneyDefinition journey, CancellationToken ct)
    {
        var keys = (journey.Points ?? []).Select(p => p.SurveyKey).Where(k => k is not null).Distinct().ToList();
        var rows = await db.Surveys.AsNoTracking().Where(s => keys.Contains(s.Key)).Select(s => s.Definition).ToListAsync(ct);
        return rows.Select(SurveyJson.Deserialize).Where(r => r.IsSuccess).Select(r => r.Value).ToDictionary(s => s.Key, StringComparer.Ordinal);
    }

    private async Task<SurveyRow> UpsertSurveyAsync(ParcoursDbContext db, SurveyDefinition survey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var row = await db.Surveys.SingleOrDefaultAsync(s => s.Key == survey.Key, ct);
        if (row is null)
        {
            row = new SurveyRow { WorkspaceId = db.Scope.Current!.Value, Id = Guid.CreateVersion7(now), Key = survey.Key, CreatedAt = now.UtcDateTime };
            db.Surveys.Add(row);
        }

        row.Name = Cut(survey.Name.Fr, 200);
        row.Definition = SurveyJson.Serialize(survey);
        row.UpdatedAt = now.UtcDateTime;
        return row;
    }

    private async Task<JourneyRow> UpsertJourneyAsync(ParcoursDbContext db, JourneyDefinition journey, bool? active, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var row = await db.Journeys.SingleOrDefaultAsync(j => j.Key == journey.Key, ct);
        if (row is null)
        {
            row = new JourneyRow { WorkspaceId = db.Scope.Current!.Value, Id = Guid.CreateVersion7(now), Key = journey.Key, CreatedAt = now.UtcDateTime };
            db.Journeys.Add(row);
        }

        row.Name = Cut(journey.Name.Fr, 200);
        row.Definition = JourneyJson.Serialize(journey);
        row.TriggerEvents = TriggerEventsOf(journey);
        row.Active = active ?? row.Active;
        row.UpdatedAt = now.UtcDateTime;
        return row;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static SurveyDto ToDto(SurveyRow row) =>
        new(row.Id, row.Key, row.Name, row.CreatedAt, row.UpdatedAt, JsonDocument.Parse(row.Definition).RootElement.Clone());

    private static JourneyDto ToDto(JourneyRow row) =>
        new(row.Id, row.Key, row.Name, row.Active, row.TriggerEvents.Split('\n', StringSplitOptions.RemoveEmptyEntries), row.CreatedAt, row.UpdatedAt,
            JsonDocument.Parse(row.Definition).RootElement.Clone());

    private static Error.NotFound SurveyNotFound(string key) => new("survey_not_found", $"No survey '{key}' in this workspace.");

    private static Error.NotFound JourneyNotFound(string key) => new("journey_not_found", $"No journey '{key}' in this workspace.");
}
