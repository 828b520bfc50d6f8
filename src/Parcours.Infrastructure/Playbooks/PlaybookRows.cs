using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;

namespace Parcours.Infrastructure.Playbooks;

/// <summary>
/// One version of a playbook as stored: its definition as JSON (<see cref="PlaybookJson"/>), and what queries need
/// without parsing it — the trigger event, the event names it reacts to, and the message template made for each of its
/// message steps when it was published.
/// </summary>
public sealed class PlaybookVersionRow : ITenantOwned
{
    public const int MaxKeyLength = 60;
    public const int MaxNameLength = 200;
    public const int MaxDefinitionLength = 400_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string Key { get; set; } = "";

    public int Version { get; set; }

    public PlaybookStatus Status { get; set; }

    public SubjectKind Subject { get; set; }

    /// <summary>The French name, for lists; the definition holds both languages.</summary>
    public string Name { get; set; } = "";

    /// <summary>The event that enrols a subject automatically; null for a manual playbook.</summary>
    public string? TriggerEvent { get; set; }

    /// <summary>Every event name the playbook reacts to (trigger, waits, branches, milestones, exits), one per line, lower case.</summary>
    public string EventNames { get; set; } = "";

    public string Definition { get; set; } = "";

    /// <summary>JSON object: step key → message template id, filled at publication.</summary>
    public string StepTemplates { get; set; } = "{}";

    public Guid? CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? PublishedAt { get; set; }
}

/// <summary>Whether the enrolment runs. The onboarding's own progress (on track, late, stalled) is <see cref="EnrolmentRow.Progress"/>.</summary>
public enum EnrolmentState
{
    Running = 0,
    Paused = 1,

    /// <summary>Every step done, skipped or timed out, or an exit condition ended it.</summary>
    Finished = 2,

    /// <summary>Stopped by a person.</summary>
    Cancelled = 3,
}

/// <summary>
/// One subject going through one playbook version. The subject is a person (customer contact or new employee) or an
/// account. <see cref="Progress"/>, <see cref="NextDueAt"/> and <see cref="OnboardedAt"/> are the planner's last answer,
/// kept for the overview queries; the timeline itself is always recomputed from the facts.
/// </summary>
public sealed class EnrolmentRow : ITenantOwned
{
    public const int MaxSourceLength = 40;
    public const int MaxKeyLength = 200;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public Guid PlaybookVersionId { get; set; }

    public string PlaybookKey { get; set; } = "";

    public int Version { get; set; }

    public PersonId? PersonId { get; set; }

    public AccountId? AccountId { get; set; }

    /// <summary>The subject's time zone when enrolled: "D+2 at 10:00" is in it.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    public DateTime EnrolledAt { get; set; }

    public EnrolmentState State { get; set; }

    public EnrolmentStatus Progress { get; set; }

    public DateTime? NextDueAt { get; set; }

    public DateTime? OnboardedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public DateTime LastProgressAt { get; set; }

    /// <summary>manual, api, csv or event.</summary>
    public string Source { get; set; } = "";

    /// <summary>Names the enrolment request: the same request twice enrols once.</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>Who the tasks land on, by role; null roles fall back to the account owner, then the person who enrolled.</summary>
    public Guid? CsmId { get; set; }

    public Guid? ManagerId { get; set; }

    public Guid? MentorId { get; set; }

    public Guid? HrId { get; set; }

    public Guid? EnrolledBy { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum EnrolmentFactKind
{
    /// <summary>An event of the subject (first sighting only: the planner needs no more).</summary>
    Event = 0,

    /// <summary>A step done: a message queued, a task completed, a milestone ticked.</summary>
    Done = 1,

    /// <summary>A step someone chose to skip; the planner counts it as done.</summary>
    Skipped = 2,

    /// <summary>The step's side effect was started (a task created): not progress, but not to be started again.</summary>
    Started = 3,
}

/// <summary>What is known about an enrolment: the input of <see cref="EnrolmentPlanner"/>. One row per (kind, key).</summary>
public sealed class EnrolmentFact : ITenantOwned
{
    public const int MaxKeyLength = 200;
    public const int MaxNoteLength = 2_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid EnrolmentId { get; set; }

    public EnrolmentFactKind Kind { get; set; }

    /// <summary>An event name (lower case) or a step key (<c>series#n</c> for a series occurrence).</summary>
    public string Key { get; set; } = "";

    public DateTime At { get; set; }

    /// <summary>What was done: the task's outcome, the reason of a skip, the id of the message or task.</summary>
    public string? Note { get; set; }

    public Guid? By { get; set; }
}
