using Parcours.Domain.Playbooks;
using static Parcours.Domain.Tests.Playbooks.SamplePlaybook;

namespace Parcours.Domain.Tests.Playbooks;

public sealed class OnboardingMetricsTests
{
    private static readonly DateTimeOffset Enrolled = Utc(2026, 3, 2, 10, 15);

    private static OnboardingMeasure M(int year, int month, int day, int? daysToOnboard, int interactions, params (string Key, int Days)[] milestones) =>
        new(new DateOnly(year, month, day), daysToOnboard, milestones.ToDictionary(m => m.Key, m => m.Days), interactions);

    [Fact]
    public void DaysBetween_LateEveningToNextMorning_OneLocalDay()
    {
        // 23:30 on 2 March to 08:00 on 3 March in Paris: D+1 although under nine hours passed.
        Assert.Equal(1, OnboardingMetrics.DaysBetween(Utc(2026, 3, 2, 22, 30), Utc(2026, 3, 3, 7), Paris));
    }

    [Fact]
    public void DaysBetween_SameUtcDayDifferentTokyoDays_CountsLocalDays()
    {
        Assert.Equal(1, OnboardingMetrics.DaysBetween(Utc(2026, 3, 2, 14), Utc(2026, 3, 2, 16), Tokyo));
        Assert.Equal(0, OnboardingMetrics.DaysBetween(Utc(2026, 3, 2, 14), Utc(2026, 3, 2, 16), Paris));
    }

    [Fact]
    public void Measure_OnboardedPlan_DaysToOnboardMilestonesAndInteractionsBeforeOnboarded()
    {
        var facts = new EnrolmentFacts(Utc(2026, 4, 10, 10))
            .Completed("welcome", Enrolled)
            .Completed("csm_call", Utc(2026, 3, 4, 9))
            .Completed("tips#1", Utc(2026, 3, 5, 9))
            .Seen("logged_in", Utc(2026, 3, 3, 9))
            .Seen("integration_configured", Utc(2026, 3, 8, 20)) // 21:00 on 8 March in Paris: D+6
            .Completed("review", Utc(2026, 3, 31, 8))            // D+29 → onboarded D+29
            .Completed("tips#4", Utc(2026, 4, 2, 8));            // after onboarding: not counted

        var measure = OnboardingMetrics.Measure(EnrolmentPlanner.Plan(Build(), Enrolled, Paris, facts), Enrolled, Paris);

        Assert.Equal(new DateOnly(2026, 3, 2), measure.EnrolledOn);
        Assert.Equal(29, measure.DaysToOnboard);
        Assert.Equal(new Dictionary<string, int> { ["setup"] = 6, ["onboarded"] = 29 }, measure.DaysToMilestone);
        Assert.Equal(4, measure.Interactions); // welcome, csm_call, tips#1, review
    }

    [Fact]
    public void Measure_NotOnboarded_NullDaysAndAllInteractionsSoFar()
    {
        var facts = new EnrolmentFacts(Utc(2026, 3, 6, 10)).Completed("welcome", Enrolled).Completed("csm_call", Utc(2026, 3, 4, 9));

        var measure = OnboardingMetrics.Measure(EnrolmentPlanner.Plan(Build(), Enrolled, Paris, facts), Enrolled, Paris);

        Assert.Null(measure.DaysToOnboard);
        Assert.Empty(measure.DaysToMilestone);
        Assert.Equal(2, measure.Interactions);
    }

    [Fact]
    public void Cohorts_TwoMonths_AveragesOverOnboardedOnly()
    {
        var cohorts = OnboardingMetrics.Cohorts(
        [
            M(2026, 2, 3, 30, 10, ("setup", 8)),
            M(2026, 2, 17, 24, 6, ("setup", 5)),
            M(2026, 2, 25, null, 2),
            M(2026, 3, 2, 21, 8, ("setup", 6)),
            M(2026, 3, 30, 27, 9),
        ]);

        Assert.Equal([new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)], cohorts.Select(c => c.Month));
        var february = cohorts[0];
        Assert.Equal((3, 2, 27d, 6d), (february.Enrolled, february.Onboarded, february.AverageDaysToOnboard, february.AverageInteractions));
        Assert.Equal(6.5, february.AverageDaysToMilestone["setup"]);
        Assert.Equal((24d, 8.5), (cohorts[1].AverageDaysToOnboard, cohorts[1].AverageInteractions));
    }

    [Fact]
    public void Cohorts_NobodyOnboarded_NullAverage()
    {
        var cohort = Assert.Single(OnboardingMetrics.Cohorts([M(2026, 5, 4, null, 3)]));

        Assert.Equal((1, 0, (double?)null), (cohort.Enrolled, cohort.Onboarded, cohort.AverageDaysToOnboard));
    }

    [Fact]
    public void MonthOverMonth_ConsecutiveMonths_ChangeInDaysNegativeWhenFaster()
    {
        var cohorts = OnboardingMetrics.Cohorts(
        [
            M(2026, 1, 10, 33, 5), M(2026, 1, 20, 31, 5),
            M(2026, 2, 10, 30, 5), M(2026, 2, 12, 24, 5),
            M(2026, 4, 1, 20, 5),
        ]);

        var changes = OnboardingMetrics.MonthOverMonth(cohorts);

        Assert.Equal(
            [
                new CohortChange(new DateOnly(2026, 1, 1), 32, null, null),
                new CohortChange(new DateOnly(2026, 2, 1), 27, 32, -5),
                new CohortChange(new DateOnly(2026, 4, 1), 20, null, null), // no March cohort: nothing to compare with
            ],
            changes);
    }

    [Fact]
    public void MonthOverMonth_AcrossYearEnd_ComparesDecemberWithJanuary()
    {
        var changes = OnboardingMetrics.MonthOverMonth(OnboardingMetrics.Cohorts([M(2025, 12, 5, 40, 1), M(2026, 1, 5, 35, 1)]));

        Assert.Equal(-5, changes[1].ChangeDays);
    }
}
