namespace Parcours.Domain.Messaging;

/// <summary>
/// Wall-clock arithmetic in a person's time zone, correct across daylight-saving changes: a local time that does not
/// exist (the spring-forward gap) becomes the first instant after the gap; a local time that happens twice (fall back)
/// is its first occurrence.
/// </summary>
public static class LocalTime
{
    /// <summary>The time zone of an IANA (or Windows) id, or UTC when the id is unknown, so a bad id never blocks a send.</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.Utc;
    }

    /// <summary>The local wall-clock time of an instant.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);

    /// <summary>The instant a local wall-clock time names (see the class remarks for gaps and overlaps).</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Inside the spring-forward gap: walk to its end, the first wall-clock minute that exists.
            var start = local;
            local = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(1);
                if (local - start > TimeSpan.FromHours(24))
                {
                    throw new InvalidOperationException($"No valid local time after {start:O} in {zone.Id}.");
                }
            }
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Midnight at the start of a local date.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone) => ToInstant(day.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>
    /// "D+<paramref name="days"/> at <paramref name="at"/> local time" counted from <paramref name="start"/>: the step of a
    /// series (welcome at D0 10:00, tip at D+2 10:00…), computed on the person's calendar so it keeps its wall-clock hour
    /// across a DST change.
    /// </summary>
    public static DateTimeOffset DayAt(DateTimeOffset start, int days, TimeOnly at, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(ToLocal(start, zone)).AddDays(days);
        return ToInstant(day.ToDateTime(at), zone);
    }
}
