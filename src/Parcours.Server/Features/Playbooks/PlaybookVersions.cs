using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Server.Features.Playbooks;

public sealed record PlaybookSummary(
    string Key, string Name, string NameEn, SubjectKind Subject, string? TriggerEvent, int LatestVersion, PlaybookStatus LatestStatus,
    int? PublishedVersion, int Running, int Finished, int StepCount, DateTime UpdatedAt);

public sealed record PlaybookVersionResponse(
    Guid Id, string Key, int Version, PlaybookStatus Status, DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt, PlaybookDefinition Definition);

/// <summary>
/// Playbook versions in a workspace: a draft is edited, publishing freezes it (and archives the version it replaces:
/// running enrolments keep theirs), revising starts the next draft. Publication turns each message step into a message
/// template, so an enrolment sends through the one dispatcher with the solicitation rules like any other message.
/// </summary>
public sealed class PlaybookVersions(TemplateRenderer renderer, PlaybookEventNames eventNames, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<List<PlaybookSummary>> ListAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var versions = await db.PlaybookVersions.AsNoTracking()
            .Select(v => new { v.Key, v.Version, v.Status, v.Subject, v.Name, v.TriggerEvent, v.UpdatedAt, v.Definition })
            .ToListAsync(ct);
        var counts = await db.Enrolments.AsNoTracking().GroupBy(e => new { e.PlaybookKey, e.State })
            .Select(g => new { g.Key.PlaybookKey, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        return [.. versions.GroupBy(v => v.Key).Select(g =>
        {
            var latest = g.MaxBy(v => v.Version)!;
            var published = g.Where(v => v.Status == PlaybookStatus.Published).MaxBy(v => v.Version);
            var definition = PlaybookJson.Deserialize(latest.Definition);
            int Count(params EnrolmentState[] states) => counts.Where(c => c.PlaybookKey == g.Key && states.Contains(c.State)).Sum(c => c.Count);
            return new PlaybookSummary(
                g.Key, latest.Name, definition.IsSuccess ? definition.Value.Name.En : latest.Name, latest.Subject, latest.TriggerEvent,
                latest.Version, latest.Status, published?.Version, Count(EnrolmentState.Running, EnrolmentState.Paused), Count(EnrolmentState.Finished),
                definition.IsSuccess ? definition.Value.Steps.Count : 0, latest.UpdatedAt);
        }).OrderBy(s => s.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>A version of <paramref name="key"/>: the one asked, else the latest.</summary>
    public static async Task<Result<PlaybookVersionResponse>> GetAsync(ParcoursDbContext db, string key, int? version, CancellationToken ct)
    {
        var row = await db.PlaybookVersions.AsNoTracking()
            .Where(v => v.Key == key && (version == null || v.Version == version))
            .OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        return row is null ? NotFound(key, version) : Response(row);
    }

    /// <summary>A new playbook: version 1, as a draft.</summary>
    public async Task<Result<PlaybookVersionResponse>> CreateAsync(ParcoursDbContext db, PlaybookDefinition definition, Guid? userId, CancellationToken ct)
    {
        var draft = (definition with { Version = 1, Status = PlaybookStatus.Draft }).Validate();
        if (draft.Error is { } error)
        {
            return error;
        }

        if (await db.PlaybookVersions.AnyAsync(v => v.Key == definition.Key, ct))
        {
            return new Error.Conflict("playbook_key_taken", $"A playbook is already keyed '{definition.Key}'; revise it or choose another key.");
        }

        var row = NewRow(db, draft.Value, userId);
        db.PlaybookVersions.Add(row);
        await db.SaveChangesAsync(ct);
        return Response(row);
    }

    /// <summary>Installs a built-in playbook, published and ready to enrol (the workspace can revise it afterwards).</summary>
    public async Task<Result<PlaybookVersionResponse>> InstallAsync(ParcoursDbContext db, string builtInKey, Guid? userId, CancellationToken ct)
    {
        if (BuiltInPlaybooks.All.FirstOrDefault(p => p.Key == builtInKey) is not { } builtIn)
        {
            return new Error.NotFound("template_not_found", $"No built-in playbook '{builtInKey}'; there are {string.Join(", ", BuiltInPlaybooks.All.Select(p => p.Key))}.");
        }

        var created = await CreateAsync(db, builtIn, userId, ct);
        return created.Error is { } error ? error : await PublishAsync(db, builtInKey, ct);
    }

    /// <summary>Replaces the draft of <paramref name="key"/>; refused when the latest version is not a draft.</summary>
    public async Task<Result<PlaybookVersionResponse>> SaveDraftAsync(ParcoursDbContext db, string key, PlaybookDefinition definition, CancellationToken ct)
    {
        if (await LatestAsync(db, key, ct) is not { } row)
        {
            return NotFound(key, null);
        }

        var current = PlaybookJson.Deserialize(row.Definition).Value with { Version = row.Version, Status = row.Status };
        var edited = current.Edit(_ => definition);
        if (edited.Error is { } error)
        {
            return error;
        }

        Fill(row, edited.Value);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Response(row);
    }

    /// <summary>Publishes the draft: its message steps become templates (checked by the renderer), the version it replaces is archived.</summary>
    public async Task<Result<PlaybookVersionResponse>> PublishAsync(ParcoursDbContext db, string key, CancellationToken ct)
    {
        if (await LatestAsync(db, key, ct) is not { } row)
        {
            return NotFound(key, null);
        }

        var published = (PlaybookJson.Deserialize(row.Definition).Value with { Version = row.Version, Status = row.Status }).Publish();
        if (published.Error is { } error)
        {
            return error;
        }

        var templates = Templates(published.Value);
        if (templates.Error is { } templateError)
        {
            return templateError;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (stepKey, template) in templates.Value)
        {
            var templateRow = new MessageTemplateRow
            {
                WorkspaceId = row.WorkspaceId,
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                Name = $"Playbook {key} v{row.Version} · {stepKey}",
                Channel = template.Channel,
                Variants = JsonSerializer.Serialize(template.Variants, Json),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.MessageTemplates.Add(templateRow);
            ids[stepKey] = templateRow.Id;
        }

        await db.PlaybookVersions.Where(v => v.Key == key && v.Status == PlaybookStatus.Published)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, PlaybookStatus.Archived), ct);
        Fill(row, published.Value);
        row.StepTemplates = JsonSerializer.Serialize(ids, Json);
        row.PublishedAt = now;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        eventNames.Forget(row.WorkspaceId);
        return Response(row);
    }

    /// <summary>Starts version N+1 as a draft copy of the latest published or archived version.</summary>
    public async Task<Result<PlaybookVersionResponse>> ReviseAsync(ParcoursDbContext db, string key, Guid? userId, CancellationToken ct)
    {
        if (await LatestAsync(db, key, ct) is not { } row)
        {
            return NotFound(key, null);
        }

        var revised = (PlaybookJson.Deserialize(row.Definition).Value with { Version = row.Version, Status = row.Status }).Revise();
        if (revised.Error is { } error)
        {
            return error;
        }

        var next = NewRow(db, revised.Value, userId);
        db.PlaybookVersions.Add(next);
        await db.SaveChangesAsync(ct);
        return Response(next);
    }

    /// <summary>Stops new enrolments (automatic and manual) into <paramref name="key"/>; running ones carry on.</summary>
    public async Task<Result<PlaybookVersionResponse>> ArchiveAsync(ParcoursDbContext db, string key, CancellationToken ct)
    {
        var row = await db.PlaybookVersions.Where(v => v.Key == key && v.Status == PlaybookStatus.Published).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return await db.PlaybookVersions.AnyAsync(v => v.Key == key, ct)
                ? new Error.Conflict("playbook_not_published", $"Playbook '{key}' has no published version to archive.")
                : NotFound(key, null);
        }

        row.Status = PlaybookStatus.Archived;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        eventNames.Forget(row.WorkspaceId);
        return Response(row);
    }

    /// <summary>The definition a version row stores, as the domain type (version and status from the row).</summary>
    public static PlaybookDefinition DefinitionOf(PlaybookVersionRow row) =>
        PlaybookJson.Deserialize(row.Definition).Value with { Version = row.Version, Status = row.Status };

    /// <summary>Every event name a definition reacts to, lower case.</summary>
    public static IEnumerable<string> EventNamesOf(PlaybookDefinition definition) =>
        new[] { definition.Trigger.EventName }
            .Concat(definition.Steps.Select(s => s switch
            {
                WaitUntilStep wait => wait.EventName,
                BranchStep { Condition.Kind: BranchConditionKind.EventSeen } branch => branch.Condition.EventName,
                MilestoneStep { Completion.Kind: MilestoneCompletionKind.Event } milestone => milestone.Completion.EventName,
                _ => null,
            }))
            .Concat(definition.ExitConditions.Select(e => e.MatchedEvent))
            .OfType<string>().Select(n => n.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal);

    private Result<List<(string StepKey, MessageTemplate Template)>> Templates(PlaybookDefinition definition)
    {
        var templates = new List<(string, MessageTemplate)>();
        var failures = new List<Error.Invalid>();
        foreach (var (step, index) in definition.Steps.Select((s, i) => (s, i)))
        {
            var template = step switch
            {
                SendMessageStep message => PlaybookTexts.Template(message.Channel, message.Subject, message.Body),
                SeriesStep series => PlaybookTexts.Template(series.Channel, series.Subject, series.Body),
                _ => null,
            };
            if (template is null)
            {
                continue;
            }

            var created = MessageTemplate.Create(template.Channel, template.Variants);
            var problem = created.Error ?? renderer.Check(created.Value);
            if (problem is null)
            {
                templates.Add((step.Key, created.Value));
                continue;
            }

            var details = problem is Error.Validation validation ? validation.Failures.Select(f => f.Detail) : [problem.Detail];
            failures.AddRange(details.Select(d => new Error.Invalid("invalid_template", $"Step '{step.Key}': {d}", $"steps[{index}]")));
        }

        return failures.Count == 0 ? templates : new Error.Validation(failures);
    }

    private PlaybookVersionRow NewRow(ParcoursDbContext db, PlaybookDefinition definition, Guid? userId)
    {
        var now = clock.GetUtcNow();
        var row = new PlaybookVersionRow
        {
            WorkspaceId = db.Scope.Current!.Value,
            Id = Guid.CreateVersion7(now),
            Key = definition.Key,
            Version = definition.Version,
            CreatedBy = userId,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        Fill(row, definition);
        return row;
    }

    private static void Fill(PlaybookVersionRow row, PlaybookDefinition definition)
    {
        row.Status = definition.Status;
        row.Subject = definition.Subject;
        row.Name = definition.Name.Fr.Length > PlaybookVersionRow.MaxNameLength ? definition.Name.Fr[..PlaybookVersionRow.MaxNameLength] : definition.Name.Fr;
        row.TriggerEvent = definition.Trigger.Kind == TriggerKind.Event ? definition.Trigger.EventName?.Trim().ToLowerInvariant() : null;
        row.EventNames = string.Join('\n', EventNamesOf(definition));
        row.Definition = PlaybookJson.Serialize(definition);
    }

    private static Task<PlaybookVersionRow?> LatestAsync(ParcoursDbContext db, string key, CancellationToken ct) =>
        db.PlaybookVersions.Where(v => v.Key == key).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);

    private static PlaybookVersionResponse Response(PlaybookVersionRow row) =>
        new(row.Id, row.Key, row.Version, row.Status, row.CreatedAt, row.UpdatedAt, row.PublishedAt, DefinitionOf(row));

    private static Error.NotFound NotFound(string key, int? version) =>
        new("playbook_not_found", version is null ? $"No playbook keyed '{key}' in this workspace." : $"Playbook '{key}' has no version {version}.");
}
