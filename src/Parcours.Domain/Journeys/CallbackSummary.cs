namespace Parcours.Domain.Journeys;

/// <summary>The closed loop of a point or a team over a period: how many callbacks, how fast the first call.</summary>
public sealed record CallbackSummary(int Opened, int Called, int CalledInTime, int Overdue, int Escalated, TimeSpan? AverageTimeToFirstCallback, TimeSpan? MedianTimeToFirstCallback)
{
    public static CallbackSummary Of(IEnumerable<Callback> callbacks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        var list = callbacks.ToList();
        var times = list.Select(c => c.TimeToFirstCallback).OfType<TimeSpan>().Order().ToList();
        TimeSpan? average = times.Count == 0 ? null : TimeSpan.FromTicks((long)times.Average(t => (decimal)t.Ticks));
        TimeSpan? median = times.Count == 0 ? null
            : times.Count % 2 == 1 ? times[times.Count / 2]
            : TimeSpan.FromTicks((times[(times.Count / 2) - 1].Ticks + times[times.Count / 2].Ticks) / 2);
        return new CallbackSummary(
            list.Count,
            times.Count,
            list.Count(c => c.CalledInTime == true),
            list.Count(c => c.StateAt(now) == CallbackState.Overdue),
            list.Count(c => c.EscalatedTo is not null),
            average,
            median);
    }
}
