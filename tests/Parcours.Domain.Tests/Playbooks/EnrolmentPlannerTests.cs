using Parcours.Domain.Playbooks;
using static Parcours.Domain.Tests.Playbooks.SamplePlaybook;

namespace Parcours.Domain.Tests.Playbooks;

public sealed class EnrolmentPlannerTests
{
    // Monday 2 March 2026, 11:15 in Paris.
    private static readonly DateTimeOffset Enrolled = Utc(2026, 3, 2, 10, 15);

    private static EnrolmentPlan Plan(EnrolmentFacts facts, PlaybookDefinition? definition = null, int stallDays = EnrolmentPlanner.DefaultStallDays) =>
        EnrolmentPlanner.Plan(definition ?? Build(), Enrolled, Paris, facts, stallDays);

    private static EnrolmentFacts At(DateTimeOffset now) => new(now);

    [Fact]
    public void Plan_AtEnrolment_ImmediateMessageDueRestUpcomingAtLocalTimes()
    {
        var plan = Plan(At(Enrolled));

        Assert.Equal(StepState.Due, plan["welcome"].State);
        Assert.Equal(Enrolled, plan["welcome"].DueAt);
        Assert.Equal((StepState.Upcoming, Utc(2026, 3, 4, 8, 30)), (plan["csm_call"].State, plan["csm_call"].DueAt));
        Assert.Equal(Utc(2026, 3, 9, 10, 15), plan["setup"].DueAt);
        Assert.Equal(Utc(2026, 3, 30, 12), plan["review"].DueAt); // 14:00 CEST, after the spring change
        Assert.Equal(EnrolmentStatus.OnTrack, plan.Status);
    }

    [Fact]
    public void Plan_AtEnrolment_NextDueIsWaitStart()
    {
        Assert.Equal(Utc(2026, 3, 3, 10, 15), Plan(At(Enrolled)).NextDueAt);
    }

    [Fact]
    public void Plan_BranchTargetsBeforeDecision_UpcomingAndProjected()
    {
        var plan = Plan(At(Enrolled));

        Assert.True(plan["relaunch"].Projected);
        Assert.Equal(Utc(2026, 3, 7, 9), plan["relaunch"].DueAt);
        Assert.Equal(StepState.Upcoming, plan["relaunch"].State);
    }

    [Fact]
    public void Plan_SeriesOccurrences_KeyedByNumberWeekly()
    {
        var plan = Plan(At(Enrolled).Completed("tips#2", Utc(2026, 3, 12, 9)).At(Utc(2026, 3, 13, 9)));

        Assert.Equal(
            [("tips#1", StepState.Due), ("tips#2", StepState.Done), ("tips#3", StepState.Upcoming), ("tips#4", StepState.Upcoming)],
            plan.Steps.Where(s => s.StepKey == "tips").Select(s => (s.Key, s.State)));
        Assert.Equal(Utc(2026, 3, 26, 9), plan["tips#4"].DueAt);
        Assert.Equal(4, plan["tips#4"].Occurrence);
    }

    [Fact]
    public void Plan_NoLoginByDayFive_ElseBranchTakenRelaunchDue()
    {
        var plan = Plan(At(Utc(2026, 3, 7, 10)));

        var decision = Assert.Single(plan.Decisions);
        Assert.Equal(("login_check", Utc(2026, 3, 7, 9), false), (decision.StepKey, decision.DecidedAt, decision.ConditionMet));
        Assert.Equal(["relaunch", "relaunch_call"], decision.Taken);
        Assert.Equal((StepState.Due, false), (plan["relaunch"].State, plan["relaunch"].Projected));
        Assert.Equal((StepState.Upcoming, Utc(2026, 3, 8, 8, 30), false), (plan["relaunch_call"].State, plan["relaunch_call"].DueAt, plan["relaunch_call"].Projected));
    }

    [Fact]
    public void Plan_LoginBeforeDayFive_ThenSideEmptyRelaunchSkipped()
    {
        var plan = Plan(At(Utc(2026, 3, 7, 10)).Seen("logged_in", Utc(2026, 3, 4, 16)));

        Assert.True(Assert.Single(plan.Decisions).ConditionMet);
        Assert.Equal(StepState.Skipped, plan["relaunch"].State);
        Assert.Equal(StepState.Skipped, plan["relaunch_call"].State);
    }

    [Fact]
    public void Plan_LoginAfterDecision_DecisionStands()
    {
        var plan = Plan(At(Utc(2026, 3, 7, 12)).Seen("logged_in", Utc(2026, 3, 7, 11)));

        Assert.False(Assert.Single(plan.Decisions).ConditionMet);
        Assert.Equal(StepState.Due, plan["relaunch"].State);
    }

    [Fact]
    public void Plan_LoginBeforeEnrolment_DoesNotCount()
    {
        var plan = Plan(At(Utc(2026, 3, 7, 10)).Seen("logged_in", Enrolled.AddDays(-1)));

        Assert.False(Assert.Single(plan.Decisions).ConditionMet);
    }

    [Fact]
    public void Plan_EventNameInOtherCase_Matches()
    {
        var plan = Plan(At(Utc(2026, 3, 7, 10)).Seen("Logged_In", Utc(2026, 3, 4, 16)));

        Assert.True(Assert.Single(plan.Decisions).ConditionMet);
    }

    [Fact]
    public void Plan_AwaitedEventSeen_WaitDoneTimeoutStepSkipped()
    {
        var plan = Plan(At(Utc(2026, 3, 6, 10)).Seen("data_imported", Utc(2026, 3, 5, 14)));

        Assert.Equal((StepState.Done, Utc(2026, 3, 5, 14)), (plan["first_import"].State, plan["first_import"].CompletedAt));
        Assert.Equal(StepState.Skipped, plan["import_help"].State);
    }

    [Fact]
    public void Plan_AwaitedEventSeenBeforeWaitStarts_WaitEndsAtStart()
    {
        var plan = Plan(At(Utc(2026, 3, 4, 10)).Seen("data_imported", Utc(2026, 3, 2, 12)));

        Assert.Equal((StepState.Done, Utc(2026, 3, 3, 10, 15)), (plan["first_import"].State, plan["first_import"].CompletedAt));
    }

    [Fact]
    public void Plan_WaitingWithinTimeout_WaitingAndNextDueIncludesTimeout()
    {
        var facts = At(Utc(2026, 3, 12, 10)).Completed("csm_call", Utc(2026, 3, 4, 9))
            .Completed("welcome", Enrolled).Completed("tips#1", Utc(2026, 3, 5, 9)).Completed("tips#2", Utc(2026, 3, 12, 9));

        var plan = Plan(facts.Seen("integration_configured", Utc(2026, 3, 6, 9)).Seen("logged_in", Utc(2026, 3, 3, 9)));

        Assert.Equal((StepState.Waiting, Utc(2026, 3, 13, 10, 15)), (plan["first_import"].State, plan["first_import"].TimesOutAt));
        Assert.Equal(Utc(2026, 3, 13, 10, 15), plan.NextDueAt);
    }

    [Fact]
    public void Plan_WaitTimedOut_TimeoutStepDueFromDeadline()
    {
        var plan = Plan(At(Utc(2026, 3, 14, 10)));

        Assert.Equal((StepState.WaitingTimedOut, Utc(2026, 3, 13, 10, 15)), (plan["first_import"].State, plan["first_import"].CompletedAt));
        Assert.Equal((StepState.Due, Utc(2026, 3, 13, 10, 15)), (plan["import_help"].State, plan["import_help"].DueAt));
    }

    [Fact]
    public void Plan_EventAfterTimeout_WaitStaysTimedOut()
    {
        var plan = Plan(At(Utc(2026, 3, 15, 10)).Seen("data_imported", Utc(2026, 3, 14, 8)));

        Assert.Equal(StepState.WaitingTimedOut, plan["first_import"].State);
    }

    [Fact]
    public void Plan_StepAfterOpenTask_ProjectedFromNowAndNotDue()
    {
        var definition = Build().Append(new CreateTaskStep("follow_up", StepTiming.AfterStep("csm_call", 1, "09:00"), AssigneeRole.Csm, T("Suivi", "Follow-up")));

        var plan = Plan(At(Utc(2026, 3, 5, 10)), definition);

        Assert.Equal(StepState.Due, plan["csm_call"].State);
        Assert.Equal((StepState.Upcoming, true, Utc(2026, 3, 6, 8)), (plan["follow_up"].State, plan["follow_up"].Projected, plan["follow_up"].DueAt));
    }

    [Fact]
    public void Plan_StepAfterTaskDone_ScheduledFromCompletion()
    {
        var definition = Build().Append(new CreateTaskStep("follow_up", StepTiming.AfterStep("csm_call", 1, "09:00"), AssigneeRole.Csm, T("Suivi", "Follow-up")));

        var plan = Plan(At(Utc(2026, 3, 5, 10)).Completed("csm_call", Utc(2026, 3, 3, 15)), definition);

        Assert.Equal((StepState.Due, false, Utc(2026, 3, 4, 8)), (plan["follow_up"].State, plan["follow_up"].Projected, plan["follow_up"].DueAt));
    }

    [Fact]
    public void Plan_MilestoneNotReachedAtTarget_Late()
    {
        var plan = Plan(At(Utc(2026, 3, 9, 10, 15)).Completed("csm_call", Utc(2026, 3, 4, 9)));

        Assert.Equal(StepState.Late, plan["setup"].State);
        Assert.Equal(EnrolmentStatus.Late, plan.Status);
    }

    [Fact]
    public void Plan_MilestoneJustBeforeTarget_Upcoming()
    {
        Assert.Equal(StepState.Upcoming, Plan(At(Utc(2026, 3, 9, 10, 14))).Steps.Single(s => s.Key == "setup").State);
    }

    [Fact]
    public void Plan_MilestoneReachedAfterTarget_DoneAndCompletedLate()
    {
        var plan = Plan(At(Utc(2026, 3, 12, 10)).Seen("integration_configured", Utc(2026, 3, 10, 9)));

        Assert.Equal((StepState.Done, true), (plan["setup"].State, plan["setup"].CompletedLate));
    }

    [Fact]
    public void Plan_ManualTickOnEventMilestone_Done()
    {
        var plan = Plan(At(Utc(2026, 3, 12, 10)).Completed("setup", Utc(2026, 3, 6, 9)));

        Assert.Equal((StepState.Done, false), (plan["setup"].State, plan["setup"].CompletedLate));
    }

    [Fact]
    public void Plan_NothingDoneForTenDaysWithWorkDue_Stalled()
    {
        var plan = Plan(At(Utc(2026, 3, 12, 11)));

        Assert.Equal(EnrolmentStatus.Stalled, plan.Status);
        Assert.Equal(Enrolled, plan.LastProgressAt);
    }

    [Fact]
    public void Plan_TaskDoneSixDaysAgo_NotStalledButLate()
    {
        var plan = Plan(At(Utc(2026, 3, 12, 11)).Completed("csm_call", Utc(2026, 3, 6, 12)));

        Assert.Equal(EnrolmentStatus.Late, plan.Status);
        Assert.Equal(Utc(2026, 3, 6, 12), plan.LastProgressAt);
    }

    [Fact]
    public void Plan_OnlyMessagesSent_StillStalled()
    {
        var facts = At(Utc(2026, 3, 12, 11)).Completed("welcome", Enrolled).Completed("tips#1", Utc(2026, 3, 5, 9)).Completed("tips#2", Utc(2026, 3, 12, 9));

        Assert.Equal(EnrolmentStatus.Stalled, Plan(facts).Status);
    }

    [Fact]
    public void Plan_ShorterStallPeriod_StalledSooner()
    {
        var facts = At(Utc(2026, 3, 5, 10)).Completed("welcome", Enrolled);

        Assert.Equal(EnrolmentStatus.OnTrack, Plan(facts).Status);
        Assert.Equal(EnrolmentStatus.Stalled, Plan(facts, stallDays: 2).Status);
    }

    [Fact]
    public void Plan_AccountChurned_ExitedAndFactsAfterExitIgnored()
    {
        var facts = At(Utc(2026, 3, 20, 10))
            .Completed("welcome", Enrolled)
            .Seen(ExitCondition.AccountChurnedEvent, Utc(2026, 3, 10, 9))
            .Completed("csm_call", Utc(2026, 3, 11, 9));

        var plan = Plan(facts);

        Assert.Equal((EnrolmentStatus.Exited, Utc(2026, 3, 10, 9)), (plan.Status, plan.ExitedAt));
        Assert.Equal(StepState.Done, plan["welcome"].State);
        Assert.Equal(StepState.Exited, plan["csm_call"].State);
        Assert.Equal(StepState.Exited, plan["review"].State);
        Assert.Null(plan.NextDueAt);
    }

    [Fact]
    public void Plan_FactsAfterNow_Ignored()
    {
        var plan = Plan(At(Utc(2026, 3, 5, 10)).Completed("csm_call", Utc(2026, 3, 6, 9)));

        Assert.Equal(StepState.Due, plan["csm_call"].State);
    }

    [Fact]
    public void Plan_ReviewDone_OnboardedAtReviewCompletion()
    {
        var plan = Plan(At(Utc(2026, 4, 2, 10)).Completed("review", Utc(2026, 3, 30, 15)));

        Assert.Equal(Utc(2026, 3, 30, 15), plan.OnboardedAt);
        Assert.Equal(StepState.Done, plan["onboarded"].State);
    }

    [Fact]
    public void Plan_EverythingDoneOrSkipped_Completed()
    {
        var definition = new PlaybookDefinition(
            "tiny", T("Mini", "Tiny"), SubjectKind.CustomerContact, PlaybookTrigger.Manual,
            [
                new SendMessageStep("hello", StepTiming.Day(0), MessageChannel.Sms, null, T("Bonjour", "Hello")),
                new BranchStep("check", StepTiming.Day(1), BranchCondition.EventSeen("logged_in"), ["bravo"], ["nudge"]),
                new SendMessageStep("bravo", StepTiming.AfterStep("check"), MessageChannel.InApp, null, T("Bravo", "Well done")),
                new SendMessageStep("nudge", StepTiming.AfterStep("check"), MessageChannel.Sms, null, T("On vous attend", "We are waiting for you")),
            ]);
        var facts = At(Enrolled.AddDays(2)).Completed("hello", Enrolled).Seen("logged_in", Enrolled.AddHours(3)).Completed("bravo", Enrolled.AddDays(1));

        var plan = Plan(facts, definition);

        Assert.Equal(EnrolmentStatus.Completed, plan.Status);
        Assert.Equal(StepState.Skipped, plan["nudge"].State);
        Assert.Null(plan.NextDueAt);
    }

    [Fact]
    public void Plan_BranchOnMilestoneReached_UsesMilestoneCompletion()
    {
        var definition = Build().Append(
            new BranchStep("setup_check", StepTiming.Day(8, "09:00"), BranchCondition.MilestoneReached("setup"), [], ["setup_help"]),
            new CreateTaskStep("setup_help", StepTiming.AfterStep("setup_check"), AssigneeRole.Csm, T("Aider au paramétrage", "Help with setup")));

        var reached = Plan(At(Utc(2026, 3, 10, 9)).Seen("integration_configured", Utc(2026, 3, 9, 9)), definition);
        var missed = Plan(At(Utc(2026, 3, 10, 9)), definition);

        Assert.Equal(StepState.Skipped, reached["setup_help"].State);
        Assert.Equal(StepState.Due, missed["setup_help"].State);
    }

    [Fact]
    public void Plan_InvalidDefinition_Throws()
    {
        var broken = Build() with { OnboardedMilestone = "nowhere" };

        Assert.Throws<ArgumentException>(() => Plan(At(Enrolled), broken));
    }
}
