using Parcours.Domain.Common;
using Parcours.Domain.Messaging;

namespace Parcours.Domain.Journeys;

/// <summary>One wave of a cold schedule: the <see cref="Index"/>-th of the yearly cycle that starts in <see cref="CycleYear"/>, from <see cref="Start"/> to <see cref="End"/> (exclusive).</summary>
public sealed record ColdWave(int CycleYear, int Index, DateOnly Start, DateOnly End);

/// <summary>
/// The rotation of a cold survey (seed 001: a yearly NPS to 25 % of the base each quarter, so the whole base is asked
/// once a year). Each person holds a wave index, kept from year to year, so they are asked in the same wave every
/// cycle: exactly once a year. Newcomers fill the smallest waves, the soonest-coming first, which keeps wave sizes
/// within one of each other as the base grows. People are never moved between waves (moving someone would ask them
/// twice in a year or skip a year); people who leave simply drop out, and the newcomers that follow refill their waves.
/// </summary>
public static class ColdRotation
{
    /// <summary>The wave containing the local <paramref name="day"/>.</summary>
    public static ColdWave WaveOn(ColdSchedule schedule, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var cycleYear = day.Month >= schedule.FirstMonth ? day.Year : day.Year - 1;
        var monthsIn = ((day.Month - schedule.FirstMonth) + 12) % 12;
        var index = monthsIn / schedule.MonthsPerWave;
        var start = new DateOnly(cycleYear, schedule.FirstMonth, 1).AddMonths(index * schedule.MonthsPerWave);
        return new ColdWave(cycleYear, index, start, start.AddMonths(schedule.MonthsPerWave));
    }

    /// <summary>
    /// The wave of every person of <paramref name="population"/> on <paramref name="today"/>: those in
    /// <paramref name="current"/> keep theirs; the others, in id order, each join the smallest wave, ties going to the
    /// wave that starts soonest after today (the current wave last: it has already gone out).
    /// </summary>
    public static IReadOnlyDictionary<PersonId, int> Assign(
        ColdSchedule schedule, IReadOnlyDictionary<PersonId, int> current, IEnumerable<PersonId> population, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(population);
        var waves = schedule.WavesPerYear;
        var assigned = new Dictionary<PersonId, int>();
        var newcomers = new List<PersonId>();
        foreach (var person in population.Distinct())
        {
            if (current.TryGetValue(person, out var wave) && wave >= 0 && wave < waves)
            {
                assigned[person] = wave;
            }
            else
            {
                newcomers.Add(person);
            }
        }

        var sizes = new int[waves];
        foreach (var wave in assigned.Values)
        {
            sizes[wave]++;
        }

        var now = WaveOn(schedule, today).Index;
        var bySoonest = Enumerable.Range(1, waves).Select(step => (now + step) % waves).ToArray();
        foreach (var person in newcomers.OrderBy(p => p.Value))
        {
            var wave = bySoonest.MinBy(w => sizes[w]);
            assigned[person] = wave;
            sizes[wave]++;
        }

        return assigned;
    }

    /// <summary>
    /// Who the point asks in <paramref name="wave"/>: the people assigned to it, within the point's pilot, when the
    /// wave starts inside the point's active window. In id order.
    /// </summary>
    public static IReadOnlyList<PersonId> Invitees(
        MeasurementPoint point, IReadOnlyDictionary<PersonId, int> assignments, ColdWave wave, TimeZoneInfo zone, Func<PersonId, IReadOnlySet<string>?> segmentsOf)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(wave);
        ArgumentNullException.ThrowIfNull(segmentsOf);
        if (point.Window is { } window && !window.Contains(LocalTime.StartOfDay(wave.Start, zone)))
        {
            return [];
        }

        return [.. assignments
            .Where(a => a.Value == wave.Index && PilotSelection.Includes(point, a.Key, segmentsOf(a.Key)))
            .Select(a => a.Key)
            .OrderBy(p => p.Value)];
    }
}
