using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Agenda;

/// <summary>Where an agenda item stands. Every transition names the status it expects, so two actors never both win.</summary>
public enum AgendaStatus
{
    /// <summary>Waiting for its due time (or for its next attempt after a failure).</summary>
    Pending = 0,

    /// <summary>Claimed by a worker, which holds a lease until <see cref="AgendaItem.LeaseUntil"/>.</summary>
    Running = 1,

    Done = 2,

    /// <summary>Failed too often, or its outcome is uncertain: it waits for a person to replay or cancel it.</summary>
    Parked = 3,

    Cancelled = 4,
}

/// <summary>
/// One piece of timed work: what (<see cref="Kind"/>, the handler's name), for whom (<see cref="SubjectId"/>), when
/// (<see cref="DueAt"/>), and the key that makes scheduling it twice a no-op and travels to the channel so a retried
/// send is recognised. Written by <see cref="AgendaScheduler"/>, claimed and finished by an <see cref="IAgendaStore"/>.
/// </summary>
public sealed class AgendaItem : ITenantOwned
{
    public const int MaxKindLength = 100;
    public const int MaxKeyLength = 200;
    public const int MaxSubjectLength = 200;
    public const int MaxPayloadLength = 8000;
    public const int MaxErrorLength = 2000;
    public const int MaxOwnerLength = 100;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string Kind { get; set; } = "";

    public string? SubjectId { get; set; }

    /// <summary>Small JSON the handler needs (ids, a step number); never message bodies or personal data.</summary>
    public string? Payload { get; set; }

    /// <summary>When the item should run (UTC); after a failure, when the next attempt may start.</summary>
    public DateTime DueAt { get; set; }

    /// <summary>Unique per workspace. Also given to the channel (SMTP Message-ID, SMS idempotency header).</summary>
    public string IdempotencyKey { get; set; } = "";

    public AgendaStatus Status { get; set; }

    /// <summary>Claims so far, counted at the claim so a handler that crashes its node still uses up attempts.</summary>
    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>Incremented at every claim. Finishing names the fence it was claimed with; a stale worker's answer is refused.</summary>
    public long Fence { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    /// <summary>When it reached Done or Cancelled.</summary>
    public DateTime? CompletedAt { get; set; }
}
