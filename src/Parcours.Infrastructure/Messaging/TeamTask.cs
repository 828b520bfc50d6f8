using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Messaging;

public enum TeamTaskStatus
{
    Open = 0,
    Done = 1,
    Cancelled = 2,
}

/// <summary>
/// Work for a person of the team (a CSM's call at D+2, a manager's callback, a mentor's welcome, HR's equipment), with a
/// due date, about a customer contact or an account. Created by playbooks and people; the assignee is emailed.
/// </summary>
public sealed class TeamTask : ITenantOwned
{
    public const int MaxTitleLength = 300;
    public const int MaxNoteLength = 4000;
    public const int MaxOutcomeLength = 4000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    /// <summary>The team member (an Identity user of the workspace).</summary>
    public Guid AssigneeId { get; set; }

    public PersonId? PersonId { get; set; }

    public AccountId? AccountId { get; set; }

    public string Title { get; set; } = "";

    public string? Note { get; set; }

    public DateTime DueAt { get; set; }

    public TeamTaskStatus Status { get; set; }

    /// <summary>What was done (the callback's result, the call's notes).</summary>
    public string? Outcome { get; set; }

    public string Source { get; set; } = "";

    public string IdempotencyKey { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public Guid? CompletedBy { get; set; }
}
