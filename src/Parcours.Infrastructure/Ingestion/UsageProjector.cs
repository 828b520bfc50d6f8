using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence.Configurations;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// Applies newly committed events of one workspace to the identity graph and to the daily rollups, in the same
/// transaction as the events themselves: so the rollups always equal what a full rescan of the stored events would give.
/// <list type="bullet">
/// <item>identify/track/… with a userId: the user exists; with an anonymousId too, that visitor is that user, and the
/// usage it sent while anonymous is counted for the user now (anonymous usage is counted for nobody until then);</item>
/// <item>group: the user belongs to that account from now on (a usage event may also name its account itself);</item>
/// <item>alias: two ids are one user; a known former user's rollups move onto the survivor.</item>
/// </list>
/// </summary>
public sealed class UsageProjector(UsageSql sql)
{
    public static bool IsUsage(string type) => type is "track" or "page" or "screen";

    /// <summary>The name a usage event is counted under: its event; a page or screen by its name, prefixed.</summary>
    public static string UsageName(string type, string? name)
    {
        var usage = type switch
        {
            "track" => name ?? "",
            "page" => name is null ? "page" : "page:" + name,
            _ => name is null ? "screen" : "screen:" + name,
        };
        return usage.Length > RawEventConfiguration.MaxIdLength ? usage[..RawEventConfiguration.MaxIdLength] : usage;
    }

    public static DateOnly DayOf(DateTime timestamp) => DateOnly.FromDateTime(timestamp);

    /// <returns>The identity graph after these events, for the caller to project traits onto people and accounts.</returns>
    public async Task<IdentityGraph> ProjectAsync(WorkspaceId workspace, IReadOnlyList<RawEvent> fresh, CancellationToken ct)
    {
        var ordered = fresh.OrderBy(e => e.Timestamp).ToList();
        var identities = await sql.LoadIdentitiesAsync(workspace, KeysOf(ordered), ct);
        // An aliased or anonymous id points at a user whose own row (with the account) the batch may not mention.
        var canonicalKeys = identities.Values.Where(i => i.UserId is not null).Select(i => EventIdentity.UserPrefix + i.UserId)
            .Where(key => !identities.ContainsKey(key)).ToHashSet(StringComparer.Ordinal);
        if (canonicalKeys.Count > 0)
        {
            foreach (var (key, identity) in await sql.LoadIdentitiesAsync(workspace, canonicalKeys, ct))
            {
                identities[key] = identity;
            }
        }
        var graph = new IdentityGraph(workspace, identities);
        var merges = new List<(string From, string To)>();
        var newlyLinked = new List<string>();
        foreach (var e in ordered)
        {
            graph.Apply(e, merges, newlyLinked);
        }

        if (graph.Changed.Count > 0)
        {
            await sql.UpsertIdentitiesAsync(workspace, graph.Changed, ct);
        }

        foreach (var (from, to) in merges)
        {
            await sql.MergePersonAsync(workspace, from, to, ct);
        }

        var usage = ordered.Where(e => IsUsage(e.Type)).ToList();
        if (newlyLinked.Count > 0)
        {
            var freshIds = fresh.Select(e => e.Id).ToHashSet();
            foreach (var anonymousId in newlyLinked)
            {
                var earlier = await sql.LoadAnonymousUsageAsync(workspace, anonymousId, ct);
                usage.AddRange(earlier.Where(e => !freshIds.Contains(e.Id)));
            }
        }

        await AddUsageAsync(workspace, usage, graph, ct);
        return graph;
    }

    private async Task AddUsageAsync(WorkspaceId workspace, List<RawEvent> usage, IdentityGraph graph, CancellationToken ct)
    {
        var days = new Dictionary<(UsageSubject, string, DateOnly), int>();
        var eventDays = new Dictionary<(UsageSubject, string, DateOnly, string), int>();
        var starts = new Dictionary<(string, DateOnly), PersonDayStart>();
        foreach (var e in usage.OrderBy(e => e.Timestamp))
        {
            if (graph.PersonOf(e) is not { } person)
            {
                continue;
            }

            var day = DayOf(e.Timestamp);
            var name = UsageName(e.Type, e.Name);
            var account = e.GroupId ?? graph.AccountOf(person);
            starts.TryAdd((person, day), new PersonDayStart(person, day, account));
            Increment(days, (UsageSubject.Person, person, day));
            Increment(eventDays, (UsageSubject.Person, person, day, name));
            if (account is not null)
            {
                Increment(days, (UsageSubject.Account, account, day));
                Increment(eventDays, (UsageSubject.Account, account, day, name));
            }
        }

        if (starts.Count == 0)
        {
            return;
        }

        // A person's first event of a day makes one more active user for the account that event went to.
        var activeUsers = new Dictionary<(string, DateOnly), int>();
        foreach (var start in await sql.StartPersonDaysAsync(workspace, starts.Values.ToList(), ct))
        {
            if (start.AccountKey is { } account)
            {
                Increment(activeUsers, (account, start.Day));
            }
        }

        var dayDeltas = days.Select(d => new DayDelta(d.Key.Item1, d.Key.Item2, d.Key.Item3, d.Value,
            d.Key.Item1 == UsageSubject.Account ? activeUsers.GetValueOrDefault((d.Key.Item2, d.Key.Item3)) : 0)).ToList();
        await sql.AddDaysAsync(workspace, dayDeltas, ct);
        await sql.AddEventDaysAsync(workspace, eventDays.Select(d => new EventDayDelta(d.Key.Item1, d.Key.Item2, d.Key.Item3, d.Key.Item4, d.Value)).ToList(), ct);
    }

    private static HashSet<string> KeysOf(IEnumerable<RawEvent> events)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.UserId is { } user)
            {
                keys.Add(EventIdentity.UserPrefix + user);
            }

            if (e.AnonymousId is { } anonymous)
            {
                keys.Add(EventIdentity.AnonymousPrefix + anonymous);
            }

            if (e.PreviousId is { } previous)
            {
                keys.Add(EventIdentity.UserPrefix + previous);
                keys.Add(EventIdentity.AnonymousPrefix + previous);
            }
        }

        return keys;
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
