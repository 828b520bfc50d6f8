using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>Whose usage a rollup row counts: a person (keyed by the canonical Segment userId) or an account (its groupId).</summary>
public enum UsageSubject
{
    Person = 0,
    Account = 1,
}

/// <summary>
/// Usage of one subject on one UTC day, maintained incrementally as events are committed (never by rescanning).
/// For a person, <see cref="ActiveUsers"/> is 1 and <see cref="AccountKey"/> the account its first event of the day went to.
/// </summary>
public sealed class UsageDay : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public UsageSubject SubjectKind { get; set; }

    public string SubjectKey { get; set; } = "";

    public DateOnly Day { get; set; }

    public int Events { get; set; }

    public int ActiveUsers { get; set; }

    public string? AccountKey { get; set; }
}

/// <summary>How many times one subject sent one event name on one UTC day; features and logins are read from these.</summary>
public sealed class UsageEventDay : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public UsageSubject SubjectKind { get; set; }

    public string SubjectKey { get; set; } = "";

    public DateOnly Day { get; set; }

    public string EventName { get; set; } = "";

    public int Count { get; set; }
}

/// <summary>
/// The identity graph of ingestion: "u:&lt;userId&gt;" and "a:&lt;anonymousId&gt;" keys, each pointing at the canonical
/// user id (after identify and alias) and, for users, the account (groupId) of their last group call.
/// </summary>
public sealed class EventIdentity : ITenantOwned
{
    public const string UserPrefix = "u:";
    public const string AnonymousPrefix = "a:";

    public WorkspaceId WorkspaceId { get; set; }

    public string Key { get; set; } = "";

    /// <summary>The canonical user id; null for an anonymous id not yet identified.</summary>
    public string? UserId { get; set; }

    public string? GroupId { get; set; }

    public DateTime FirstSeenAt { get; set; }
}

/// <summary>
/// Every message id ever stored, so a retried message is stored once. Kept apart from the events so that the events can
/// be partitioned by month on PostgreSQL (a unique index there must contain the partition key; a retry's timestamp may differ).
/// </summary>
public sealed class EventMessageId : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public string MessageId { get; set; } = "";
}
