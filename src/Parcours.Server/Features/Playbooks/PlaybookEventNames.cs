using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Playbooks;

/// <summary>The event names each workspace's published (and archived, still running) playbooks react to; publishing forgets the entry.</summary>
public sealed class PlaybookEventNames(IServiceScopeFactory scopes, TimeProvider clock) : EventNameCache(scopes, clock)
{
    protected override Task<List<string>> LoadAsync(ParcoursDbContext db, CancellationToken ct) =>
        db.PlaybookVersions.AsNoTracking().Where(v => v.Status != PlaybookStatus.Draft).Select(v => v.EventNames).ToListAsync(ct);
}
