using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Server.Features.Surveys;

/// <summary>The trigger events of each workspace's active journeys; saving or (de)activating a journey forgets the entry.</summary>
public sealed class JourneyTriggerNames(IServiceScopeFactory scopes, TimeProvider clock) : Shared.EventNameCache(scopes, clock)
{
    protected override Task<List<string>> LoadAsync(ParcoursDbContext db, CancellationToken ct) =>
        db.Journeys.AsNoTracking().Where(j => j.Active).Select(j => j.TriggerEvents).ToListAsync(ct);
}

/// <summary>A trigger event of some measurement point, as handed from ingestion to the agenda: who did it and when.</summary>
public sealed record SurveyTrigger(string MessageId, string Name, string? UserId, string? GroupId, DateTime At);

/// <summary>
/// Hands the trigger events of active journeys' points (<c>order_completed</c>, <c>parcel_delivered</c>…) to the
/// agenda as <c>survey.trigger</c> items, in the events' own transaction: an accepted event is never lost between
/// ingestion and its invitations, and the invitations are written later, off the ingestion path.
/// </summary>
public sealed class JourneyEventReactor(JourneyTriggerNames names, AgendaScheduler scheduler) : IEventReactor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<IReadOnlyList<RawEvent>> SelectAsync(WorkspaceId workspace, IReadOnlyList<RawEvent> events, CancellationToken ct)
    {
        var wanted = await names.ForAsync(workspace, ct);
        return wanted.Count == 0 ? [] : [.. events.Where(e => e.Name is { } name && wanted.Contains(name.Trim()))];
    }

    public async Task ReactAsync(ParcoursDbContext db, IReadOnlyList<RawEvent> selected, IdentityGraph graph, CancellationToken ct)
    {
        var entries = selected.Select(e =>
        {
            var user = graph.PersonOf(e);
            var group = e.GroupId ?? (user is null ? null : graph.AccountOf(user));
            var payload = new SurveyTrigger(e.MessageId, e.Name!.Trim().ToLowerInvariant(), user, group, e.Timestamp);
            return new AgendaEntry(SurveyInvitations.TriggerKind, e.ReceivedAt, $"{SurveyInvitations.TriggerKind}:{e.MessageId}", null, JsonSerializer.Serialize(payload, Json));
        }).ToList();
        var scheduled = await scheduler.ScheduleManyAsync(db, entries, ct);
        if (scheduled.Error is { } error)
        {
            throw new InvalidOperationException($"Survey triggers could not be scheduled: {error.Detail}");
        }
    }

    public static SurveyTrigger Read(string payload) =>
        JsonSerializer.Deserialize<SurveyTrigger>(payload, Json) ?? throw new InvalidOperationException("Empty survey trigger.");
}
