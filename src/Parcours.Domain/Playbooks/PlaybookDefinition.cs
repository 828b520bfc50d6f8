using Parcours.Domain.Common;

namespace Parcours.Domain.Playbooks;

/// <summary>
/// One version of a playbook: a template for onboarding one kind of subject, made of ordered steps scheduled from the
/// enrolment. A version is immutable: <see cref="Edit"/> works on drafts only, <see cref="Publish"/> freezes a draft,
/// and <see cref="Revise"/> starts the next version as a draft, so enrolments that point at a published version never
/// see it change (they move to a newer one only when migrated explicitly). Every method that yields a definition
/// validates it first; <see cref="Problems"/> lists everything wrong with one built by hand or loaded from storage.
/// </summary>
public sealed record PlaybookDefinition(
    string Key,
    LocalizedText Name,
    SubjectKind Subject,
    PlaybookTrigger Trigger,
    IReadOnlyList<PlaybookStep> Steps,
    IReadOnlyList<ExitCondition>? ExitConditions = null,
    string? OnboardedMilestone = null,
    int Version = 1,
    PlaybookStatus Status = PlaybookStatus.Draft)
{
    public IReadOnlyList<ExitCondition> ExitConditions { get; init; } = ExitConditions ?? [];

    /// <summary>A first draft (version 1), refused with every problem found when it is not a valid playbook.</summary>
    public static Result<PlaybookDefinition> Create(
        string key,
        LocalizedText name,
        SubjectKind subject,
        PlaybookTrigger trigger,
        IReadOnlyList<PlaybookStep> steps,
        IReadOnlyList<ExitCondition>? exitConditions = null,
        string? onboardedMilestone = null) =>
        new PlaybookDefinition(key, name, subject, trigger, steps, exitConditions, onboardedMilestone).Validate();

    /// <summary>This definition, or an <see cref="Error.Validation"/> listing every problem with its path (e.g. <c>steps[3].when.days</c>).</summary>
    public Result<PlaybookDefinition> Validate(IReadOnlySet<string>? allowedVariables = null)
    {
        var problems = Problems(allowedVariables);
        return problems.Count == 0 ? this : new Error.Validation(problems);
    }

    /// <summary>Every problem of this definition; empty when it is valid. Variables default to <see cref="TemplateVariables.Allowed"/>.</summary>
    public IReadOnlyList<Error.Invalid> Problems(IReadOnlySet<string>? allowedVariables = null) =>
        PlaybookValidator.Check(this, allowedVariables ?? TemplateVariables.Allowed);

    /// <summary>The step with <paramref name="key"/>, or null.</summary>
    public PlaybookStep? Step(string key) => Steps.FirstOrDefault(s => s.Key == key);

    /// <summary>Changes a draft. Key, version and status stay as they are whatever <paramref name="change"/> returns.</summary>
    public Result<PlaybookDefinition> Edit(Func<PlaybookDefinition, PlaybookDefinition> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Status != PlaybookStatus.Draft)
        {
            return new Error.Conflict(
                "playbook_not_draft",
                $"Version {Version} of playbook '{Key}' is {Status.ToString().ToLowerInvariant()} and cannot change; revise it to edit a new version.");
        }

        return (change(this) with { Key = Key, Version = Version, Status = Status }).Validate();
    }

    /// <summary>Freezes a valid draft; enrolments may then use this version.</summary>
    public Result<PlaybookDefinition> Publish() =>
        Status == PlaybookStatus.Draft
            ? (this with { Status = PlaybookStatus.Published }).Validate()
            : new Error.Conflict("playbook_not_draft", $"Version {Version} of playbook '{Key}' is already {Status.ToString().ToLowerInvariant()}.");

    /// <summary>The next version, as a draft copy of this published or archived one; this version stays as it is.</summary>
    public Result<PlaybookDefinition> Revise() =>
        Status == PlaybookStatus.Draft
            ? new Error.Conflict("playbook_is_draft", $"Version {Version} of playbook '{Key}' is a draft: edit it instead of revising it.")
            : (this with { Version = Version + 1, Status = PlaybookStatus.Draft }).Validate();

    /// <summary>Stops new enrolments on this published version; running ones carry on.</summary>
    public Result<PlaybookDefinition> Archive() =>
        Status == PlaybookStatus.Published
            ? this with { Status = PlaybookStatus.Archived }
            : new Error.Conflict("playbook_not_published", $"Only a published version can be archived; version {Version} of '{Key}' is {Status.ToString().ToLowerInvariant()}.");
}
