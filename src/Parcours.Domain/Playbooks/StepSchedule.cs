using Parcours.Domain.Common;

namespace Parcours.Domain.Playbooks;

/// <summary>
/// The arithmetic of "D+N at HH:mm local". All instants are UTC; the subject's IANA time zone turns days and times of
/// day into instants:
/// <list type="number">
/// <item>the anchor (enrolment, or the completion of the step followed) is read as a local date and time;</item>
/// <item>N calendar days are added to the local date; the time is the step's HH:mm, or the anchor's own local time
/// when the step has none;</item>
/// <item>with business days only, a Saturday or Sunday moves to the following Monday (N stays calendar days, so D+N
/// keeps meaning the same as in the metrics);</item>
/// <item>the local date and time become an instant: a time that does not exist (the spring-forward gap, 02:00–03:00 in
/// Paris on the last Sunday of March) moves forward to the first instant that exists, the end of the gap (03:00
/// local); a time that happens twice (the autumn fall-back) takes the first occurrence, still on summer time;</item>
/// <item>a due instant is never before its anchor: "D+0 at 09:00" for an enrolment at 17:30 is due at once, at the
/// enrolment, rather than the next morning. Moving it to D+1 would put it on the same day as the D+1 steps and break
/// the order the author wrote; quiet hours, when a channel has them, are applied when sending, not here.</item>
/// </list>
/// </summary>
public static class StepSchedule
{
    /// <summary>The zone for an IANA id such as "Europe/Paris", or an error naming <paramref name="field"/>.</summary>
    public static Result<TimeZoneInfo> Zone(string ianaId, string field = "timeZone") =>
        TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone)
            ? zone
            : new Error.Invalid("invalid_time_zone", $"{field} '{ianaId}' is not an IANA time zone such as Europe/Paris.", field);

    /// <summary>The due instant of a step with <paramref name="timing"/> whose anchor completed at <paramref name="anchor"/>.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset anchor, TimeZoneInfo zone, StepTiming timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        return DueAt(anchor, zone, timing.Days, timing.LocalTime, timing.BusinessDaysOnly);
    }

    /// <summary>The due instant of "<paramref name="days"/> days after <paramref name="anchor"/>, at <paramref name="at"/> local time".</summary>
    public static DateTimeOffset DueAt(DateTimeOffset anchor, TimeZoneInfo zone, int days, TimeOnly? at, bool businessDaysOnly = false)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var local = TimeZoneInfo.ConvertTime(anchor, zone).DateTime;
        var date = DateOnly.FromDateTime(local).AddDays(days);
        if (businessDaysOnly)
        {
            date = NextBusinessDay(date);
        }

        var due = ToInstant(date, at ?? TimeOnly.FromDateTime(local), zone);
        return due < anchor ? anchor.ToUniversalTime() : due;
    }

    /// <summary>
    /// The due instants of every occurrence of a series anchored at <paramref name="anchor"/>. Each occurrence is its
    /// own "D+N" with the rules above; with business days only, an occurrence that a weekend pushed onto (or before)
    /// the day of the one before it moves to the next business day after that one, so the series keeps its number of
    /// messages and never sends two the same day.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> SeriesDueAt(DateTimeOffset anchor, TimeZoneInfo zone, StepTiming timing, SeriesPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentNullException.ThrowIfNull(pattern);
        var at = timing.LocalTime;
        var instants = new List<DateTimeOffset>();
        DateOnly? previousDay = null;
        foreach (var offset in pattern.Expand())
        {
            var due = DueAt(anchor, zone, timing.Days + offset, at, timing.BusinessDaysOnly);
            if (previousDay is { } previous && LocalDate(due, zone) <= previous)
            {
                var day = timing.BusinessDaysOnly ? NextBusinessDay(previous.AddDays(1)) : previous.AddDays(1);
                due = ToInstant(day, at ?? TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(anchor, zone).DateTime), zone);
            }

            instants.Add(due);
            previousDay = LocalDate(due, zone);
        }

        return instants;
    }

    /// <summary>The UTC instant of a local date and time in <paramref name="zone"/>, with the gap and overlap rules above.</summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return FirstInstantAtOrAfter(local, zone);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Saturday and Sunday move to the Monday after; other days stay.</summary>
    public static DateOnly NextBusinessDay(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    /// <summary>The local calendar day of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// In a gap, the earliest instant whose local reading is at or after <paramref name="local"/>: the transition itself.
    /// Offsets stay within ±14 hours, so the instant lies within 14 hours of the local reading taken as UTC; local
    /// readings only move forward across a gap, so a binary search over ticks finds it exactly.
    /// </summary>
    private static DateTimeOffset FirstInstantAtOrAfter(DateTime local, TimeZoneInfo zone)
    {
        var low = local.Ticks - TimeSpan.TicksPerHour * 14;
        var high = local.Ticks + TimeSpan.TicksPerHour * 14;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            var reading = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(middle, DateTimeKind.Utc), zone);
            if (reading >= local)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return new DateTimeOffset(high, TimeSpan.Zero);
    }
}
