using System.Globalization;
using System.Text.Json.Serialization;

namespace Parcours.Domain.Playbooks;

/// <summary>
/// When a step is due: <see cref="Days"/> days after its anchor — the enrolment, or the completion of the step named by
/// <see cref="After"/> — at the local time <see cref="At"/> ("HH:mm" in the subject's time zone). Without a time the
/// anchor's own local time of day is kept, so "D+3" with no time is 72 hours of wall-clock time after enrolment and
/// "after X, D+0" is the moment X completes. <see cref="BusinessDaysOnly"/> moves a Saturday or Sunday to the Monday
/// after. The local time is kept as text so that a stored "25:00" loads and is reported by validation rather than
/// failing to deserialise. See <see cref="StepSchedule"/> for the arithmetic.
/// </summary>
public sealed record StepTiming(int Days, string? At = null, string? After = null, bool BusinessDaysOnly = false)
{
    public const int MaxDays = 730;

    /// <summary>D+<paramref name="days"/> after enrolment, at <paramref name="at"/> local time when given.</summary>
    public static StepTiming Day(int days, string? at = null, bool businessDaysOnly = false) => new(days, at, null, businessDaysOnly);

    /// <summary><paramref name="days"/> days after <paramref name="stepKey"/> completes, at <paramref name="at"/> local time when given.</summary>
    public static StepTiming AfterStep(string stepKey, int days = 0, string? at = null, bool businessDaysOnly = false) =>
        new(days, at, stepKey, businessDaysOnly);

    /// <summary>The parsed local time; null when there is none. Throws on a malformed time: validate the definition first.</summary>
    [JsonIgnore]
    public TimeOnly? LocalTime => At is null
        ? null
        : TryParseLocalTime(At, out var time) ? time : throw new FormatException($"'{At}' is not a local time HH:mm.");

    /// <summary>Accepts exactly "HH:mm", 00:00 to 23:59.</summary>
    public static bool TryParseLocalTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

/// <summary>
/// The days of a series, counted from the series' own due day (day 0): first the explicit <see cref="Days"/>
/// (strictly increasing), then a repetition every <see cref="EveryDays"/> days continuing from the last explicit day
/// (from day 0, included, when there are none), either <see cref="Occurrences"/> times or up to and including
/// <see cref="HorizonDay"/>. "Every 3 days for 2 weeks" is EveryDays 3, HorizonDay 13 (days 0, 3, … 12); "seven
/// messages in the first month, then monthly for six months" is Days [0, 2, 4, 7, 11, 17, 24], EveryDays 30,
/// HorizonDay 180.
/// </summary>
public sealed record SeriesPattern(IReadOnlyList<int>? Days = null, int? EveryDays = null, int? Occurrences = null, int? HorizonDay = null)
{
    public const int MaxOccurrences = 100;

    public static SeriesPattern Every(int everyDays, int occurrences) => new(null, everyDays, occurrences);

    public static SeriesPattern EveryUntil(int everyDays, int horizonDay) => new(null, everyDays, null, horizonDay);

    public static SeriesPattern OnDays(params int[] days) => new(days);

    /// <summary>The day offsets of every occurrence, from day 0 of the series. Assumes a valid pattern.</summary>
    public IReadOnlyList<int> Expand()
    {
        var days = new List<int>(Days ?? []);
        if (EveryDays is not { } every || every < 1)
        {
            return days;
        }

        var next = days.Count == 0 ? 0 : days[^1] + every;
        var added = 0;
        while (days.Count < MaxOccurrences
               && (Occurrences is { } count ? added < count : HorizonDay is { } horizon && next <= horizon))
        {
            days.Add(next);
            next += every;
            added++;
        }

        return days;
    }
}
