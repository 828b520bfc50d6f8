namespace Parcours.Domain.Playbooks;

/// <summary>
/// Computes an enrolment's timeline from its playbook version, enrolment instant, time zone and the facts known at
/// "now". Pure: no clock, no I/O — the server calls it after each fact and on each agenda wake-up, tests call it on a
/// fake clock. Steps are planned in playbook order (a step only follows an earlier one, so its anchor is known):
/// <list type="bullet">
/// <item>a message or task is Due once its instant has passed, Done once recorded in the facts;</item>
/// <item>a milestone is Done when reached (its event, its task done, or a manual tick), Late from its target on;</item>
/// <item>a wait starts at its due instant and ends when its event has been seen, or times out after its days;</item>
/// <item>a branch decides at its due instant over the facts known then; the side not taken is Skipped, and so is every
/// step that follows a skipped one;</item>
/// <item>a step following an incomplete step is planned from that step's expected completion (its due instant, or now
/// when overdue) and marked Projected; it falls due only once the step it follows is complete;</item>
/// <item>the first exit event ends the enrolment: facts after it are ignored and whatever is not done is Exited.</item>
/// </list>
/// Status: Exited; else Completed when every step is done, skipped or timed out; else Stalled when a message or task is
/// due or a milestone late and nobody made progress (a task done, a milestone reached, an awaited event seen) for
/// <c>stallDays</c> days since the later of the enrolment and the last progress — automatic sends and branch decisions
/// are not progress; else Late when a milestone is late; else OnTrack. Stalled wins over Late: a late milestone with
/// work moving is a date to discuss, nothing moving at all needs someone now.
/// </summary>
public static class EnrolmentPlanner
{
    /// <summary>A week: every working day passed once without anyone moving the onboarding forward.</summary>
    public const int DefaultStallDays = 7;

    public static EnrolmentPlan Plan(
        PlaybookDefinition definition, DateTimeOffset enrolledAt, TimeZoneInfo zone, EnrolmentFacts facts, int stallDays = DefaultStallDays)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentOutOfRangeException.ThrowIfLessThan(stallDays, 1);
        var problems = definition.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Playbook '{definition.Key}' v{definition.Version} is not valid: {problems[0].Detail}", nameof(definition));
        }

        return new Run(definition, enrolledAt.ToUniversalTime(), zone, facts).Plan(stallDays);
    }

    private sealed class Run
    {
        private readonly PlaybookDefinition _definition;
        private readonly DateTimeOffset _enrolledAt;
        private readonly TimeZoneInfo _zone;
        private readonly DateTimeOffset _now;
        private readonly DateTimeOffset? _exitedAt;
        private readonly List<ObservedEvent> _events;
        private readonly Dictionary<string, DateTimeOffset> _done;
        private readonly Dictionary<string, string> _gateOf = new(StringComparer.Ordinal);
        private readonly HashSet<string> _decidedGates = new(StringComparer.Ordinal);
        private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
        private readonly List<PlannedStep> _planned = [];
        private readonly List<BranchDecision> _decisions = [];

        public Run(PlaybookDefinition definition, DateTimeOffset enrolledAt, TimeZoneInfo zone, EnrolmentFacts facts)
        {
            _definition = definition;
            _enrolledAt = enrolledAt;
            _zone = zone;
            var exitEvents = definition.ExitConditions.Select(e => e.MatchedEvent).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            _exitedAt = facts.Events
                .Where(e => e.At >= enrolledAt && e.At <= facts.Now && exitEvents.Contains(e.Name))
                .Select(e => (DateTimeOffset?)e.At.ToUniversalTime())
                .Min();
            _now = (_exitedAt ?? facts.Now).ToUniversalTime();
            _events = [.. facts.Events.Where(e => e.At >= enrolledAt && e.At <= _now)];
            _done = facts.Done.Where(d => d.Value <= _now).ToDictionary(d => d.Key, d => d.Value.ToUniversalTime(), StringComparer.Ordinal);
            foreach (var step in definition.Steps)
            {
                var targets = step switch
                {
                    BranchStep branch => branch.Then.Concat(branch.Else),
                    WaitUntilStep wait => wait.OnTimeout,
                    _ => [],
                };
                foreach (var target in targets)
                {
                    _gateOf[target] = step.Key;
                }
            }
        }

        public EnrolmentPlan Plan(int stallDays)
        {
            foreach (var step in _definition.Steps)
            {
                PlanStep(step);
            }

            var steps = _exitedAt is null
                ? _planned
                : [.. _planned.Select(p => p.State is StepState.Done or StepState.Skipped or StepState.WaitingTimedOut ? p : p with { State = StepState.Exited })];

            var lastProgress = steps
                .Where(p => p.State == StepState.Done && p.Kind is StepKind.CreateTask or StepKind.Milestone or StepKind.WaitUntil)
                .Select(p => p.CompletedAt!.Value)
                .Append(_enrolledAt)
                .Max();

            var next = _exitedAt is not null
                ? null
                : steps
                    .Select(p => p.State switch
                    {
                        StepState.Upcoming when !p.Projected => p.DueAt,
                        StepState.Waiting => p.TimesOutAt,
                        _ => null,
                    })
                    .Where(t => t > _now)
                    .Min();

            var onboardedAt = _definition.OnboardedMilestone is { } onboarded
                ? steps.FirstOrDefault(p => p.Key == onboarded && p.State == StepState.Done)?.CompletedAt
                : null;

            return new EnrolmentPlan(Status(steps, lastProgress, stallDays), steps, _decisions, next, onboardedAt, _exitedAt, lastProgress);
        }

        private EnrolmentStatus Status(IReadOnlyList<PlannedStep> steps, DateTimeOffset lastProgress, int stallDays)
        {
            if (_exitedAt is not null)
            {
                return EnrolmentStatus.Exited;
            }

            if (steps.All(p => p.State is StepState.Done or StepState.Skipped or StepState.WaitingTimedOut))
            {
                return EnrolmentStatus.Completed;
            }

            var anyLate = steps.Any(p => p.State == StepState.Late);
            if ((anyLate || steps.Any(p => p.State == StepState.Due)) && _now - lastProgress >= TimeSpan.FromDays(stallDays))
            {
                return EnrolmentStatus.Stalled;
            }

            return anyLate ? EnrolmentStatus.Late : EnrolmentStatus.OnTrack;
        }

        private void PlanStep(PlaybookStep step)
        {
            var skipped = _gateOf.TryGetValue(step.Key, out var gate) && _decidedGates.Contains(gate) && !_selected.Contains(step.Key);
            var anchor = _enrolledAt;
            var confirmed = true;
            if (!skipped && step.When.After is { } after)
            {
                var followed = _nodes[after];
                skipped = followed.Skipped;
                anchor = followed.CompletedAt ?? followed.Expected;
                confirmed = followed.CompletedAt is not null;
            }

            if (skipped)
            {
                _nodes[step.Key] = new Node(true, null, _now);
                _planned.Add(new PlannedStep(step.Key, step.Key, step.Kind, StepState.Skipped, null, null, Projected: false));
                return;
            }

            switch (step)
            {
                case SendMessageStep or CreateTaskStep:
                    PlanAction(step.Key, step.Key, step.Kind, StepSchedule.DueAt(anchor, _zone, step.When), confirmed, null);
                    break;
                case MilestoneStep milestone:
                    PlanMilestone(milestone, anchor, confirmed);
                    break;
                case WaitUntilStep wait:
                    PlanWait(wait, anchor, confirmed);
                    break;
                case BranchStep branch:
                    PlanBranch(branch, anchor, confirmed);
                    break;
                case SeriesStep series:
                    var instants = StepSchedule.SeriesDueAt(anchor, _zone, series.When, series.Pattern);
                    for (var n = 1; n <= instants.Count; n++)
                    {
                        PlanAction(SeriesStep.OccurrenceKey(series.Key, n), series.Key, StepKind.Series, instants[n - 1], confirmed, n);
                    }

                    _nodes[series.Key] = new Node(false, null, _now);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown step type {step.GetType().Name}.");
            }
        }

        private void PlanAction(string key, string stepKey, StepKind kind, DateTimeOffset due, bool confirmed, int? occurrence)
        {
            var doneAt = DoneAt(key);
            var state = doneAt is not null ? StepState.Done : confirmed && due <= _now ? StepState.Due : StepState.Upcoming;
            _nodes[key] = new Node(false, doneAt, Later(due, _now));
            _planned.Add(new PlannedStep(key, stepKey, kind, state, due, doneAt, !confirmed, occurrence));
        }

        private void PlanMilestone(MilestoneStep milestone, DateTimeOffset anchor, bool confirmed)
        {
            var target = StepSchedule.DueAt(anchor, _zone, milestone.When);
            var reachedAt = ReachedAt(milestone);
            var state = reachedAt is not null ? StepState.Done : confirmed && target <= _now ? StepState.Late : StepState.Upcoming;
            _nodes[milestone.Key] = new Node(false, reachedAt, Later(target, _now));
            _planned.Add(new PlannedStep(milestone.Key, milestone.Key, StepKind.Milestone, state, target, reachedAt, !confirmed));
        }

        private void PlanWait(WaitUntilStep wait, DateTimeOffset anchor, bool confirmed)
        {
            var start = StepSchedule.DueAt(anchor, _zone, wait.When);
            var deadline = StepSchedule.DueAt(start, _zone, wait.TimeoutDays, null);
            var seen = FirstSeen(wait.EventName);
            DateTimeOffset? endedAt = null;
            StepState state;
            if (!confirmed || start > _now)
            {
                state = StepState.Upcoming;
            }
            else if (seen is { } seenAt && seenAt <= deadline)
            {
                state = StepState.Done;
                endedAt = Later(seenAt, start);
                _decidedGates.Add(wait.Key);
            }
            else if (_now >= deadline)
            {
                state = StepState.WaitingTimedOut;
                endedAt = deadline;
                _decidedGates.Add(wait.Key);
                _selected.UnionWith(wait.OnTimeout);
            }
            else
            {
                state = StepState.Waiting;
            }

            _nodes[wait.Key] = new Node(false, endedAt, Later(start, _now));
            _planned.Add(new PlannedStep(wait.Key, wait.Key, StepKind.WaitUntil, state, start, endedAt, !confirmed, TimesOutAt: deadline));
        }

        private void PlanBranch(BranchStep branch, DateTimeOffset anchor, bool confirmed)
        {
            var due = StepSchedule.DueAt(anchor, _zone, branch.When);
            if (!confirmed || due > _now)
            {
                _nodes[branch.Key] = new Node(false, null, Later(due, _now));
                _planned.Add(new PlannedStep(branch.Key, branch.Key, StepKind.Branch, StepState.Upcoming, due, null, !confirmed));
                return;
            }

            var condition = branch.Condition;
            var met = condition.Kind switch
            {
                BranchConditionKind.EventSeen => FirstSeen(condition.EventName!) <= due,
                BranchConditionKind.TaskDone => DoneAt(condition.StepKey!) <= due,
                BranchConditionKind.MilestoneReached => ReachedAt((MilestoneStep)_definition.Step(condition.StepKey!)!) <= due,
                _ => throw new InvalidOperationException($"Unknown condition {condition.Kind}."),
            };
            var taken = met ? branch.Then : branch.Else;
            _decidedGates.Add(branch.Key);
            _selected.UnionWith(taken);
            _decisions.Add(new BranchDecision(branch.Key, due, met, taken));
            _nodes[branch.Key] = new Node(false, due, due);
            _planned.Add(new PlannedStep(branch.Key, branch.Key, StepKind.Branch, StepState.Done, due, due, Projected: false));
        }

        /// <summary>When a milestone was reached: its own manual tick, or its completion condition, whichever came first.</summary>
        private DateTimeOffset? ReachedAt(MilestoneStep milestone)
        {
            var byCondition = milestone.Completion.Kind switch
            {
                MilestoneCompletionKind.Event => FirstSeen(milestone.Completion.EventName!),
                MilestoneCompletionKind.TaskDone => DoneAt(milestone.Completion.TaskKey!),
                MilestoneCompletionKind.Manual => null,
                _ => throw new InvalidOperationException($"Unknown completion {milestone.Completion.Kind}."),
            };
            var ticked = DoneAt(milestone.Key);
            return byCondition is null ? ticked : ticked is null ? byCondition : Earlier(byCondition.Value, ticked.Value);
        }

        private DateTimeOffset? FirstSeen(string eventName) =>
            _events.Where(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase)).Select(e => (DateTimeOffset?)e.At.ToUniversalTime()).Min();

        private DateTimeOffset? DoneAt(string key) => _done.TryGetValue(key, out var at) ? at : null;

        private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

        private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        /// <param name="Expected">When the step completed, or is expected to: used to project the steps that follow it.</param>
        private readonly record struct Node(bool Skipped, DateTimeOffset? CompletedAt, DateTimeOffset Expected);
    }
}
