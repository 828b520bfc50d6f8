using Parcours.Domain.Playbooks;

namespace Parcours.Domain.Tests.Playbooks;

/// <summary>
/// Plays an enrolment forward on a fake clock, as the agenda will: wake at each next-due instant or scripted event,
/// send every due message and do every due task at that instant (a diligent CSM), and re-plan until nothing changes.
/// Records the instant each step first fell due.
/// </summary>
internal sealed class PlaybookRun
{
    private PlaybookRun(EnrolmentPlan plan, IReadOnlyDictionary<string, DateTimeOffset> firstDue)
    {
        Plan = plan;
        FirstDue = firstDue;
    }

    public EnrolmentPlan Plan { get; }

    public IReadOnlyDictionary<string, DateTimeOffset> FirstDue { get; }

    public static PlaybookRun Play(
        PlaybookDefinition definition, DateTimeOffset enrolledAt, TimeZoneInfo zone, int days,
        IEnumerable<ObservedEvent>? script = null, IReadOnlyDictionary<string, DateTimeOffset>? ticks = null)
    {
        var end = enrolledAt.AddDays(days);
        var events = (script ?? []).ToList();
        var facts = new EnrolmentFacts(enrolledAt, events, ticks);
        var firstDue = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var now = enrolledAt;
        for (var wakeUps = 0; wakeUps < 10_000; wakeUps++)
        {
            var plan = EnrolmentPlanner.Plan(definition, enrolledAt, zone, facts.At(now));
            var due = plan.InState(StepState.Due).ToList();
            foreach (var step in due)
            {
                firstDue.TryAdd(step.Key, now);
                facts = facts.Completed(step.Key, now);
            }

            if (due.Count > 0)
            {
                continue;
            }

            var next = new[] { plan.NextDueAt }
                .Concat(events.Concat(ticks?.Select(t => new ObservedEvent(t.Key, t.Value)) ?? []).Where(e => e.At > now).Select(e => (DateTimeOffset?)e.At))
                .Min();
            if (next is null || next > end)
            {
                return new PlaybookRun(EnrolmentPlanner.Plan(definition, enrolledAt, zone, facts.At(end)), firstDue);
            }

            now = next.Value;
        }

        throw new InvalidOperationException("The run did not settle.");
    }
}
