using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;

namespace Parcours.Infrastructure.Surveys;

/// <summary>A survey of the workspace, its definition stored as JSON (<see cref="SurveyJson"/>).</summary>
public sealed class SurveyRow : ITenantOwned
{
    public const int MaxKeyLength = 60;
    public const int MaxDefinitionLength = 200_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string Definition { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A customer journey of the workspace (<see cref="JourneyJson"/>), and the event names its points are triggered by.</summary>
public sealed class JourneyRow : ITenantOwned
{
    public const int MaxKeyLength = 60;
    public const int MaxDefinitionLength = 400_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string Definition { get; set; } = "";

    /// <summary>The trigger events of its points, one per line, lower case: what ingestion hands to the journey reactor.</summary>
    public string TriggerEvents { get; set; } = "";

    public bool Active { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum InvitationStatus
{
    /// <summary>Waiting for its delay; the message is queued for then.</summary>
    Scheduled = 0,
    Sent = 1,
    Answered = 2,

    /// <summary>The solicitation rules (consent, caps, blackout) or the channel stopped it; see the message for why.</summary>
    NotSent = 3,
    Expired = 4,
}

/// <summary>
/// One person invited to answer one point's survey. The link is the invitation message's own token (<c>/r/{token}</c>),
/// so it is unguessable, per invitation, and never stored in clear. One response per invitation.
/// </summary>
public sealed class SurveyInvitation : ITenantOwned
{
    public const int MaxKeyLength = 200;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string JourneyKey { get; set; } = "";

    public string StageKey { get; set; } = "";

    public string PointKey { get; set; } = "";

    public string SurveyKey { get; set; } = "";

    public PersonId PersonId { get; set; }

    public AccountId? AccountId { get; set; }

    public SurveyChannel Channel { get; set; }

    /// <summary>The outbound message that carries the invitation; null for a public link or QR code.</summary>
    public Guid? MessageId { get; set; }

    /// <summary>Names what caused it (the trigger event's message id and the point, a cold wave): the same cause invites once.</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>For a cold survey: the wave ("2026-Q4"), so each wave's score is kept.</summary>
    public string? Wave { get; set; }

    public InvitationStatus Status { get; set; }

    public DateTime InvitedAt { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? OpenedAt { get; set; }

    public DateTime? AnsweredAt { get; set; }

    public DateTime? RemindedAt { get; set; }
}

/// <summary>
/// A person's answers to one invitation. <see cref="Answers"/> is the JSON of the domain's answers; the headline score,
/// its measure and the verbatim are copied out for the grid, the filters and the aggregates. Amending within the window
/// replaces the answers and moves the aggregates by the difference.
/// </summary>
public sealed class SurveyResponseRow : ITenantOwned
{
    public const int MaxAnswersLength = 20_000;
    public const int MaxVerbatimLength = 4_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public Guid InvitationId { get; set; }

    public PersonId PersonId { get; set; }

    public AccountId? AccountId { get; set; }

    public string JourneyKey { get; set; } = "";

    public string StageKey { get; set; } = "";

    public string PointKey { get; set; } = "";

    public string SurveyKey { get; set; } = "";

    public SurveyChannel Channel { get; set; }

    public string? Segment { get; set; }

    public string? Product { get; set; }

    public string Answers { get; set; } = "[]";

    public Measure? HeadlineMeasure { get; set; }

    public int? HeadlineScore { get; set; }

    public string? Verbatim { get; set; }

    /// <summary>The promoter said we may quote them: a fan.</summary>
    public bool TestimonialConsent { get; set; }

    public DateTime AnsweredAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One bucket of the maintained aggregates: a point's answers on one measure in one month (<see cref="ScoreCounts"/>).</summary>
public sealed class SurveyAggregateRow : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public string JourneyKey { get; set; } = "";

    public string StageKey { get; set; } = "";

    public string PointKey { get; set; } = "";

    public DateOnly Month { get; set; }

    public Measure Measure { get; set; }

    public int Answers { get; set; }

    public int High { get; set; }

    public int Low { get; set; }

    public long Sum { get; set; }
}

/// <summary>A callback of a dissatisfied customer (seed 004), with every attempt kept: the history of what was said and done.</summary>
public sealed class CallbackRow : ITenantOwned
{
    public const int MaxTextLength = 4_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public Guid ResponseId { get; set; }

    public PersonId PersonId { get; set; }

    public AccountId? AccountId { get; set; }

    public string JourneyKey { get; set; } = "";

    public string PointKey { get; set; } = "";

    public Guid AssigneeId { get; set; }

    /// <summary>The assignee's manager, once escalated.</summary>
    public Guid? EscalatedToId { get; set; }

    public DateTime OpenedAt { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime? FirstAttemptAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public DateTime? EscalatedAt { get; set; }

    public string? Outcome { get; set; }

    /// <summary>The reasons (below threshold, detractor) as text; the attempts as a JSON array.</summary>
    public string Reasons { get; set; } = "";

    public string Attempts { get; set; } = "[]";

    /// <summary>The re-survey sent when it was closed, to check the customer is now satisfied.</summary>
    public Guid? RecoveryInvitationId { get; set; }
}

/// <summary>An action plan to improve a point, with its owner and due date; the point's score before and after is read from the aggregates.</summary>
public sealed class ActionPlanRow : ITenantOwned
{
    public const int MaxTitleLength = 200;
    public const int MaxDetailLength = 4_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string JourneyKey { get; set; } = "";

    public string PointKey { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Detail { get; set; }

    public Guid OwnerId { get; set; }

    public DateOnly DueOn { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DoneAt { get; set; }
}
