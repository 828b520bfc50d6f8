using Parcours.Domain.Playbooks;
using static Parcours.Domain.Tests.Playbooks.SamplePlaybook;

namespace Parcours.Domain.Tests.Playbooks;

public sealed class BuiltInPlaybooksTests
{
    public static TheoryData<string> Keys => ["saas_customer", "b2b_customer", "new_employee"];

    private static PlaybookDefinition ByKey(string key) => BuiltInPlaybooks.All.Single(p => p.Key == key);

    [Theory]
    [MemberData(nameof(Keys))]
    public void BuiltIn_Each_ValidPublishedVersionOne(string key)
    {
        var playbook = ByKey(key);

        Assert.Empty(playbook.Problems());
        Assert.Equal((1, PlaybookStatus.Published), (playbook.Version, playbook.Status));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void BuiltIn_Each_FrenchAndEnglishDifferOnEveryText(string key)
    {
        var texts = ByKey(key).Steps.SelectMany(s => s switch
        {
            SendMessageStep m => new[] { m.Subject, m.Body },
            CreateTaskStep t => [t.Title, t.Description],
            MilestoneStep m => [m.Name],
            SeriesStep s2 => [s2.Subject, s2.Body],
            _ => [],
        }).OfType<LocalizedText>().ToList();

        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.NotEqual(t.Fr, t.En));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void BuiltIn_Each_RoundTripsThroughJson(string key)
    {
        var json = PlaybookJson.Serialize(ByKey(key));

        Assert.Equal(json, PlaybookJson.Serialize(PlaybookJson.Deserialize(json).Value));
    }

    [Fact]
    public void SaasCustomer_PlannedAtEnrolment_CsmCallAtDayTwoHalfPastNineLocal()
    {
        // Monday 2 March 2026 10:12 in Paris.
        var enrolled = Utc(2026, 3, 2, 9, 12);

        var plan = EnrolmentPlanner.Plan(BuiltInPlaybooks.SaasCustomer, enrolled, Paris, new EnrolmentFacts(enrolled));

        Assert.Equal([StepState.Due, StepState.Due], new[] { plan["order_confirmation"].State, plan["in_app_guide"].State });
        Assert.Equal(Utc(2026, 3, 3, 8), plan["first_steps"].DueAt);
        Assert.Equal(Utc(2026, 3, 4, 8, 30), plan["csm_call"].DueAt);
        Assert.Equal(Utc(2026, 3, 9, 9, 12), plan["technical_setup"].DueAt);
    }

    [Fact]
    public void SaasCustomer_EnrolledOnThursday_CsmCallMovesToMonday()
    {
        var enrolled = Utc(2026, 3, 5, 15);

        var plan = EnrolmentPlanner.Plan(BuiltInPlaybooks.SaasCustomer, enrolled, Paris, new EnrolmentFacts(enrolled));

        Assert.Equal(Utc(2026, 3, 9, 8, 30), plan["csm_call"].DueAt);
    }

    [Fact]
    public void SaasCustomer_WelcomeSeries_SevenMessagesInFirstMonthThenMonthly()
    {
        var enrolled = Utc(2026, 3, 2, 9, 12);

        var series = EnrolmentPlanner.Plan(BuiltInPlaybooks.SaasCustomer, enrolled, Paris, new EnrolmentFacts(enrolled))
            .Steps.Where(s => s.StepKey == "welcome_series").ToList();

        // Days 3, 5, 7, 10, 14, 20, 27 on business days from a Monday: Saturday 7th → Monday 9th (D+7), so the D+7 one
        // goes on Tuesday (D+8); Sundays 22nd and 29th → Mondays; monthly from D+57, Saturday 27 June → Monday (D+119).
        var days = series.Select(s => OnboardingMetrics.DaysBetween(enrolled, s.DueAt!.Value, Paris)).ToList();
        Assert.Equal([3, 7, 8, 10, 14, 21, 28, 57, 87, 119, 147, 177], days);
        Assert.Equal(7, days.Count(d => d <= 30));
        // Monday 30 March, after the spring change: still 10:00 local, now 08:00 UTC.
        Assert.Equal(Utc(2026, 3, 30, 8), series[6].DueAt);
    }

    [Fact]
    public void SaasCustomer_SixtyDayRunWithActiveCustomer_OnboardedAtDayTwentyEightNoRelaunch()
    {
        var enrolled = Utc(2026, 3, 2, 9, 12);
        var script = new ObservedEvent[]
        {
            new("logged_in", Utc(2026, 3, 2, 14)),
            new("integration_configured", Utc(2026, 3, 6, 10)),
            new("data_imported", Utc(2026, 3, 13, 10)),
        };

        var run = PlaybookRun.Play(BuiltInPlaybooks.SaasCustomer, enrolled, Paris, 60, script);

        Assert.Equal(Utc(2026, 3, 4, 8, 30), run.FirstDue["csm_call"]);
        Assert.Equal(StepState.Skipped, run.Plan["relaunch_email"].State);
        Assert.Equal(Utc(2026, 3, 30, 8), run.Plan.OnboardedAt); // Monday 30 March 10:00 CEST
        Assert.Equal(28, OnboardingMetrics.Measure(run.Plan, enrolled, Paris).DaysToOnboard);
        Assert.All(new[] { "technical_setup", "migration", "training", "onboarded" }, k => Assert.False(run.Plan[k].CompletedLate));
        Assert.Equal(EnrolmentStatus.OnTrack, run.Plan.Status); // monthly tips run on to D+177
        Assert.Equal(Utc(2026, 5, 28, 8), run.Plan.NextDueAt);  // tip 9 at D+87; tip 8 went at D+57
    }

    [Fact]
    public void SaasCustomer_SixtyDayRunWithoutLogin_RelaunchOnMondayAfterDayFive()
    {
        var enrolled = Utc(2026, 3, 2, 9, 12);

        var run = PlaybookRun.Play(BuiltInPlaybooks.SaasCustomer, enrolled, Paris, 60);

        // D+5 is Saturday 7 March: the check moves to Monday 9 March 10:00, the relaunch goes at once, the call the day after.
        Assert.Equal(Utc(2026, 3, 9, 9), run.FirstDue["relaunch_email"]);
        Assert.Equal(Utc(2026, 3, 10, 8, 30), run.FirstDue["relaunch_call"]);
        Assert.Equal(StepState.Late, run.Plan["technical_setup"].State);
        Assert.Equal(StepState.Late, run.Plan["migration"].State);
        Assert.Equal(EnrolmentStatus.Stalled, run.Plan.Status); // late milestones, last task done at D+28
    }

    [Fact]
    public void B2bCustomer_PlannedAtEnrolment_StakeholderMapDueWithin72Hours()
    {
        // Thursday 5 March 2026 15:40 in Paris.
        var enrolled = Utc(2026, 3, 5, 14, 40);

        var plan = EnrolmentPlanner.Plan(BuiltInPlaybooks.B2bCustomer, enrolled, Paris, new EnrolmentFacts(enrolled));

        Assert.Equal(StepState.Due, plan["stakeholder_mapping"].State);
        Assert.Equal(TimeSpan.FromHours(72), plan["stakeholder_map"].DueAt - enrolled);
        Assert.Equal(Utc(2026, 3, 9, 8), plan["baseline_audit"].DueAt); // D+3 is Sunday → Monday 09:00
        Assert.True(plan["frame_proposal"].Projected);
    }

    [Fact]
    public void B2bCustomer_SixtyDayRunWithSlowApproval_ReminderAndEscalationThenCompleted()
    {
        var enrolled = Utc(2026, 3, 5, 14, 40);
        var script = new ObservedEvent[]
        {
            new("logged_in", Utc(2026, 3, 20, 9)),
            new("operating_frame_validated", Utc(2026, 3, 17, 10)), // D+12: after the three-day wait
            new("use_case_activated", Utc(2026, 4, 14, 12)),        // D+40
        };
        var ticks = new Dictionary<string, DateTimeOffset> { ["first_quick_win"] = Utc(2026, 3, 24, 16) };

        var run = PlaybookRun.Play(BuiltInPlaybooks.B2bCustomer, enrolled, Paris, 60, script, ticks);

        // Frame proposed on D+5 (Tuesday 10 March 14:00), no answer in three days → reminder Friday 13 March 14:00,
        // escalation on the next business day at 09:00: Monday 16 March.
        Assert.Equal(Utc(2026, 3, 10, 13), run.FirstDue["frame_proposal"]);
        Assert.Equal(Utc(2026, 3, 13, 13), run.FirstDue["frame_reminder"]);
        Assert.Equal(Utc(2026, 3, 16, 8), run.FirstDue["frame_escalation"]);
        Assert.Equal(StepState.WaitingTimedOut, run.Plan["frame_validation"].State);
        Assert.True(run.Plan["operating_frame_agreed"].CompletedLate);
        Assert.Equal(StepState.Skipped, run.Plan["adoption_alert"].State);
        Assert.Equal(8, run.Plan.Steps.Count(s => s.StepKey == "weekly_checkpoint" && s.State == StepState.Done));
        Assert.Equal(40, OnboardingMetrics.Measure(run.Plan, enrolled, Paris).DaysToOnboard);
        Assert.Equal(EnrolmentStatus.Completed, run.Plan.Status);
    }

    [Fact]
    public void B2bCustomer_ContractTerminatedOnDayTwenty_ExitedWithRestUndone()
    {
        var enrolled = Utc(2026, 3, 5, 14, 40);

        var run = PlaybookRun.Play(BuiltInPlaybooks.B2bCustomer, enrolled, Paris, 60, [new("contract_terminated", Utc(2026, 3, 25, 9))]);

        Assert.Equal(EnrolmentStatus.Exited, run.Plan.Status);
        Assert.Equal(StepState.Exited, run.Plan["adoption_review"].State);
        Assert.False(run.FirstDue.ContainsKey("adoption_review"));
    }

    [Fact]
    public void NewEmployee_PlannedOnFirstMorning_BreakfastTourAndRapportAtDayThirty()
    {
        // Monday 2 March 2026 07:30 in Paris.
        var enrolled = Utc(2026, 3, 2, 6, 30);

        var plan = EnrolmentPlanner.Plan(BuiltInPlaybooks.NewEmployee, enrolled, Paris, new EnrolmentFacts(enrolled));

        Assert.Equal(Utc(2026, 3, 2, 8), plan["equipment_ready"].DueAt);
        Assert.Equal(Utc(2026, 3, 2, 8), plan["welcome_breakfast"].DueAt);
        Assert.Equal(Utc(2026, 3, 2, 13), plan["company_tour"].DueAt);
        Assert.Equal(Utc(2026, 3, 4, 9), plan["welcome_session"].DueAt);
        // D+30 is Wednesday 1 April, 09:00 summer time.
        Assert.Equal(Utc(2026, 4, 1, 7), plan["astonishment_report"].DueAt);
        Assert.Equal(30, OnboardingMetrics.DaysBetween(enrolled, plan["astonishment_report"].DueAt!.Value, Paris));
    }

    [Fact]
    public void NewEmployee_SixtyDayRun_IntegratedAtDayThirtyFiveAndCompleted()
    {
        var enrolled = Utc(2026, 3, 2, 6, 30);
        var script = new ObservedEvent[]
        {
            new("employee_first_login", Utc(2026, 3, 2, 8, 30)),
            new("astonishment_report_submitted", Utc(2026, 4, 3, 15)),
        };
        var ticks = new Dictionary<string, DateTimeOffset> { ["trainings_done"] = Utc(2026, 3, 20, 16) };

        var run = PlaybookRun.Play(BuiltInPlaybooks.NewEmployee, enrolled, Paris, 60, script, ticks);

        Assert.Equal(Utc(2026, 4, 1, 7), run.FirstDue["astonishment_report"]);
        Assert.Equal(
            [Utc(2026, 3, 9, 9), Utc(2026, 3, 16, 9), Utc(2026, 3, 23, 9), Utc(2026, 3, 30, 8)],
            run.Plan.Steps.Where(s => s.StepKey == "integration_checkins").Select(s => s.CompletedAt!.Value));
        Assert.Equal(Utc(2026, 4, 6, 8), run.Plan.OnboardedAt); // D+35, Monday 6 April 10:00
        Assert.Equal(EnrolmentStatus.Completed, run.Plan.Status);
        var measure = OnboardingMetrics.Measure(run.Plan, enrolled, Paris);
        Assert.Equal(35, measure.DaysToOnboard);
        Assert.Equal(32, measure.DaysToMilestone["astonishment_report_received"]);
    }

    [Fact]
    public void NewEmployee_PersonLeftInWeekTwo_Exited()
    {
        var enrolled = Utc(2026, 3, 2, 6, 30);

        var run = PlaybookRun.Play(BuiltInPlaybooks.NewEmployee, enrolled, Paris, 60, [new(ExitCondition.PersonLeftEvent, Utc(2026, 3, 12, 17))]);

        Assert.Equal((EnrolmentStatus.Exited, Utc(2026, 3, 12, 17)), (run.Plan.Status, run.Plan.ExitedAt));
        Assert.Equal(StepState.Exited, run.Plan["astonishment_report"].State);
    }
}
