using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Playbooks;
using Parcours.Domain.Surveys;
using Parcours.Domain.Tests.Surveys;
using static Parcours.Domain.Tests.Surveys.SampleSurvey;

namespace Parcours.Domain.Tests.Journeys;

/// <summary>A small valid journey with a hot, a warm and a cold point, its surveys, and helpers to break it one field at a time.</summary>
internal static class SampleJourney
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>The sample survey (NPS headline) and a CSAT-only and a CES 5-point survey.</summary>
    public static IReadOnlyList<SurveyDefinition> SampleSurveys { get; } =
    [
        SampleSurvey.Build(),
        new("parcel_csat", T("Colis", "Parcel"), [new CsatQuestion("parcel", T("Satisfait ?", "Satisfied?"))]),
        new("order_ces", T("Commande", "Order"), [new CesQuestion("ease", T("C'était facile.", "It was easy."), CesScale.FivePoint)]),
        new("choices_only", T("Choix", "Choices"), [new SingleChoiceQuestion("pick", T("Lequel ?", "Which?"), [Option("a", "A", "A"), Option("b", "B", "B")])]),
    ];

    public static MeasurementPoint Hot { get; } = new(
        "parcel_received",
        T("Je reçois mon colis", "I receive my parcel"),
        PointKind.MomentOfTruth,
        "delivery",
        "parcel_delivered",
        "parcel_csat",
        [SurveyChannel.Sms, SurveyChannel.Email],
        new HotDelay(120),
        Objective: 85,
        AlertThreshold: 3);

    public static MeasurementPoint Warm { get; } = new(
        "product_in_use",
        T("J'utilise mon produit", "I use my product"),
        PointKind.MomentOfTruth,
        "delivery",
        "parcel_delivered",
        "after_delivery",
        [SurveyChannel.Email],
        new WarmDelay(7),
        Objective: 30,
        AlertThreshold: 7,
        Window: new ActiveWindow(Utc(2026, 3, 1), Utc(2026, 7, 1)),
        Pilot: PilotSample.Share(20));

    public static MeasurementPoint Cold { get; } = new(
        "yearly_nps",
        T("Je fais le point", "I take stock"),
        PointKind.MomentOfTruth,
        "order",
        null,
        "after_delivery",
        [SurveyChannel.Email, SurveyChannel.Sms],
        new ColdSchedule(),
        Objective: 20,
        AlertThreshold: 7,
        Pilot: PilotSample.OfSegment("vip"),
        Callback: new CallbackRule(24));

    public static JourneyDefinition Build() => new(
        "shop",
        T("Boutique", "Shop"),
        T("Mesurer la livraison", "Measure delivery"),
        [new Persona("shopper", T("Acheteur", "Shopper"))],
        [
            new JourneyStage("order", T("Commande", "Order")),
            new JourneyStage("delivery", T("Livraison", "Delivery"), new StageMap(
                [T("SMS", "SMS"), T("Colis", "Parcel")],
                [T("Expédition", "Shipping")],
                [T("Logistique", "Logistics")],
                CustomerFeeling.Worried,
                T("Attend", "Waiting"))),
        ],
        [Hot, Warm, Cold]);

    public static JourneyDefinition ReplacePoint(this JourneyDefinition journey, string key, Func<MeasurementPoint, MeasurementPoint> change) =>
        journey with { Points = [.. journey.Points.Select(p => p.Key == key ? change(p) : p)] };

    public static IReadOnlyList<(string Code, string? Path)> ProblemsOf(JourneyDefinition journey) =>
        [.. journey.Problems(SampleSurveys).Select(p => (p.Code, p.Field))];

    public static LocalizedText Text(string fr, string en) => T(fr, en);

    public static Error.Invalid Only(JourneyDefinition journey) => Assert.Single(journey.Problems(SampleSurveys));
}
