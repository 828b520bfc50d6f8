using Parcours.Domain.Common;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Journeys;

/// <summary>One NPS answer of one person at one point.</summary>
public sealed record NpsAnswerRecord(PersonId Person, string PointKey, DateTimeOffset AnsweredAt, int Score);

/// <summary>
/// The recovery of a point's detractors: of the <see cref="Detractors"/> answers at the point, how many were followed
/// by another NPS answer from the same person (<see cref="AnsweredAgain"/>: the re-survey after a callback, or any later
/// point) and how many of those were passive or promoter (<see cref="Recovered"/>).
/// </summary>
public sealed record PointRecovery(string PointKey, int Detractors, int AnsweredAgain, int Recovered)
{
    /// <summary>Recovered / detractors, whole percent; null without detractors.</summary>
    public int? RatePercent => MetricRounding.Percent(Recovered, Detractors);
}

public static class RecoveryRate
{
    /// <summary>
    /// Each detractor answer is judged by the same person's next NPS answer, at any point: recovered when it is not a
    /// detractor. A detractor who answers again as a detractor then later as a promoter counts once unrecovered (the
    /// first) and once recovered (the second, at its own point). Points in key order.
    /// </summary>
    public static IReadOnlyList<PointRecovery> PerPoint(IEnumerable<NpsAnswerRecord> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var tallies = new SortedDictionary<string, (int Detractors, int Again, int Recovered)>(StringComparer.Ordinal);
        foreach (var person in answers.GroupBy(a => a.Person))
        {
            // Stable sort: answers at the same instant keep the order they were given in.
            var ordered = person.OrderBy(a => a.AnsweredAt).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                if (Nps.Categorize(ordered[i].Score) != NpsCategory.Detractor)
                {
                    continue;
                }

                var (detractors, again, recovered) = tallies.GetValueOrDefault(ordered[i].PointKey);
                var next = i + 1 < ordered.Count ? ordered[i + 1] : null;
                tallies[ordered[i].PointKey] = (
                    detractors + 1,
                    again + (next is null ? 0 : 1),
                    recovered + (next is not null && Nps.Categorize(next.Score) != NpsCategory.Detractor ? 1 : 0));
            }
        }

        return [.. tallies.Select(t => new PointRecovery(t.Key, t.Value.Detractors, t.Value.Again, t.Value.Recovered))];
    }
}
