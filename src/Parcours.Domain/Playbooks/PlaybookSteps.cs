using System.Text.Json.Serialization;

namespace Parcours.Domain.Playbooks;

/// <summary>
/// One step of a playbook, identified by a key unique in the playbook (lower-case letters, digits and underscores) and
/// scheduled by <see cref="When"/>. The hierarchy is closed: the six sealed records below are every kind there is, and
/// the JSON discriminator <c>type</c> names them for storage.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SendMessageStep), "send_message")]
[JsonDerivedType(typeof(CreateTaskStep), "create_task")]
[JsonDerivedType(typeof(MilestoneStep), "milestone")]
[JsonDerivedType(typeof(WaitUntilStep), "wait_until")]
[JsonDerivedType(typeof(BranchStep), "branch")]
[JsonDerivedType(typeof(SeriesStep), "series")]
public abstract record PlaybookStep
{
    private protected PlaybookStep(string key, StepTiming when)
    {
        Key = key;
        When = when;
    }

    public string Key { get; init; }

    public StepTiming When { get; init; }

    [JsonIgnore]
    public StepKind Kind => this switch
    {
        SendMessageStep => StepKind.SendMessage,
        CreateTaskStep => StepKind.CreateTask,
        MilestoneStep => StepKind.Milestone,
        WaitUntilStep => StepKind.WaitUntil,
        BranchStep => StepKind.Branch,
        SeriesStep => StepKind.Series,
        _ => throw new InvalidOperationException($"Unknown step type {GetType().Name}."),
    };
}

/// <summary>Sends one message to the subject. <see cref="Subject"/> is required for email and ignored elsewhere.</summary>
public sealed record SendMessageStep(string Key, StepTiming When, MessageChannel Channel, LocalizedText? Subject, LocalizedText Body)
    : PlaybookStep(Key, When);

/// <summary>Creates a task for the person holding <see cref="Assignee"/> on the subject; the task is due at <see cref="PlaybookStep.When"/>.</summary>
public sealed record CreateTaskStep(string Key, StepTiming When, AssigneeRole Assignee, LocalizedText Title, LocalizedText? Description = null)
    : PlaybookStep(Key, When);

/// <summary>A milestone with a target (its <see cref="PlaybookStep.When"/>): late when the target passes before it is reached.</summary>
public sealed record MilestoneStep(string Key, StepTiming When, LocalizedText Name, MilestoneCompletion Completion)
    : PlaybookStep(Key, When);

/// <summary>
/// Starting at its due instant, waits until <see cref="EventName"/> has been seen (an event seen earlier in the enrolment
/// counts: the wait ends as soon as it starts) or <see cref="TimeoutDays"/> have passed. Steps anchored on the wait run
/// when it ends either way; the <see cref="OnTimeout"/> steps run only when it timed out and are skipped otherwise.
/// </summary>
public sealed record WaitUntilStep(string Key, StepTiming When, string EventName, int TimeoutDays, IReadOnlyList<string>? OnTimeout = null)
    : PlaybookStep(Key, When)
{
    public IReadOnlyList<string> OnTimeout { get; init; } = OnTimeout ?? [];
}

/// <summary>
/// At its due instant, tests <see cref="Condition"/> and runs the <see cref="Then"/> steps when it holds, the
/// <see cref="Else"/> steps otherwise; the steps of the other side are skipped. Targets are anchored on the branch.
/// </summary>
public sealed record BranchStep(string Key, StepTiming When, BranchCondition Condition, IReadOnlyList<string>? Then = null, IReadOnlyList<string>? Else = null)
    : PlaybookStep(Key, When)
{
    public IReadOnlyList<string> Then { get; init; } = Then ?? [];

    public IReadOnlyList<string> Else { get; init; } = Else ?? [];
}

/// <summary>
/// The same message sent on each day of <see cref="Pattern"/>, counted from the series' due day; each occurrence is
/// planned as <c>key#n</c> (n from 1) and may use <c>{{ series.number }}</c> and <c>{{ series.count }}</c>.
/// </summary>
public sealed record SeriesStep(string Key, StepTiming When, SeriesPattern Pattern, MessageChannel Channel, LocalizedText? Subject, LocalizedText Body)
    : PlaybookStep(Key, When)
{
    public static string OccurrenceKey(string seriesKey, int number) => $"{seriesKey}#{number}";
}
