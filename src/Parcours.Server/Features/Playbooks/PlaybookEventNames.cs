using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Server.Features.Playbooks;

/// <summary>
/// The event names each workspace's playbooks react to, in memory, so that ingestion asks the database nothing for the
/// events no playbook cares about. Publishing or archiving on this node forgets the workspace's entry; other nodes see
/// the change within <see cref="Lifetime"/>.
/// </summary>
public sealed class PlaybookEventNames(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<WorkspaceId, (HashSet<string> Names, DateTimeOffset Until)> _cache = new();

    public async ValueTask<IReadOnlySet<string>> ForAsync(WorkspaceId workspace, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(workspace, out var entry) && entry.Until > now)
        {
            return entry.Names;
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace);
        await using var db = scope.ServiceProvider.GetRequiredService<ParcoursDbFactory>().Create();
        var lists = await db.PlaybookVersions.AsNoTracking().Where(v => v.Status != PlaybookStatus.Draft).Select(v => v.EventNames).ToListAsync(ct);
        var names = lists.SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _cache[workspace] = (names, now + Lifetime);
        return names;
    }

    public void Forget(WorkspaceId workspace) => _cache.TryRemove(workspace, out _);
}
