using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using static Parcours.Domain.Tests.Journeys.SampleJourney;

namespace Parcours.Domain.Tests.Journeys;

public sealed class JourneyValidationTests
{
    [Fact]
    public void Problems_Sample_None()
    {
        Assert.Empty(ProblemsOf(Build()));
    }

    [Fact]
    public void Validate_SeveralFaults_ListsEveryOneWithItsPath()
    {
        var journey = Build()
            .ReplacePoint("parcel_received", p => p with { StageKey = "returns", Delay = new HotDelay(2000) })
            .ReplacePoint("product_in_use", p => p with { Window = new ActiveWindow(Utc(2026, 7, 1), Utc(2026, 3, 1)) })
            with { Goal = Text("", "Measure") };

        var error = Assert.IsType<Error.Validation>(journey.Validate(SampleSurveys).Error);

        Assert.Equal(
            [
                ("missing_text", "goal.fr"),
                ("unknown_stage", "points[0].stageKey"),
                ("hot_delay_out_of_range", "points[0].delay.minutes"),
                ("window_end_before_start", "points[1].window.to"),
            ],
            error.Failures.Select(f => (f.Code, f.Field)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(0)]
    [InlineData(30)]
    public void Problems_WarmDelayOutsideTwoToTenDays_SaysTheRangeAndTheAlternative(int days)
    {
        var problem = Only(Build().ReplacePoint("product_in_use", p => p with { Delay = new WarmDelay(days) }));

        Assert.Equal(("warm_delay_out_of_range", "points[1].delay.days"), (problem.Code, problem.Field));
        Assert.Contains("2 to 10 days", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void Problems_WarmDelayAtBounds_Accepted(int days)
    {
        Assert.Empty(ProblemsOf(Build().ReplacePoint("product_in_use", p => p with { Delay = new WarmDelay(days) })));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1440, true)]
    [InlineData(1441, false)]
    [InlineData(-5, false)]
    public void Problems_HotDelay_ZeroToTwentyFourHours(int minutes, bool valid)
    {
        Assert.Equal(valid, ProblemsOf(Build().ReplacePoint("parcel_received", p => p with { Delay = PointDelay.Hot(TimeSpan.FromMinutes(minutes)) })).Count == 0);
    }

    [Fact]
    public void Problems_ColdScheduleNotSplittingTheYear_InvalidWaves()
    {
        var journey = Build().ReplacePoint("yearly_nps", p => p with { Delay = new ColdSchedule(5, 13) });

        Assert.Equal([("invalid_waves", "points[2].delay.wavesPerYear"), ("invalid_first_month", "points[2].delay.firstMonth")], ProblemsOf(journey));
    }

    [Fact]
    public void Problems_ColdPointWithTrigger_UnexpectedTrigger()
    {
        Assert.Equal([("unexpected_trigger", "points[2].triggerEvent")], ProblemsOf(Build().ReplacePoint("yearly_nps", p => p with { TriggerEvent = "order_completed" })));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bad/event")]
    public void Problems_HotPointWithoutValidTrigger_InvalidEventName(string? trigger)
    {
        Assert.Equal([("invalid_event_name", "points[0].triggerEvent")], ProblemsOf(Build().ReplacePoint("parcel_received", p => p with { TriggerEvent = trigger })));
    }

    [Fact]
    public void Problems_WindowEndBeforeStart_Refused()
    {
        var problem = Only(Build().ReplacePoint("product_in_use", p => p with { Window = new ActiveWindow(Utc(2026, 7, 1), Utc(2026, 7, 1)) }));

        Assert.Equal(("window_end_before_start", "points[1].window.to"), (problem.Code, problem.Field));
    }

    [Fact]
    public void Problems_WindowOpenOnOneSide_Accepted()
    {
        Assert.Empty(ProblemsOf(Build().ReplacePoint("product_in_use", p => p with { Window = new ActiveWindow(null, Utc(2026, 7, 1)) })));
        Assert.Empty(ProblemsOf(Build().ReplacePoint("product_in_use", p => p with { Window = new ActiveWindow(Utc(2026, 7, 1), null) })));
        Assert.Equal([("empty_window", "points[1].window")], ProblemsOf(Build().ReplacePoint("product_in_use", p => p with { Window = new ActiveWindow(null, null) })));
    }

    [Theory]
    [InlineData(101, null, "invalid_pilot_share", "points[1].pilot.sharePercent")]
    [InlineData(-1, null, "invalid_pilot_share", "points[1].pilot.sharePercent")]
    [InlineData(10, "vip", "invalid_pilot", "points[1].pilot")]
    [InlineData(null, null, "invalid_pilot", "points[1].pilot")]
    [InlineData(null, " ", "invalid_pilot_segment", "points[1].pilot.segment")]
    public void Problems_PilotNotExactlyAShareOrASegment_Refused(int? share, string? segment, string code, string path)
    {
        Assert.Equal([(code, path)], ProblemsOf(Build().ReplacePoint("product_in_use", p => p with { Pilot = new PilotSample(share, segment) })));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Problems_PilotShareAtBounds_Accepted(int share)
    {
        Assert.Empty(ProblemsOf(Build().ReplacePoint("product_in_use", p => p with { Pilot = PilotSample.Share(share) })));
    }

    [Fact]
    public void Problems_UnknownSurvey_UnknownSurvey()
    {
        Assert.Equal([("unknown_survey", "points[0].surveyKey")], ProblemsOf(Build().ReplacePoint("parcel_received", p => p with { SurveyKey = "nope" })));
    }

    [Fact]
    public void Problems_SurveyWithoutScore_CannotBackAPoint()
    {
        Assert.Equal([("survey_without_score", "points[0].surveyKey")], ProblemsOf(Build().ReplacePoint("parcel_received", p => p with { SurveyKey = "choices_only" })));
    }

    [Theory]
    [InlineData("parcel_received", 101)]   // CSAT top-two-box share: 0–100
    [InlineData("parcel_received", -1)]
    [InlineData("product_in_use", -101)]  // NPS: −100…100
    [InlineData("product_in_use", 100.5)]
    public void Problems_ObjectiveOutsideItsMetric_ObjectiveOutOfRange(string point, double objective)
    {
        var problem = Only(Build().ReplacePoint(point, p => p with { Objective = (decimal)objective }));

        Assert.Equal("objective_out_of_range", problem.Code);
    }

    [Fact]
    public void Problems_CesMeanObjective_OneToFive()
    {
        var journey = Build().ReplacePoint("parcel_received", p => p with { SurveyKey = "order_ces", Objective = 4.2m, AlertThreshold = 3 });

        Assert.Empty(ProblemsOf(journey));
        Assert.Equal("objective_out_of_range", Only(journey.ReplacePoint("parcel_received", p => p with { Objective = 0.5m })).Code);
    }

    [Fact]
    public void Problems_NegativeNpsObjective_Accepted()
    {
        Assert.Empty(ProblemsOf(Build().ReplacePoint("product_in_use", p => p with { Objective = -10 })));
    }

    [Theory]
    [InlineData("parcel_received", 6, false)] // CSAT 1–5
    [InlineData("parcel_received", 0, false)]
    [InlineData("parcel_received", 1, true)]
    [InlineData("product_in_use", 10, true)] // NPS 0–10
    [InlineData("product_in_use", 11, false)]
    [InlineData("product_in_use", 0, true)]
    public void Problems_ThresholdOnTheAnswerScale(string point, int threshold, bool valid)
    {
        var problems = ProblemsOf(Build().ReplacePoint(point, p => p with { AlertThreshold = threshold }));

        Assert.Equal(valid ? [] : [("threshold_out_of_range", $"points[{(point == "parcel_received" ? 0 : 1)}].alertThreshold")], problems);
    }

    [Fact]
    public void Problems_ThresholdAboveObjective_AllowedBecauseTheyAreDifferentUnits()
    {
        // NPS objective 5 (a metric from −100 to 100) and alert under 9 (one answer from 0 to 10): nothing to compare.
        Assert.Empty(ProblemsOf(Build().ReplacePoint("product_in_use", p => p with { Objective = 5, AlertThreshold = 9 })));
    }

    [Fact]
    public void Problems_ChannelsEmptyOrRepeated_Refused()
    {
        Assert.Equal([("no_channels", "points[0].channels")], ProblemsOf(Build().ReplacePoint("parcel_received", p => p with { Channels = [] })));
        Assert.Equal(
            [("duplicate_channel", "points[0].channels[2]"), ("invalid_channel", "points[0].channels[3]")],
            ProblemsOf(Build().ReplacePoint("parcel_received", p => p with { Channels = [SurveyChannel.Sms, SurveyChannel.Email, SurveyChannel.Sms, (SurveyChannel)42] })));
    }

    [Fact]
    public void Problems_PublicLinkOnly_Accepted()
    {
        Assert.Empty(ProblemsOf(Build().ReplacePoint("parcel_received", p => p with { Channels = [SurveyChannel.PublicLink] })));
    }

    [Fact]
    public void Problems_ReminderAndCallbackOutOfRange_Refused()
    {
        var journey = Build().ReplacePoint("parcel_received", p => p with { Reminder = new ReminderRule(true, 0), Callback = new CallbackRule(0) });

        Assert.Equal([("invalid_reminder", "points[0].reminder.afterDays"), ("invalid_callback_deadline", "points[0].callback.deadlineHours")], ProblemsOf(journey));
    }

    [Fact]
    public void Problems_NoPersonaNoStage_BothReported()
    {
        var journey = Build() with { Personas = [], Stages = [], Points = [] };

        Assert.Equal([("no_personas", "personas"), ("no_stages", "stages")], ProblemsOf(journey));
    }

    [Fact]
    public void Problems_NoPoints_AValidStaticMap()
    {
        Assert.Empty(ProblemsOf(Build() with { Points = [] }));
    }

    [Fact]
    public void Problems_DuplicateKeys_ReportedOnTheLaterOne()
    {
        var journey = Build() with
        {
            Stages = [.. Build().Stages, new JourneyStage("order", Text("Encore", "Again"))],
            Points = [.. Build().Points, Hot],
        };

        Assert.Equal([("duplicate_stage", "stages[2].key"), ("duplicate_point", "points[3].key")], ProblemsOf(journey));
    }

    [Fact]
    public void Problems_StageMapEntryWithoutEnglish_PathIntoTheMap()
    {
        var journey = Build() with { Stages = [Build().Stages[0], Build().Stages[1] with { Map = Build().Stages[1].Map with { Departments = [Text("Logistique", "")] } }] };

        Assert.Equal([("missing_text", "stages[1].map.departments[0].en")], ProblemsOf(journey));
    }

    [Fact]
    public void Defaults_ReminderByTemperatureAndCallbackFortyEightHours()
    {
        Assert.Equal((false, true, true), (Hot.Reminder.Enabled, Warm.Reminder.Enabled, Cold.Reminder.Enabled));
        Assert.Equal((3, 7), (Warm.Reminder.AfterDays, Cold.Reminder.AfterDays));
        Assert.Equal(TimeSpan.FromHours(48), Hot.Callback.Deadline);
        Assert.Equal([SurveyTemperature.Hot, SurveyTemperature.Warm, SurveyTemperature.Cold], Build().Points.Select(p => p.Delay.Temperature));
    }

    [Fact]
    public void PointsOf_Stage_InJourneyOrder()
    {
        Assert.Equal(["parcel_received", "product_in_use"], Build().PointsOf("delivery").Select(p => p.Key));
        Assert.Equal("Livraison", Build().Stage("delivery")!.Name.Fr);
        Assert.Null(Build().Point("nope"));
    }
}
