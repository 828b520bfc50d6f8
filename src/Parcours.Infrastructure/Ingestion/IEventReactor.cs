using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// Something that reacts to usage events in the events' own transaction (a playbook enrolled, a measurement point
/// triggered), so that an accepted event can never be stored without its reaction nor react without being stored.
/// Ingestion is the hot path: <see cref="SelectAsync"/> must answer from memory for a workspace whose events do not
/// interest it, and only then is a database context opened for <see cref="ReactAsync"/>.
/// </summary>
public interface IEventReactor
{
    /// <summary>The fresh events of one commit that may interest this reactor; usually none.</summary>
    ValueTask<IReadOnlyList<RawEvent>> SelectAsync(WorkspaceId workspace, IReadOnlyList<RawEvent> events, CancellationToken ct);

    /// <summary>Reacts to the selected events on <paramref name="db"/>, which is scoped to the workspace and shares the events' transaction.</summary>
    Task ReactAsync(ParcoursDbContext db, IReadOnlyList<RawEvent> selected, IdentityGraph graph, CancellationToken ct);
}
