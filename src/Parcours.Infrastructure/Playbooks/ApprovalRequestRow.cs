using Parcours.Domain.Approvals;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Playbooks;

/// <summary>
/// A request for a customer contact's approval (seed 002's operating frame): what to approve, the chain of contacts
/// asked in turn, the delay each has, and what came of it. The contact answers on the page of the message that asked
/// (<c>/r/{token}</c>), so no token of its own is stored.
/// </summary>
public sealed class ApprovalRequestRow : ITenantOwned
{
    public const int MaxTitleLength = 200;
    public const int MaxDetailLength = 4_000;
    public const int MaxCommentLength = 4_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public AccountId AccountId { get; set; }

    public string Title { get; set; } = "";

    public string? Detail { get; set; }

    /// <summary>The contacts asked in turn, as a JSON array of person ids.</summary>
    public string Chain { get; set; } = "[]";

    /// <summary>The position in <see cref="Chain"/> of the contact asked now.</summary>
    public int Step { get; set; }

    public int DeadlineHours { get; set; }

    public int ReminderBeforeHours { get; set; }

    public ApprovalStatus Status { get; set; }

    public DateTime AskedAt { get; set; }

    public DateTime Deadline { get; set; }

    /// <summary>Who takes over when nobody answers: the account's CSM, else whoever asked.</summary>
    public Guid? CsmId { get; set; }

    public PersonId? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? Comment { get; set; }

    /// <summary>What happened, one line per event, oldest first (JSON array of {at, what}).</summary>
    public string History { get; set; } = "[]";

    public Guid? CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
