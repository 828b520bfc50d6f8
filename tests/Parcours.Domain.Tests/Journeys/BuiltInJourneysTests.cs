using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Tests.Journeys;

public sealed class BuiltInJourneysTests
{
    public static TheoryData<string> Keys => ["ecommerce", "b2b_saas"];

    private static JourneyTemplate ByKey(string key) => BuiltInJourneys.All.Single(t => t.Journey.Key == key);

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_JourneyAndEverySurvey_Valid(string key)
    {
        var template = ByKey(key);

        Assert.Empty(template.Journey.Problems(template.Surveys));
        Assert.All(template.Surveys, s => Assert.Empty(s.Problems()));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_SurveysAreExactlyThoseItsPointsSend(string key)
    {
        var template = ByKey(key);

        Assert.Equal(
            template.Journey.Points.Select(p => p.SurveyKey).Distinct().Order(StringComparer.Ordinal),
            template.Surveys.Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_EveryStageHasItsStaticMapAndAPoint(string key)
    {
        var journey = ByKey(key).Journey;

        Assert.All(journey.Stages, stage =>
        {
            Assert.NotEmpty(stage.Map.Touchpoints);
            Assert.NotEmpty(stage.Map.Processes);
            Assert.NotEmpty(stage.Map.Departments);
            Assert.NotEmpty(journey.PointsOf(stage.Key));
        });
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_RoundTripsThroughJson(string key)
    {
        var template = ByKey(key);

        var journeyJson = JourneyJson.Serialize(template.Journey);
        Assert.Equal(journeyJson, JourneyJson.Serialize(JourneyJson.Deserialize(journeyJson).Value));
        Assert.All(template.Surveys, s => Assert.Equal(SurveyJson.Serialize(s), SurveyJson.Serialize(SurveyJson.Deserialize(SurveyJson.Serialize(s)).Value)));
    }

    [Fact]
    public void ECommerce_StagesAndPoints_OrderDeliveryAfterSales()
    {
        var journey = BuiltInJourneys.ECommerce.Journey;

        Assert.Equal(["order", "delivery", "after_sales"], journey.Stages.Select(s => s.Key));
        Assert.Equal(["order_placed", "parcel_received", "product_in_use", "after_sales_call"], journey.Points.Select(p => p.Key));
        Assert.Equal("Je reçois mon colis", journey.Point("parcel_received")!.Name.Fr);
        Assert.Equal(
            [SurveyTemperature.Hot, SurveyTemperature.Hot, SurveyTemperature.Warm, SurveyTemperature.Hot],
            journey.Points.Select(p => p.Delay.Temperature));
    }

    [Fact]
    public void ECommerce_AfterSalesAimsLowerThanTheParcel()
    {
        // Seed 004: "le SAV peut avoir un objectif plus faible que l'avant-vente"; both are CSAT top-two-box shares.
        var journey = BuiltInJourneys.ECommerce.Journey;

        Assert.True(journey.Point("after_sales_call")!.Objective < journey.Point("parcel_received")!.Objective);
    }

    [Fact]
    public void ECommerce_WarmPointPilotedOnAQuarter()
    {
        Assert.Equal(PilotSample.Share(25), BuiltInJourneys.ECommerce.Journey.Point("product_in_use")!.Pilot);
    }

    [Fact]
    public void B2bSaas_StagesSignatureToRenewal_WithTheYearlyColdNps()
    {
        var template = BuiltInJourneys.B2bSaas;

        Assert.Equal(["signature", "onboarding", "first_value", "support", "renewal"], template.Journey.Stages.Select(s => s.Key));
        var yearly = template.Journey.Point("yearly_relationship")!;
        Assert.Equal((new ColdSchedule(4, 1), (string?)null), (yearly.Delay, yearly.TriggerEvent));
        Assert.IsType<NpsQuestion>(template.Surveys.Single(s => s.Key == yearly.SurveyKey).Headline);
        Assert.IsType<CxiQuestion>(template.Surveys.Single(s => s.Key == "saas_support").Headline);
    }

    [Fact]
    public void Templates_CoverEveryQuestionTypeAndHeadline()
    {
        var questions = BuiltInJourneys.All.SelectMany(t => t.Surveys).SelectMany(s => s.Questions).Select(q => q.GetType()).ToHashSet();
        var headlines = BuiltInJourneys.All.SelectMany(t => t.Surveys).Select(s => SurveyHeadline.MetricOf(s.Headline!)).ToHashSet();

        Assert.Equal(7, questions.Count);
        Assert.Equal([HeadlineMetric.Nps, HeadlineMetric.CsatTopTwoBox, HeadlineMetric.CesNet, HeadlineMetric.Cxi], headlines.Order());
    }
}
