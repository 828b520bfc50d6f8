namespace Parcours.Domain.Playbooks;

/// <summary>
/// One enrolment's onboarding figures. Days are counted as the playbook counts them (D+N): local calendar days in the
/// subject's time zone between the enrolment and the completion, so a milestone reached on D+7 counts 7 whatever the
/// hour. <see cref="Interactions"/> counts messages sent and tasks done up to the onboarded milestone (or so far).
/// </summary>
public sealed record OnboardingMeasure(DateOnly EnrolledOn, int? DaysToOnboard, IReadOnlyDictionary<string, int> DaysToMilestone, int Interactions);

/// <summary>
/// The enrolments that started in one month (<see cref="Month"/> is its first day, in the subjects' local calendars).
/// Averages are over the enrolments that reached the milestone, so <see cref="Onboarded"/> out of
/// <see cref="Enrolled"/> must be read with them: a month where few are onboarded yet looks faster than it is.
/// </summary>
public sealed record CohortAverage(
    DateOnly Month,
    int Enrolled,
    int Onboarded,
    double? AverageDaysToOnboard,
    IReadOnlyDictionary<string, double> AverageDaysToMilestone,
    double AverageInteractions);

/// <summary>A month against the month before it: <see cref="ChangeDays"/> is negative when onboarding got faster. Null where either month has no onboarded enrolment.</summary>
public sealed record CohortChange(DateOnly Month, double? AverageDaysToOnboard, double? PreviousAverageDaysToOnboard, double? ChangeDays);

/// <summary>Time to onboard and its cohort comparisons (DESIGN.md: days from enrolment start to the playbook's "onboarded" milestone).</summary>
public static class OnboardingMetrics
{
    /// <summary>Local calendar days from <paramref name="from"/> to <paramref name="to"/> in <paramref name="zone"/>.</summary>
    public static int DaysBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) =>
        StepSchedule.LocalDate(to, zone).DayNumber - StepSchedule.LocalDate(from, zone).DayNumber;

    /// <summary>The figures of one enrolment from its plan.</summary>
    public static OnboardingMeasure Measure(EnrolmentPlan plan, DateTimeOffset enrolledAt, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var milestones = plan.Steps
            .Where(s => s is { Kind: StepKind.Milestone, State: StepState.Done, CompletedAt: not null })
            .ToDictionary(s => s.Key, s => DaysBetween(enrolledAt, s.CompletedAt!.Value, zone), StringComparer.Ordinal);
        var interactions = plan.Steps.Count(s =>
            s is { Kind: StepKind.SendMessage or StepKind.CreateTask or StepKind.Series, State: StepState.Done }
            && (plan.OnboardedAt is null || s.CompletedAt <= plan.OnboardedAt));
        int? daysToOnboard = plan.OnboardedAt is { } onboardedAt ? DaysBetween(enrolledAt, onboardedAt, zone) : null;
        return new OnboardingMeasure(StepSchedule.LocalDate(enrolledAt, zone), daysToOnboard, milestones, interactions);
    }

    /// <summary>One cohort per enrolment month that has enrolments, oldest first.</summary>
    public static IReadOnlyList<CohortAverage> Cohorts(IEnumerable<OnboardingMeasure> measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        return [.. measures
            .GroupBy(m => new DateOnly(m.EnrolledOn.Year, m.EnrolledOn.Month, 1))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var onboarded = g.Where(m => m.DaysToOnboard is not null).Select(m => m.DaysToOnboard!.Value).ToList();
                var byMilestone = g
                    .SelectMany(m => m.DaysToMilestone)
                    .GroupBy(d => d.Key, StringComparer.Ordinal)
                    .ToDictionary(d => d.Key, d => d.Average(x => x.Value), StringComparer.Ordinal);
                return new CohortAverage(
                    g.Key,
                    g.Count(),
                    onboarded.Count,
                    onboarded.Count == 0 ? null : onboarded.Average(),
                    byMilestone,
                    g.Average(m => m.Interactions));
            })];
    }

    /// <summary>Each cohort against the calendar month before it; a month with no cohort compares with nothing.</summary>
    public static IReadOnlyList<CohortChange> MonthOverMonth(IReadOnlyList<CohortAverage> cohorts)
    {
        ArgumentNullException.ThrowIfNull(cohorts);
        var byMonth = cohorts.ToDictionary(c => c.Month);
        return [.. cohorts
            .OrderBy(c => c.Month)
            .Select(c =>
            {
                var previous = byMonth.TryGetValue(c.Month.AddMonths(-1), out var p) ? p.AverageDaysToOnboard : null;
                return new CohortChange(c.Month, c.AverageDaysToOnboard, previous, c.AverageDaysToOnboard - previous);
            })];
    }
}
