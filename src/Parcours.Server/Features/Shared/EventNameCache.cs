using System.Collections.Concurrent;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Server.Features.Shared;

/// <summary>
/// The event names something reacts to in each workspace (playbook triggers and conditions, journey trigger events),
/// in memory, so that ingestion asks the database nothing for the events nobody cares about. A change on this node
/// forgets the workspace's entry (<see cref="Forget"/>); other nodes see it within <see cref="Lifetime"/>.
/// </summary>
public abstract class EventNameCache(IServiceScopeFactory scopes, TimeProvider clock)
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
        var lists = await LoadAsync(db, ct);
        var names = lists.SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _cache[workspace] = (names, now + Lifetime);
        return names;
    }

    public void Forget(WorkspaceId workspace) => _cache.TryRemove(workspace, out _);

    /// <summary>The stored name lists (one name per line) of the workspace's reacting definitions.</summary>
    protected abstract Task<List<string>> LoadAsync(ParcoursDbContext db, CancellationToken ct);
}
