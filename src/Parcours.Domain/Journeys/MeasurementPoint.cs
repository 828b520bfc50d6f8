using System.Text.Json.Serialization;
using Parcours.Domain.Playbooks;

namespace Parcours.Domain.Journeys;

/// <summary>
/// A measurement point: a situation of the customer (seed 004: think in situations — "I receive my parcel" — not in
/// touchpoints), of a <see cref="PointKind"/>, in a stage, where a survey is sent after a trigger event through the
/// first channel that reaches the person, after a delay.
/// <para>
/// <see cref="Objective"/> is the target of the point's headline metric (the survey's first scored question: NPS,
/// CSAT top-two-box %, CES net or mean, CXi), its own per point: after-sales may aim lower than pre-sales.
/// <see cref="AlertThreshold"/> is on the scale of one answer to that question: an answer strictly under it opens a
/// callback. The two are in different units (an NPS of 30 against answers under 7), so neither bounds the other.
/// </para>
/// <para>
/// Optional: an active <see cref="Window"/> for a temporary point (a one-off study), a <see cref="Pilot"/> (a share or
/// a segment of customers) before full roll-out, the <see cref="Reminder"/> (default: none for hot points, one after
/// 3 days for warm, 7 for cold) and the <see cref="Callback"/> deadline (default 48 hours).
/// </para>
/// </summary>
public sealed record MeasurementPoint(
    string Key,
    LocalizedText Name,
    PointKind Kind,
    string StageKey,
    string? TriggerEvent,
    string SurveyKey,
    IReadOnlyList<SurveyChannel> Channels,
    PointDelay Delay,
    decimal Objective,
    int AlertThreshold,
    ActiveWindow? Window = null,
    PilotSample? Pilot = null,
    ReminderRule? Reminder = null,
    CallbackRule? Callback = null)
{
    public ReminderRule Reminder { get; init; } = Reminder ?? ReminderRule.DefaultFor(Delay?.Temperature ?? SurveyTemperature.Hot);

    public CallbackRule Callback { get; init; } = Callback ?? CallbackRule.Default;
}

/// <summary>When a temporary point measures: triggers from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive); either may be open.</summary>
public sealed record ActiveWindow(DateTimeOffset? From, DateTimeOffset? To)
{
    public bool Contains(DateTimeOffset instant) => (From is null || instant >= From) && (To is null || instant < To);
}

/// <summary>
/// A pilot before full roll-out (seed 004: validate the set-up on a limited number of customers): either a share of
/// the customers, 0 to 100 %, drawn deterministically (<see cref="PilotSelection"/>), or the customers of a named segment.
/// </summary>
public sealed record PilotSample(int? SharePercent = null, string? Segment = null)
{
    public static PilotSample Share(int percent) => new(SharePercent: percent);

    public static PilotSample OfSegment(string segment) => new(Segment: segment);
}

/// <summary>One reminder to those who have not answered, <see cref="AfterDays"/> after the invitation, when <see cref="Enabled"/>.</summary>
public sealed record ReminderRule(bool Enabled, int AfterDays)
{
    public const int MaxAfterDays = 30;

    public static ReminderRule Off { get; } = new(false, 3);

    /// <summary>None for hot points (a reminder hours later is no longer "hot"); one after 3 days for warm, 7 for cold.</summary>
    public static ReminderRule DefaultFor(SurveyTemperature temperature) => temperature switch
    {
        SurveyTemperature.Warm => new(true, 3),
        SurveyTemperature.Cold => new(true, 7),
        _ => Off,
    };
}

/// <summary>An answer under the threshold or any NPS detractor opens a callback due <see cref="DeadlineHours"/> later.</summary>
public sealed record CallbackRule(int DeadlineHours = 48)
{
    public const int MaxDeadlineHours = 30 * 24;

    public static CallbackRule Default { get; } = new();

    [JsonIgnore]
    public TimeSpan Deadline => TimeSpan.FromHours(DeadlineHours);
}
