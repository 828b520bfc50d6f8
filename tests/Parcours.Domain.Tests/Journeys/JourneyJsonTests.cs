using System.Text.Json.Nodes;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;
using static Parcours.Domain.Tests.Journeys.SampleJourney;

namespace Parcours.Domain.Tests.Journeys;

/// <summary>Golden files of stored journeys; never regenerated (see <see cref="Surveys.SurveyJsonTests"/>).</summary>
public sealed class JourneyJsonTests
{
    private static string Golden(string name) => Surveys.SurveyJsonTests.Golden("Journeys", name);

    [Fact]
    public void Deserialize_GoldenV1_EveryDelayKindAndValid()
    {
        var journey = JourneyJson.Deserialize(Golden("journey-v1.json")).Value;

        Assert.Equal(["parcel_received", "product_in_use", "yearly_nps"], journey.Points.Select(p => p.Key));
        Assert.Equal([new HotDelay(120), new WarmDelay(7), new ColdSchedule(4, 1)], journey.Points.Select(p => p.Delay));
        var warm = journey.Point("product_in_use")!;
        Assert.Equal(new ActiveWindow(Utc(2026, 3, 1), Utc(2026, 7, 1)), warm.Window);
        Assert.Equal(PilotSample.Share(20), warm.Pilot);
        Assert.Equal(PilotSample.OfSegment("vip"), journey.Point("yearly_nps")!.Pilot);
        Assert.Null(journey.Point("yearly_nps")!.TriggerEvent);
        Assert.Equal(24, journey.Point("yearly_nps")!.Callback.DeadlineHours);
        Assert.Equal([SurveyChannel.Sms, SurveyChannel.Email], journey.Point("parcel_received")!.Channels);
        Assert.Equal(CustomerFeeling.Worried, journey.Stage("delivery")!.Map.Feeling);
        Assert.Equal("Logistique", Assert.Single(journey.Stage("delivery")!.Map.Departments).Fr);
        Assert.Empty(journey.Problems(SampleSurveys));
    }

    [Fact]
    public void Serialize_GoldenV1_WritesBackTheSameJson()
    {
        var stored = Golden("journey-v1.json");

        var written = JourneyJson.Serialize(JourneyJson.Deserialize(stored).Value);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void Serialize_Sample_SameAsGolden()
    {
        // The model as built in code still writes what was stored: a renamed property would show here first.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Golden("journey-v1.json")), JsonNode.Parse(JourneyJson.Serialize(Build()))));
    }

    [Fact]
    public void Deserialize_MinimalShape_DefaultsAndUnknownPropertiesIgnored()
    {
        var journey = JourneyJson.Deserialize(Golden("journey-v1-minimal.json")).Value;
        var survey = SurveyJson.Deserialize(Surveys.SurveyJsonTests.Golden("Surveys", "survey-v1-minimal.json")).Value;

        var hot = journey.Point("order_placed")!;
        Assert.Equal((ReminderRule.Off, CallbackRule.Default, (ActiveWindow?)null, (PilotSample?)null), (hot.Reminder, hot.Callback, hot.Window, hot.Pilot));
        Assert.Equal(new ReminderRule(true, 3), journey.Point("week_later")!.Reminder);
        Assert.Equal(new ColdSchedule(4, 1), journey.Point("yearly")!.Delay);
        Assert.Equal(new ReminderRule(true, 7), journey.Point("yearly")!.Reminder);
        Assert.Equal(4.2m, hot.Objective);
        Assert.Empty(journey.Stages[0].Map.Touchpoints);
        Assert.Null(journey.Personas[0].Description);
        Assert.Empty(journey.Problems([survey]));
    }

    [Fact]
    public void Deserialize_StoredWarmDelayOfTwelveDays_LoadsAndValidationNamesIt()
    {
        var json = Golden("journey-v1-minimal.json").Replace("\"days\": 7", "\"days\": 12", StringComparison.Ordinal);
        var survey = SurveyJson.Deserialize(Surveys.SurveyJsonTests.Golden("Surveys", "survey-v1-minimal.json")).Value;

        Assert.Equal([("warm_delay_out_of_range", "points[1].delay.days")], JourneyJson.Deserialize(json).Value.Problems([survey]).Select(p => (p.Code, p.Field)));
    }

    [Theory]
    [InlineData("\"type\": \"warm\"", "\"type\": \"lukewarm\"")]
    [InlineData("\"voice\"", "\"pigeon\"")]
    public void Deserialize_UnknownKind_InvalidJson(string from, string to)
    {
        var json = Golden("journey-v1-minimal.json").Replace(from, to, StringComparison.Ordinal);

        Assert.Equal("invalid_json", Assert.IsType<Error.Invalid>(JourneyJson.Deserialize(json).Error).Code);
    }

    [Fact]
    public void Serialize_EnumsAndDiscriminator_SnakeCase()
    {
        var json = JourneyJson.Serialize(Build());

        Assert.Contains("\"kind\": \"moment_of_truth\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"cold\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("temperature", json, StringComparison.Ordinal);
        Assert.DoesNotContain("deadline\"", json, StringComparison.Ordinal);
    }
}
