using System.Text.Json;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Playbooks;

/// <summary>An event some playbook reacts to, as handed from ingestion to the agenda: who did it (canonical user id, account) and when.</summary>
public sealed record PlaybookEvent(string MessageId, string Name, string? UserId, string? GroupId, DateTime At);

/// <summary>
/// Hands the events that playbooks react to (a trigger such as <c>order_completed</c>, an awaited <c>first_login</c>, an
/// exit such as <c>account_churned</c>) to the agenda, in the events' own transaction: an accepted event is never lost
/// between ingestion and its playbooks, and the enrolments and facts are written later, off the ingestion path.
/// </summary>
public sealed class PlaybookEventReactor(PlaybookEventNames names, AgendaScheduler scheduler) : IEventReactor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<IReadOnlyList<RawEvent>> SelectAsync(WorkspaceId workspace, IReadOnlyList<RawEvent> events, CancellationToken ct)
    {
        var wanted = await names.ForAsync(workspace, ct);
        return wanted.Count == 0 ? [] : [.. events.Where(e => e.Name is { } name && wanted.Contains(name))];
    }

    public async Task ReactAsync(ParcoursDbContext db, IReadOnlyList<RawEvent> selected, IdentityGraph graph, CancellationToken ct)
    {
        var entries = selected.Select(e =>
        {
            var user = graph.PersonOf(e);
            var group = e.GroupId ?? (user is null ? null : graph.AccountOf(user));
            var payload = new PlaybookEvent(e.MessageId, e.Name!.Trim().ToLowerInvariant(), user, group, e.Timestamp);
            return new AgendaEntry(PlaybookRunner.EventKind, e.ReceivedAt, $"{PlaybookRunner.EventKind}:{e.MessageId}", null, JsonSerializer.Serialize(payload, Json));
        }).ToList();
        var scheduled = await scheduler.ScheduleManyAsync(db, entries, ct);
        if (scheduled.Error is { } error)
        {
            throw new InvalidOperationException($"Playbook events could not be scheduled: {error.Detail}");
        }
    }

    public static PlaybookEvent Read(string payload) =>
        JsonSerializer.Deserialize<PlaybookEvent>(payload, Json) ?? throw new InvalidOperationException("Empty playbook event.");
}
