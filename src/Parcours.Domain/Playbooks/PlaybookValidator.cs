using System.Text.RegularExpressions;
using Parcours.Domain.Common;

namespace Parcours.Domain.Playbooks;

/// <summary>
/// Finds every problem of a definition, each with the JSON path of the offending field, so an editor can mark all of
/// them at once. Besides shape (keys, texts, ranges) it refuses schedules that cannot happen: a step after an unknown
/// or later step, anything past D+730 once offsets add up along a chain, a milestone whose target comes before the
/// task that completes it.
/// </summary>
internal static partial class PlaybookValidator
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 10_000;
    public const int MaxTimeoutDays = 365;

    public static IReadOnlyList<Error.Invalid> Check(PlaybookDefinition definition, IReadOnlySet<string> allowedVariables)
    {
        var problems = new List<Error.Invalid>();
        void Fail(string code, string path, string detail) => problems.Add(new Error.Invalid(code, detail, path));

        if (definition.Key is null || !Slug().IsMatch(definition.Key))
        {
            Fail("invalid_key", "key", $"The playbook key '{definition.Key}' must be 1 to 64 lower-case letters, digits or underscores, starting with a letter.");
        }

        if (definition.Version < 1)
        {
            Fail("invalid_version", "version", $"The version must be 1 or more, not {definition.Version}.");
        }

        CheckText(definition.Name, "name", MaxTitleLength, null, Fail);
        CheckTrigger(definition.Trigger, Fail);

        var steps = definition.Steps ?? [];
        if (steps.Count == 0)
        {
            Fail("no_steps", "steps", "A playbook needs at least one step.");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var key = steps[i]?.Key;
            if (key is null || !Slug().IsMatch(key))
            {
                Fail("invalid_key", $"steps[{i}].key", $"The step key '{key}' must be 1 to 64 lower-case letters, digits or underscores, starting with a letter.");
            }
            else if (!index.TryAdd(key, i))
            {
                Fail("duplicate_step", $"steps[{i}].key", $"Two steps are keyed '{key}' (steps[{index[key]}] and steps[{i}]); step keys must be unique.");
            }
        }

        var gates = new Dictionary<string, string>(StringComparer.Ordinal);
        var earliest = new int?[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var path = $"steps[{i}]";
            if (step is null)
            {
                Fail("missing_step", path, $"{path} is empty.");
                continue;
            }

            earliest[i] = CheckTiming(step, i, path, steps, index, earliest, Fail);
            CheckStep(step, path, definition.Subject, steps, index, allowedVariables, gates, Fail);
        }

        CheckGatedTimings(steps, index, gates, Fail);
        CheckHorizons(steps, index, earliest, Fail);
        CheckExits(definition, Fail);

        if (definition.OnboardedMilestone is { } onboarded
            && !(index.TryGetValue(onboarded, out var milestoneAt) && steps[milestoneAt] is MilestoneStep))
        {
            Fail("unknown_milestone", "onboardedMilestone", $"The onboarded milestone '{onboarded}' is not a milestone step of this playbook.");
        }

        return problems;
    }

    private static void CheckTrigger(PlaybookTrigger? trigger, Action<string, string, string> fail)
    {
        if (trigger is null)
        {
            fail("required", "trigger", "The trigger is required (an event, or manual enrolment).");
            return;
        }

        if (trigger.Kind == TriggerKind.Event)
        {
            CheckEventName(trigger.EventName, "trigger.eventName", fail);
        }
        else if (trigger.EventName is not null)
        {
            fail("unexpected_event", "trigger.eventName", "A manual trigger has no event name.");
        }
    }

    /// <summary>Checks the timing and returns the earliest day the step can be due, or null when it cannot be worked out.</summary>
    private static int? CheckTiming(
        PlaybookStep step, int i, string path, IReadOnlyList<PlaybookStep> steps, Dictionary<string, int> index, int?[] earliest,
        Action<string, string, string> fail)
    {
        var when = step.When;
        if (when is null)
        {
            fail("required", $"{path}.when", $"{path} ('{step.Key}') has no timing.");
            return null;
        }

        var valid = true;
        if (when.Days is < 0 or > StepTiming.MaxDays)
        {
            fail("offset_out_of_range", $"{path}.when.days", $"Step '{step.Key}' is at D+{when.Days}; offsets run from D+0 to D+{StepTiming.MaxDays}.");
            valid = false;
        }

        if (when.At is not null && !StepTiming.TryParseLocalTime(when.At, out _))
        {
            fail("invalid_local_time", $"{path}.when.at", $"Step '{step.Key}' is at '{when.At}', which is not a local time HH:mm between 00:00 and 23:59.");
        }

        if (when.After is null)
        {
            return valid ? when.Days : null;
        }

        if (when.After == step.Key)
        {
            fail("self_reference", $"{path}.when.after", $"Step '{step.Key}' cannot be scheduled after itself.");
            return null;
        }

        if (!index.TryGetValue(when.After, out var anchorAt))
        {
            fail("unknown_step", $"{path}.when.after", $"Step '{step.Key}' follows '{when.After}', which is not a step of this playbook.");
            return null;
        }

        if (anchorAt > i)
        {
            fail("forward_reference", $"{path}.when.after",
                $"Step '{step.Key}' follows '{when.After}', which comes later in the playbook; a step can only follow an earlier one, so the schedule has no cycle.");
            return null;
        }

        if (steps[anchorAt] is SeriesStep)
        {
            fail("after_series", $"{path}.when.after", $"Step '{step.Key}' follows the series '{when.After}'; a series has no single completion to follow: follow the step it follows instead.");
            return null;
        }

        return valid && earliest[anchorAt] is { } anchorDay ? anchorDay + when.Days : null;
    }

    private static void CheckStep(
        PlaybookStep step, string path, SubjectKind subject, IReadOnlyList<PlaybookStep> steps, Dictionary<string, int> index,
        IReadOnlySet<string> variables, Dictionary<string, string> gates, Action<string, string, string> fail)
    {
        switch (step)
        {
            case SendMessageStep message:
                CheckMessage(message.Channel, message.Subject, message.Body, path, variables, isSeries: false, fail);
                break;
            case CreateTaskStep task:
                CheckText(task.Title, $"{path}.title", MaxTitleLength, variables, fail);
                if (task.Description is not null)
                {
                    CheckText(task.Description, $"{path}.description", MaxBodyLength, variables, fail);
                }

                CheckAssignee(task, path, subject, fail);
                break;
            case MilestoneStep milestone:
                CheckText(milestone.Name, $"{path}.name", MaxTitleLength, null, fail);
                CheckCompletion(milestone, path, steps, index, fail);
                break;
            case WaitUntilStep wait:
                CheckEventName(wait.EventName, $"{path}.eventName", fail);
                if (wait.TimeoutDays is <= 0 or > MaxTimeoutDays)
                {
                    fail("invalid_timeout", $"{path}.timeoutDays", $"Wait '{wait.Key}' times out after {wait.TimeoutDays} days; the timeout must be 1 to {MaxTimeoutDays} days.");
                }

                CheckTargets(wait.Key, wait.OnTimeout, $"{path}.onTimeout", index, gates, fail);
                break;
            case BranchStep branch:
                CheckCondition(branch, path, steps, index, fail);
                if (branch.Then.Count == 0 && branch.Else.Count == 0)
                {
                    fail("branch_without_targets", path, $"Branch '{branch.Key}' leads nowhere: give it steps to run when the condition holds (then) or not (else).");
                }

                foreach (var both in branch.Then.Intersect(branch.Else, StringComparer.Ordinal))
                {
                    fail("target_in_both", $"{path}.else", $"Branch '{branch.Key}' lists '{both}' under both then and else.");
                }

                CheckTargets(branch.Key, branch.Then, $"{path}.then", index, gates, fail);
                CheckTargets(branch.Key, branch.Else.Except(branch.Then, StringComparer.Ordinal).ToList(), $"{path}.else", index, gates, fail);
                break;
            case SeriesStep series:
                CheckMessage(series.Channel, series.Subject, series.Body, path, variables, isSeries: true, fail);
                CheckPattern(series, path, fail);
                break;
            default:
                fail("unknown_step_type", path, $"Step '{step.Key}' has an unknown type.");
                break;
        }
    }

    private static void CheckMessage(
        MessageChannel channel, LocalizedText? subject, LocalizedText? body, string path, IReadOnlySet<string> variables, bool isSeries,
        Action<string, string, string> fail)
    {
        if (!Enum.IsDefined(channel))
        {
            fail("invalid_channel", $"{path}.channel", $"{path} has an unknown channel.");
        }

        var allowed = isSeries ? variables : new HashSet<string>(variables.Where(v => !v.StartsWith("series.", StringComparison.Ordinal)), StringComparer.Ordinal);
        if (channel == MessageChannel.Email)
        {
            CheckText(subject, $"{path}.subject", MaxTitleLength, allowed, fail);
        }

        CheckText(body, $"{path}.body", MaxBodyLength, allowed, fail);
    }

    private static void CheckAssignee(CreateTaskStep task, string path, SubjectKind subject, Action<string, string, string> fail)
    {
        var fits = task.Assignee switch
        {
            AssigneeRole.Manager => true,
            AssigneeRole.Csm or AssigneeRole.AccountOwner => subject != SubjectKind.Employee,
            AssigneeRole.Mentor or AssigneeRole.Hr => subject == SubjectKind.Employee,
            _ => false,
        };
        if (!fits)
        {
            fail("role_not_applicable", $"{path}.assignee",
                $"Task '{task.Key}' is assigned to the role {task.Assignee}, which a {subject} subject does not have.");
        }
    }

    private static void CheckCompletion(MilestoneStep milestone, string path, IReadOnlyList<PlaybookStep> steps, Dictionary<string, int> index, Action<string, string, string> fail)
    {
        var completion = milestone.Completion;
        switch (completion?.Kind)
        {
            case null:
                fail("required", $"{path}.completion", $"Milestone '{milestone.Key}' needs a completion condition (an event, a task done or a manual tick).");
                break;
            case MilestoneCompletionKind.Event:
                CheckEventName(completion.EventName, $"{path}.completion.eventName", fail);
                break;
            case MilestoneCompletionKind.TaskDone:
                if (completion.TaskKey is null || !index.TryGetValue(completion.TaskKey, out var taskAt) || steps[taskAt] is not CreateTaskStep)
                {
                    fail("unknown_task", $"{path}.completion.taskKey", $"Milestone '{milestone.Key}' waits for task '{completion.TaskKey}', which is not a task step of this playbook.");
                }

                break;
            case MilestoneCompletionKind.Manual:
                break;
            default:
                fail("invalid_completion", $"{path}.completion.kind", $"Milestone '{milestone.Key}' has an unknown completion kind.");
                break;
        }
    }

    private static void CheckCondition(BranchStep branch, string path, IReadOnlyList<PlaybookStep> steps, Dictionary<string, int> index, Action<string, string, string> fail)
    {
        var condition = branch.Condition;
        switch (condition?.Kind)
        {
            case null:
                fail("required", $"{path}.condition", $"Branch '{branch.Key}' needs a condition.");
                break;
            case BranchConditionKind.EventSeen:
                CheckEventName(condition.EventName, $"{path}.condition.eventName", fail);
                break;
            case BranchConditionKind.TaskDone:
                if (condition.StepKey is null || !index.TryGetValue(condition.StepKey, out var taskAt) || steps[taskAt] is not CreateTaskStep)
                {
                    fail("unknown_task", $"{path}.condition.stepKey", $"Branch '{branch.Key}' tests task '{condition.StepKey}', which is not a task step of this playbook.");
                }

                break;
            case BranchConditionKind.MilestoneReached:
                if (condition.StepKey is null || !index.TryGetValue(condition.StepKey, out var milestoneAt) || steps[milestoneAt] is not MilestoneStep)
                {
                    fail("unknown_milestone", $"{path}.condition.stepKey", $"Branch '{branch.Key}' tests milestone '{condition.StepKey}', which is not a milestone of this playbook.");
                }

                break;
            default:
                fail("invalid_condition", $"{path}.condition.kind", $"Branch '{branch.Key}' has an unknown condition kind.");
                break;
        }
    }

    private static void CheckTargets(string gate, IReadOnlyList<string> targets, string path, Dictionary<string, int> index, Dictionary<string, string> gates, Action<string, string, string> fail)
    {
        for (var t = 0; t < targets.Count; t++)
        {
            var target = targets[t];
            if (target == gate || !index.ContainsKey(target))
            {
                fail("unknown_step", $"{path}[{t}]", $"'{gate}' leads to '{target}', which is not another step of this playbook.");
            }
            else if (!gates.TryAdd(target, gate) && gates[target] != gate)
            {
                fail("multiple_gates", $"{path}[{t}]", $"Step '{target}' is reached from both '{gates[target]}' and '{gate}'; a step can depend on one branch or wait only.");
            }
        }
    }

    /// <summary>A step run by a branch or a wait timeout must be scheduled after it, or it could be due before the decision.</summary>
    private static void CheckGatedTimings(IReadOnlyList<PlaybookStep> steps, Dictionary<string, int> index, Dictionary<string, string> gates, Action<string, string, string> fail)
    {
        foreach (var (target, gate) in gates)
        {
            var at = index[target];
            if (steps[at]?.When is { } when && when.After != gate)
            {
                fail("target_not_after_gate", $"steps[{at}].when.after",
                    $"Step '{target}' runs only when '{gate}' decides so; schedule it after '{gate}' (when.after = \"{gate}\").");
            }
        }
    }

    private static void CheckHorizons(IReadOnlyList<PlaybookStep> steps, Dictionary<string, int> index, int?[] earliest, Action<string, string, string> fail)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (earliest[i] is not { } day)
            {
                continue;
            }

            var last = steps[i] is SeriesStep { Pattern: { } pattern } ? day + pattern.Expand().DefaultIfEmpty(0).Max() : day;
            if (last > StepTiming.MaxDays)
            {
                fail("beyond_horizon", $"steps[{i}].when",
                    $"Impossible schedule: step '{steps[i].Key}' cannot come before D+{last} once the offsets it follows add up, past the D+{StepTiming.MaxDays} limit.");
            }

            if (steps[i] is MilestoneStep { Completion: { Kind: MilestoneCompletionKind.TaskDone, TaskKey: { } taskKey } } milestone
                && index.TryGetValue(taskKey, out var taskAt)
                && earliest[taskAt] is { } taskDay
                && taskDay > day)
            {
                fail("target_before_dependency", $"steps[{i}].when",
                    $"Impossible schedule: milestone '{milestone.Key}' has its target at D+{day} but its task '{taskKey}' is not due before D+{taskDay}.");
            }
        }
    }

    private static void CheckPattern(SeriesStep series, string path, Action<string, string, string> fail)
    {
        var pattern = series.Pattern;
        if (pattern is null)
        {
            fail("required", $"{path}.pattern", $"Series '{series.Key}' needs a pattern.");
            return;
        }

        var days = pattern.Days ?? [];
        if (days.Count == 0 && pattern.EveryDays is null)
        {
            fail("invalid_series", $"{path}.pattern", $"Series '{series.Key}' has no day: give explicit days, a repetition (everyDays), or both.");
        }

        for (var d = 0; d < days.Count; d++)
        {
            if (days[d] is < 0 or > StepTiming.MaxDays || (d > 0 && days[d] <= days[d - 1]))
            {
                fail("invalid_series", $"{path}.pattern.days[{d}]", $"Series '{series.Key}': days must increase strictly within 0 to {StepTiming.MaxDays}; day {days[d]} does not.");
            }
        }

        if (pattern.EveryDays is { } every)
        {
            if (every is < 1 or > StepTiming.MaxDays)
            {
                fail("invalid_series", $"{path}.pattern.everyDays", $"Series '{series.Key}' repeats every {every} days; it must be every 1 to {StepTiming.MaxDays} days.");
            }

            if ((pattern.Occurrences is null) == (pattern.HorizonDay is null))
            {
                fail("invalid_series", $"{path}.pattern", $"Series '{series.Key}' repeats every {every} days: say how long, with either occurrences or horizonDay (not both).");
            }

            if (pattern.Occurrences is < 1)
            {
                fail("invalid_series", $"{path}.pattern.occurrences", $"Series '{series.Key}' repeats {pattern.Occurrences} times; it must repeat at least once.");
            }

            var from = days.Count == 0 ? 0 : days[^1] + every;
            if (pattern.HorizonDay is { } horizon && (horizon > StepTiming.MaxDays || horizon < from))
            {
                fail("invalid_series", $"{path}.pattern.horizonDay",
                    $"Series '{series.Key}' stops at day {horizon}, but its repetition starts at day {from} and the horizon may not pass day {StepTiming.MaxDays}.");
            }
        }
        else if (pattern.Occurrences is not null || pattern.HorizonDay is not null)
        {
            fail("invalid_series", $"{path}.pattern.everyDays", $"Series '{series.Key}' has occurrences or a horizon but no everyDays to repeat by.");
        }

        var total = days.Count + (pattern.EveryDays is >= 1 ? pattern.Occurrences ?? 0 : 0);
        if (total > SeriesPattern.MaxOccurrences
            || (pattern.EveryDays is >= 1 and var step && pattern.HorizonDay is { } end && days.Count + ((end - (days.Count == 0 ? 0 : days[^1] + step)) / step) + 1 > SeriesPattern.MaxOccurrences))
        {
            fail("invalid_series", $"{path}.pattern", $"Series '{series.Key}' would send more than {SeriesPattern.MaxOccurrences} messages.");
        }
    }

    private static void CheckExits(PlaybookDefinition definition, Action<string, string, string> fail)
    {
        var exits = definition.ExitConditions ?? [];
        for (var e = 0; e < exits.Count; e++)
        {
            var exit = exits[e];
            var path = $"exitConditions[{e}]";
            switch (exit?.Kind)
            {
                case null:
                    fail("required", path, $"{path} is empty.");
                    break;
                case ExitConditionKind.Event:
                    CheckEventName(exit.EventName, $"{path}.eventName", fail);
                    break;
                case ExitConditionKind.AccountChurned when definition.Subject == SubjectKind.Employee:
                    fail("exit_not_applicable", $"{path}.kind", "An employee playbook cannot end on a churned account; use person left.");
                    break;
                case ExitConditionKind.PersonLeft when definition.Subject == SubjectKind.Account:
                    fail("exit_not_applicable", $"{path}.kind", "An account playbook cannot end on a person leaving; use account churned.");
                    break;
                case ExitConditionKind.AccountChurned or ExitConditionKind.PersonLeft:
                    break;
                default:
                    fail("invalid_exit", $"{path}.kind", $"{path} has an unknown kind.");
                    break;
            }
        }
    }

    private static void CheckEventName(string? name, string path, Action<string, string, string> fail)
    {
        if (name is null || !EventName().IsMatch(name))
        {
            fail("invalid_event_name", path, $"'{name}' is not an event name: 1 to 100 letters, digits, spaces or _ . : - starting with a letter or digit.");
        }
    }

    private static void CheckText(LocalizedText? text, string path, int maxLength, IReadOnlySet<string>? variables, Action<string, string, string> fail)
    {
        foreach (var (locale, value) in new[] { ("fr", text?.Fr), ("en", text?.En) })
        {
            var at = $"{path}.{locale}";
            if (string.IsNullOrWhiteSpace(value))
            {
                fail("missing_text", at, $"{at} is required: every text needs French and English.");
                continue;
            }

            if (value.Length > maxLength)
            {
                fail("too_long", at, $"{at} is longer than {maxLength} characters.");
            }

            var (names, wellFormed) = TemplateVariables.Scan(value);
            if (!wellFormed)
            {
                fail("malformed_placeholder", at, $"{at} has a '{{{{' or '}}}}' that is not a placeholder such as {{{{ person.first_name }}}}.");
            }

            if (variables is null)
            {
                if (names.Count > 0)
                {
                    fail("unexpected_variable", at, $"{at} cannot use placeholders.");
                }

                continue;
            }

            foreach (var name in names.Where(n => !variables.Contains(n)).Distinct(StringComparer.Ordinal))
            {
                var prefix = name.Split('.')[0] + ".";
                var near = variables.Where(v => v.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
                fail("unknown_variable", at,
                    $"{at} uses {{{{ {name} }}}}, which is not a known variable" + (near.Count > 0 ? $"; did you mean {string.Join(", ", near)}?" : "."));
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.: -]{0,99}$")]
    private static partial Regex EventName();
}
