namespace Parcours.Domain.Journeys;

/// <summary>What a measurement point is in the customer's path (seed 004). Stored as numbers: never renumber.</summary>
public enum PointKind
{
    /// <summary>"Moment de vérité": first use, parcel opened, the after-sales call.</summary>
    MomentOfTruth = 0,

    /// <summary>"Moment transactionnel": placing an order, signing, a ticket resolved.</summary>
    Transactional = 1,
}

/// <summary>
/// How a point reaches people, listed on a point in order of preference. A public link is never sent: it is printed
/// (QR code on a parcel, a receipt) and answered by whoever scans it. Stored as numbers: never renumber.
/// </summary>
public enum SurveyChannel
{
    Email = 0,
    Sms = 1,

    /// <summary>A pre-recorded voice message that asks the question (answers by keypad or call-back).</summary>
    Voice = 2,

    /// <summary>A pop-up in the customer's product, through the JS snippet.</summary>
    InAppPopup = 3,
    PublicLink = 4,
}

/// <summary>How the customer feels at a stage of the static map, from disappointment ("effet déceptif") to wow.</summary>
public enum CustomerFeeling
{
    Disappointed = 0,
    Worried = 1,
    Neutral = 2,
    Pleased = 3,
    Delighted = 4,
}

/// <summary>When a point's survey is sent, as seed 001 names it: à chaud, à tiède, à froid.</summary>
public enum SurveyTemperature
{
    Hot = 0,
    Warm = 1,
    Cold = 2,
}

/// <summary>The sizes a journey is held to: a first journey should stay simple (seed 004: "commencer simple").</summary>
public static class JourneyLimits
{
    public const int MaxNameLength = 200;
    public const int MaxGoalLength = 1000;
    public const int MaxPersonas = 10;
    public const int MaxStages = 20;
    public const int MaxPoints = 50;
    public const int MaxMapItems = 20;
    public const int MaxMapItemLength = 200;
    public const int MaxSegmentLength = 100;
}
