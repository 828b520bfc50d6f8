using System.Text.Json.Serialization;

namespace Parcours.Domain.Playbooks;

/// <summary>What a playbook onboards: a customer company, one of its contacts, or a company's own new employee.</summary>
public enum SubjectKind
{
    Account = 0,
    CustomerContact = 1,
    Employee = 2,
}

/// <summary>
/// A version is edited while <see cref="Draft"/>, frozen once <see cref="Published"/> (enrolments point at it), and
/// <see cref="Archived"/> when no new enrolment may use it; running enrolments keep their version either way.
/// </summary>
public enum PlaybookStatus
{
    Draft = 0,
    Published = 1,
    Archived = 2,
}

public enum MessageChannel
{
    Email = 0,
    Sms = 1,
    Voice = 2,
    InApp = 3,
}

/// <summary>Who a task lands on; the server resolves the role to a user for each enrolment.</summary>
public enum AssigneeRole
{
    Csm = 0,
    Manager = 1,
    Mentor = 2,
    Hr = 3,
    AccountOwner = 4,
}

/// <summary>How a playbook starts: on an event, or only when someone enrols the subject (cockpit, API or CSV).</summary>
public enum TriggerKind
{
    Event = 0,
    Manual = 1,
}

public enum MilestoneCompletionKind
{
    /// <summary>Reached when the named event is seen after enrolment.</summary>
    Event = 0,

    /// <summary>Reached when the named task step is done.</summary>
    TaskDone = 1,

    /// <summary>Reached when someone ticks it in the cockpit.</summary>
    Manual = 2,
}

public enum BranchConditionKind
{
    EventSeen = 0,
    TaskDone = 1,
    MilestoneReached = 2,
}

public enum ExitConditionKind
{
    Event = 0,

    /// <summary>The account churned: Parcours records it as the <c>account_churned</c> event.</summary>
    AccountChurned = 1,

    /// <summary>The person left the company: Parcours records it as the <c>person_left</c> event.</summary>
    PersonLeft = 2,
}

/// <summary>The kind of a step, as shown on a timeline.</summary>
public enum StepKind
{
    SendMessage = 0,
    CreateTask = 1,
    Milestone = 2,
    WaitUntil = 3,
    Branch = 4,
    Series = 5,
}

/// <summary>French and English wording of one text; both are required on a valid playbook.</summary>
public sealed record LocalizedText(string Fr, string En)
{
    /// <summary>The text in <paramref name="locale"/> ("fr" or "en", regional forms accepted); French otherwise.</summary>
    public string For(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Fr;
}

/// <summary>How a playbook starts. Every playbook can also be enrolled by hand; an event trigger adds automatic enrolment.</summary>
public sealed record PlaybookTrigger(TriggerKind Kind, string? EventName = null)
{
    public static PlaybookTrigger Manual { get; } = new(TriggerKind.Manual);

    public static PlaybookTrigger OnEvent(string eventName) => new(TriggerKind.Event, eventName);
}

/// <summary>When a milestone counts as reached. A manual tick on the milestone's own key is accepted whatever the kind.</summary>
public sealed record MilestoneCompletion(MilestoneCompletionKind Kind, string? EventName = null, string? TaskKey = null)
{
    public static MilestoneCompletion ManualTick { get; } = new(MilestoneCompletionKind.Manual);

    public static MilestoneCompletion OnEvent(string eventName) => new(MilestoneCompletionKind.Event, EventName: eventName);

    public static MilestoneCompletion OnTaskDone(string taskKey) => new(MilestoneCompletionKind.TaskDone, TaskKey: taskKey);
}

/// <summary>What a branch tests at its due instant, over the facts known by then.</summary>
public sealed record BranchCondition(BranchConditionKind Kind, string? EventName = null, string? StepKey = null)
{
    public static BranchCondition EventSeen(string eventName) => new(BranchConditionKind.EventSeen, EventName: eventName);

    public static BranchCondition TaskDone(string taskKey) => new(BranchConditionKind.TaskDone, StepKey: taskKey);

    public static BranchCondition MilestoneReached(string milestoneKey) => new(BranchConditionKind.MilestoneReached, StepKey: milestoneKey);
}

/// <summary>Ends an enrolment early: every step not done by then is marked exited.</summary>
public sealed record ExitCondition(ExitConditionKind Kind, string? EventName = null)
{
    public const string AccountChurnedEvent = "account_churned";
    public const string PersonLeftEvent = "person_left";

    public static ExitCondition AccountChurned { get; } = new(ExitConditionKind.AccountChurned);

    public static ExitCondition PersonLeft { get; } = new(ExitConditionKind.PersonLeft);

    public static ExitCondition OnEvent(string eventName) => new(ExitConditionKind.Event, eventName);

    /// <summary>The event name that ends the enrolment.</summary>
    [JsonIgnore]
    public string? MatchedEvent => Kind switch
    {
        ExitConditionKind.Event => EventName,
        ExitConditionKind.AccountChurned => AccountChurnedEvent,
        ExitConditionKind.PersonLeft => PersonLeftEvent,
        _ => null,
    };
}
