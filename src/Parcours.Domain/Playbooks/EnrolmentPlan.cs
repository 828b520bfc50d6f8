namespace Parcours.Domain.Playbooks;

/// <summary>An event seen for the enrolled subject (name as sent, compared case-insensitively) and when it happened.</summary>
public sealed record ObservedEvent(string Name, DateTimeOffset At);

/// <summary>
/// What is known about one enrolment at <see cref="Now"/>: the events seen for its subject, and the steps done by key —
/// tasks done, milestones ticked by hand, messages sent (a series occurrence is keyed <c>series#n</c>). Facts dated
/// after <see cref="Now"/> or before the enrolment are ignored, so a replay on a fake clock can pass the whole script.
/// </summary>
public sealed record EnrolmentFacts(DateTimeOffset Now, IReadOnlyList<ObservedEvent>? Events = null, IReadOnlyDictionary<string, DateTimeOffset>? Done = null)
{
    public IReadOnlyList<ObservedEvent> Events { get; init; } = Events ?? [];

    public IReadOnlyDictionary<string, DateTimeOffset> Done { get; init; } = Done ?? new Dictionary<string, DateTimeOffset>();

    public EnrolmentFacts At(DateTimeOffset now) => this with { Now = now };

    public EnrolmentFacts Seen(string eventName, DateTimeOffset at) => this with { Events = [.. Events, new ObservedEvent(eventName, at)] };

    public EnrolmentFacts Completed(string stepKey, DateTimeOffset at) =>
        this with { Done = new Dictionary<string, DateTimeOffset>(Done, StringComparer.Ordinal) { [stepKey] = at } };
}

public enum StepState
{
    /// <summary>Not due yet; <see cref="PlannedStep.DueAt"/> says when (projected when the step it follows is not complete).</summary>
    Upcoming = 0,

    /// <summary>Its due instant has passed and it is not done: the agenda should send the message or the task is open.</summary>
    Due = 1,

    /// <summary>A wait that has started and is neither satisfied nor timed out.</summary>
    Waiting = 2,

    Done = 3,

    /// <summary>On the side of a branch or wait that was not taken, or after such a step.</summary>
    Skipped = 4,

    /// <summary>A milestone not reached by its target.</summary>
    Late = 5,

    /// <summary>A wait whose event did not come in time; its timeout steps run.</summary>
    WaitingTimedOut = 6,

    /// <summary>Not done when an exit condition ended the enrolment.</summary>
    Exited = 7,
}

public enum EnrolmentStatus
{
    OnTrack = 0,

    /// <summary>A milestone is past its target.</summary>
    Late = 1,

    /// <summary>Something is overdue and nobody has made progress for the stall period (see <see cref="EnrolmentPlanner"/>).</summary>
    Stalled = 2,

    /// <summary>Every step is done, skipped or timed out.</summary>
    Completed = 3,

    Exited = 4,
}

/// <summary>
/// One line of a timeline. <see cref="Key"/> is the step key, or <c>series#n</c> for occurrence n of a series.
/// <see cref="DueAt"/> is the due instant (a milestone's target, a wait's start); <see cref="Projected"/> says it is an
/// estimate because the step it follows is not complete yet (it assumes that step completes now or when due).
/// </summary>
public sealed record PlannedStep(
    string Key,
    string StepKey,
    StepKind Kind,
    StepState State,
    DateTimeOffset? DueAt,
    DateTimeOffset? CompletedAt,
    bool Projected,
    int? Occurrence = null,
    DateTimeOffset? TimesOutAt = null)
{
    /// <summary>A milestone reached after its target.</summary>
    public bool CompletedLate => Kind == StepKind.Milestone && CompletedAt > DueAt;
}

/// <summary>What a branch decided, when, and which steps it let run.</summary>
public sealed record BranchDecision(string StepKey, DateTimeOffset DecidedAt, bool ConditionMet, IReadOnlyList<string> Taken);

/// <summary>The timeline of one enrolment at one instant. <see cref="NextDueAt"/> is the next future instant at which the plan changes by itself (a step falls due, a milestone turns late, a wait times out): the agenda's next wake-up.</summary>
public sealed record EnrolmentPlan(
    EnrolmentStatus Status,
    IReadOnlyList<PlannedStep> Steps,
    IReadOnlyList<BranchDecision> Decisions,
    DateTimeOffset? NextDueAt,
    DateTimeOffset? OnboardedAt,
    DateTimeOffset? ExitedAt,
    DateTimeOffset LastProgressAt)
{
    /// <summary>The line for <paramref name="key"/> (a step key or <c>series#n</c>); throws when there is none.</summary>
    public PlannedStep this[string key] => Steps.FirstOrDefault(s => s.Key == key) ?? throw new KeyNotFoundException($"No planned step '{key}'.");

    public IEnumerable<PlannedStep> InState(StepState state) => Steps.Where(s => s.State == state);
}
