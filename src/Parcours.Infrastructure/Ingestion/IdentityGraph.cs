using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// The identities of one commit, loaded once and changed in memory in event order; <see cref="Changed"/> is what to write back.
/// </summary>
public sealed class IdentityGraph(WorkspaceId workspace, Dictionary<string, EventIdentity> identities)
{
    private readonly HashSet<EventIdentity> _changed = [];

    public IReadOnlyList<EventIdentity> Changed => _changed.ToList();

    /// <summary>The canonical user id of a user id (an aliased id points at its survivor).</summary>
    public string Canonical(string userId) =>
        identities.TryGetValue(EventIdentity.UserPrefix + userId, out var known) && known.UserId is { } canonical ? canonical : userId;

    /// <summary>Whose usage an event is: its user, or the user its anonymous id was linked to; null while anonymous.</summary>
    public string? PersonOf(RawEvent e) => e.UserId is { } user
        ? Canonical(user)
        : e.AnonymousId is { } anonymous && identities.TryGetValue(EventIdentity.AnonymousPrefix + anonymous, out var linked)
            ? linked.UserId
            : null;

    public string? AccountOf(string canonicalUser) =>
        identities.TryGetValue(EventIdentity.UserPrefix + canonicalUser, out var user) ? user.GroupId : null;

    public void Apply(RawEvent e, List<(string From, string To)> merges, List<string> newlyLinked)
    {
        if (e.UserId is null)
        {
            return;
        }

        var user = Ensure(EventIdentity.UserPrefix + e.UserId, e.Timestamp);
        var canonical = user.UserId ??= e.UserId;
        if (e.AnonymousId is { } anonymous)
        {
            Link(anonymous, canonical, e.Timestamp, newlyLinked);
        }

        switch (e.Type)
        {
            case "group" when e.GroupId is { } group:
                var canonicalRow = Ensure(EventIdentity.UserPrefix + canonical, e.Timestamp);
                canonicalRow.UserId ??= canonical;
                if (canonicalRow.GroupId != group)
                {
                    canonicalRow.GroupId = group;
                    _changed.Add(canonicalRow);
                }

                break;
            case "alias" when e.PreviousId is { } previous:
                if (identities.TryGetValue(EventIdentity.UserPrefix + previous, out var former) && former.UserId is { } formerUser)
                {
                    if (formerUser != canonical)
                    {
                        merges.Add((formerUser, canonical));
                        foreach (var identity in identities.Values.Where(i => i.UserId == formerUser))
                        {
                            identity.UserId = canonical;
                            _changed.Add(identity);
                        }

                        var survivor = identities[EventIdentity.UserPrefix + canonical];
                        survivor.GroupId ??= former.GroupId;
                        _changed.Add(survivor);
                    }
                }
                else
                {
                    // The former id was never a user: it is the visitor's anonymous id (analytics.js's own alias).
                    Link(previous, canonical, e.Timestamp, newlyLinked);
                }

                break;
        }
    }

    private void Link(string anonymousId, string canonical, DateTime at, List<string> newlyLinked)
    {
        var key = EventIdentity.AnonymousPrefix + anonymousId;
        if (identities.TryGetValue(key, out var existing))
        {
            return; // Linked already: the first user a visitor was identified as keeps it.
        }

        var identity = new EventIdentity { WorkspaceId = workspace, Key = key, UserId = canonical, FirstSeenAt = at };
        identities[key] = identity;
        _changed.Add(identity);
        newlyLinked.Add(anonymousId);
    }

    private EventIdentity Ensure(string key, DateTime at)
    {
        if (!identities.TryGetValue(key, out var identity))
        {
            identity = new EventIdentity { WorkspaceId = workspace, Key = key, FirstSeenAt = at };
            identities[key] = identity;
            _changed.Add(identity);
        }

        return identity;
    }
}
