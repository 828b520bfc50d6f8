using Parcours.Domain.Playbooks;
using static Parcours.Domain.Tests.Playbooks.SamplePlaybook;

namespace Parcours.Domain.Tests.Playbooks;

public sealed class PlaybookValidationTests
{
    [Fact]
    public void Problems_SamplePlaybook_None()
    {
        Assert.Empty(ProblemsOf(Build()));
    }

    [Fact]
    public void Problems_DuplicateStepKey_ReportsTheLaterOne()
    {
        var definition = Build().Append(new CreateTaskStep("csm_call", StepTiming.Day(3), AssigneeRole.Csm, T("Encore", "Again")));

        Assert.Equal([("duplicate_step", "steps[11].key")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_StepAfterUnknownStep_UnknownStepOnAfter()
    {
        var definition = Build().Replace("review", s => s with { When = StepTiming.AfterStep("kickoff", 2) });

        var problem = Assert.Single(definition.Problems());
        Assert.Equal(("unknown_step", "steps[9].when.after"), (problem.Code, problem.Field));
        Assert.Contains("'kickoff'", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_StepAfterLaterStep_ForwardReference()
    {
        var definition = Build().Replace("csm_call", s => s with { When = StepTiming.AfterStep("review") });

        Assert.Equal([("forward_reference", "steps[1].when.after")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_StepAfterItself_SelfReference()
    {
        var definition = Build().Replace("csm_call", s => s with { When = StepTiming.AfterStep("csm_call", 1) });

        Assert.Equal([("self_reference", "steps[1].when.after")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_StepAfterSeries_AfterSeries()
    {
        var definition = Build().Append(new CreateTaskStep("after_tips", StepTiming.AfterStep("tips"), AssigneeRole.Csm, T("Suite", "Next")));

        Assert.Equal([("after_series", "steps[11].when.after")], ProblemsOf(definition));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(731)]
    public void Problems_OffsetOutOfRange_OffsetOutOfRangeOnDays(int days)
    {
        var definition = Build().Replace("csm_call", s => s with { When = StepTiming.Day(days, "09:30") });

        Assert.Equal([("offset_out_of_range", "steps[1].when.days")], ProblemsOf(definition));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(730)]
    public void Problems_OffsetAtBounds_Accepted(int days)
    {
        var definition = Build().Replace("csm_call", s => s with { When = StepTiming.Day(days) });

        Assert.Empty(ProblemsOf(definition));
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("9:30")]
    [InlineData("09h30")]
    [InlineData("")]
    public void Problems_InvalidLocalTime_InvalidLocalTimeOnAt(string at)
    {
        var definition = Build().Replace("csm_call", s => s with { When = StepTiming.Day(2, at) });

        Assert.Equal([("invalid_local_time", "steps[1].when.at")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_ChainAddsUpPastHorizon_BeyondHorizon()
    {
        var definition = Build().Append(
            new CreateTaskStep("year_one", StepTiming.Day(400), AssigneeRole.Csm, T("Un an", "One year")),
            new CreateTaskStep("year_two", StepTiming.AfterStep("year_one", 400), AssigneeRole.Csm, T("Deux ans", "Two years")));

        var problem = Assert.Single(definition.Problems());
        Assert.Equal(("beyond_horizon", "steps[12].when"), (problem.Code, problem.Field));
        Assert.Contains("D+800", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_SeriesEndingPastHorizon_BeyondHorizon()
    {
        var definition = Build().Replace("tips", s => s with { When = StepTiming.Day(710) });

        Assert.Equal([("beyond_horizon", "steps[8].when")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_MilestoneTargetBeforeItsTask_TargetBeforeDependency()
    {
        var definition = Build().Replace("onboarded", s => s with { When = StepTiming.Day(20) });

        var problem = Assert.Single(definition.Problems());
        Assert.Equal(("target_before_dependency", "steps[10].when"), (problem.Code, problem.Field));
        Assert.Contains("D+28", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_MilestoneOnUnknownTask_UnknownTask()
    {
        var definition = Build().Replace("onboarded", s => ((MilestoneStep)s) with { Completion = MilestoneCompletion.OnTaskDone("welcome") });

        Assert.Equal([("unknown_task", "steps[10].completion.taskKey")], ProblemsOf(definition));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Problems_WaitTimeoutNotPositive_InvalidTimeout(int days)
    {
        var definition = Build().Replace("first_import", s => ((WaitUntilStep)s) with { TimeoutDays = days });

        Assert.Equal([("invalid_timeout", "steps[6].timeoutDays")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_BranchWithoutTargets_BranchWithoutTargetsAndOrphansUnanchored()
    {
        var definition = Build()
            .Replace("login_check", s => ((BranchStep)s) with { Else = [] })
            .Replace("relaunch", s => s with { When = StepTiming.Day(5) })
            .Replace("relaunch_call", s => s with { When = StepTiming.Day(6) });

        Assert.Equal([("branch_without_targets", "steps[3]")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_BranchTargetNotScheduledAfterBranch_TargetNotAfterGate()
    {
        var definition = Build().Replace("relaunch", s => s with { When = StepTiming.Day(5) });

        Assert.Equal([("target_not_after_gate", "steps[4].when.after")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_TargetOnBothSides_TargetInBoth()
    {
        var definition = Build().Replace("login_check", s => ((BranchStep)s) with { Then = ["relaunch"] });

        Assert.Equal([("target_in_both", "steps[3].else")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_StepReachedFromTwoGates_MultipleGates()
    {
        var definition = Build().Replace("first_import", s => ((WaitUntilStep)s) with { OnTimeout = ["import_help", "relaunch"] });

        Assert.Contains(("multiple_gates", "steps[6].onTimeout[1]"), ProblemsOf(definition));
    }

    [Fact]
    public void Problems_MessageMissingEnglishBody_MissingTextOnBodyEn()
    {
        var definition = Build().Replace("welcome", s => ((SendMessageStep)s) with { Body = T("Bonjour", " ") });

        Assert.Equal([("missing_text", "steps[0].body.en")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_EmailWithoutSubject_MissingTextOnBothLocales()
    {
        var definition = Build().Replace("welcome", s => ((SendMessageStep)s) with { Subject = null });

        Assert.Equal([("missing_text", "steps[0].subject.fr"), ("missing_text", "steps[0].subject.en")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_SmsWithoutSubject_Accepted()
    {
        var definition = Build().Replace("welcome", s => ((SendMessageStep)s) with { Channel = MessageChannel.Sms, Subject = null });

        Assert.Empty(ProblemsOf(definition));
    }

    [Fact]
    public void Problems_UnknownVariable_UnknownVariableWithSuggestion()
    {
        var definition = Build().Replace("welcome", s => ((SendMessageStep)s) with { Body = T("Bonjour {{ person.firstname }}", "Hello {{person.first_name}}") });

        var problem = Assert.Single(definition.Problems());
        Assert.Equal(("unknown_variable", "steps[0].body.fr"), (problem.Code, problem.Field));
        Assert.Contains("person.first_name", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_LiquidFilterOnKnownVariable_Accepted()
    {
        var definition = Build().Replace("welcome", s => ((SendMessageStep)s) with { Body = T("Bonjour {{ person.first_name | default: \"à vous\" }}", "Hello {{ csm.name | upcase }}") });

        Assert.Empty(ProblemsOf(definition));
    }

    [Fact]
    public void Problems_UnclosedPlaceholder_MalformedPlaceholder()
    {
        var definition = Build().Replace("welcome", s => ((SendMessageStep)s) with { Body = T("Bonjour {{ person.first_name", "Hello") });

        Assert.Equal([("malformed_placeholder", "steps[0].body.fr")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_SeriesVariableOutsideSeries_UnknownVariable()
    {
        var definition = Build().Replace("welcome", s => ((SendMessageStep)s) with { Body = T("N°{{ series.number }}", "#{{ series.number }}") });

        Assert.Equal([("unknown_variable", "steps[0].body.fr"), ("unknown_variable", "steps[0].body.en")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_CustomAllowedVariables_UsedInsteadOfDefault()
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal) { "contact.prenom" };

        var definition = Build();

        Assert.Contains(definition.Problems(allowed), p => p.Code == "unknown_variable" && p.Field == "steps[0].body.fr");
    }

    [Fact]
    public void Problems_SeriesWithoutDays_InvalidSeries()
    {
        var definition = Build().Replace("tips", s => ((SeriesStep)s) with { Pattern = new SeriesPattern() });

        Assert.Equal([("invalid_series", "steps[8].pattern")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_SeriesEveryZeroDays_InvalidSeriesOnEveryDays()
    {
        var definition = Build().Replace("tips", s => ((SeriesStep)s) with { Pattern = SeriesPattern.Every(0, 4) });

        Assert.Equal([("invalid_series", "steps[8].pattern.everyDays")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_SeriesBothOccurrencesAndHorizon_InvalidSeries()
    {
        var definition = Build().Replace("tips", s => ((SeriesStep)s) with { Pattern = new SeriesPattern(null, 7, 4, 30) });

        Assert.Equal([("invalid_series", "steps[8].pattern")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_SeriesDaysNotIncreasing_InvalidSeriesOnThatDay()
    {
        var definition = Build().Replace("tips", s => ((SeriesStep)s) with { Pattern = SeriesPattern.OnDays(0, 7, 7, 3) });

        Assert.Equal([("invalid_series", "steps[8].pattern.days[2]"), ("invalid_series", "steps[8].pattern.days[3]")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_SeriesHorizonBeforeRepetitionStarts_InvalidSeriesOnHorizon()
    {
        var definition = Build().Replace("tips", s => ((SeriesStep)s) with { Pattern = new SeriesPattern([0, 10, 20], 30, HorizonDay: 40) });

        Assert.Equal([("invalid_series", "steps[8].pattern.horizonDay")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_SeriesTooManyMessages_InvalidSeries()
    {
        var definition = Build().Replace("tips", s => ((SeriesStep)s) with { Pattern = SeriesPattern.EveryUntil(1, 200) });

        Assert.Equal([("invalid_series", "steps[8].pattern")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_OnboardedMilestoneMissing_UnknownMilestone()
    {
        Assert.Equal([("unknown_milestone", "onboardedMilestone")], ProblemsOf(Build() with { OnboardedMilestone = "live" }));
    }

    [Fact]
    public void Problems_OnboardedReferencesTask_UnknownMilestone()
    {
        Assert.Equal([("unknown_milestone", "onboardedMilestone")], ProblemsOf(Build() with { OnboardedMilestone = "review" }));
    }

    [Fact]
    public void Problems_PersonLeftOnAccountPlaybook_ExitNotApplicable()
    {
        Assert.Equal([("exit_not_applicable", "exitConditions[0].kind")], ProblemsOf(Build() with { ExitConditions = [ExitCondition.PersonLeft] }));
    }

    [Fact]
    public void Problems_HrTaskOnAccountPlaybook_RoleNotApplicable()
    {
        var definition = Build().Replace("csm_call", s => ((CreateTaskStep)s) with { Assignee = AssigneeRole.Hr });

        Assert.Equal([("role_not_applicable", "steps[1].assignee")], ProblemsOf(definition));
    }

    [Fact]
    public void Problems_EventTriggerWithoutName_InvalidEventName()
    {
        Assert.Equal([("invalid_event_name", "trigger.eventName")], ProblemsOf(Build() with { Trigger = new PlaybookTrigger(TriggerKind.Event) }));
    }

    [Fact]
    public void Problems_NoSteps_NoStepsAndOnboardedUnknown()
    {
        Assert.Equal([("no_steps", "steps"), ("unknown_milestone", "onboardedMilestone")], ProblemsOf(Build() with { Steps = [] }));
    }

    [Fact]
    public void Problems_SeveralProblems_AllReportedInOnePass()
    {
        var definition = (Build() with { Key = "Bad Key", Name = T("", "Sample") })
            .Replace("csm_call", s => s with { When = StepTiming.Day(2, "9h") })
            .Replace("first_import", s => ((WaitUntilStep)s) with { TimeoutDays = 0 });

        Assert.Equal(
            [("invalid_key", "key"), ("missing_text", "name.fr"), ("invalid_local_time", "steps[1].when.at"), ("invalid_timeout", "steps[6].timeoutDays")],
            ProblemsOf(definition));
    }

    [Fact]
    public void Create_InvalidSteps_FailsWithEveryProblem()
    {
        var sample = Build();
        var steps = sample.Steps.Select(s => s.Key == "csm_call" ? s with { When = StepTiming.Day(800) } : s).ToList();

        var result = PlaybookDefinition.Create(sample.Key, sample.Name, sample.Subject, sample.Trigger, steps, sample.ExitConditions, sample.OnboardedMilestone);

        Assert.Equal([("offset_out_of_range", "steps[1].when.days")], FailuresOf(result));
    }
}
