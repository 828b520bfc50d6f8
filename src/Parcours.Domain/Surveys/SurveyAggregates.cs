using Parcours.Domain.Messaging;

namespace Parcours.Domain.Surveys;

/// <summary>One row of the maintained aggregates: a point of a journey (with its stage), a local month, a measure.</summary>
public readonly record struct AggregateBucket(string JourneyKey, string StageKey, string PointKey, DateOnly Month, Measure Measure)
{
    /// <summary>The first day of the month of <paramref name="instant"/> in the workspace's <paramref name="zone"/>.</summary>
    public static DateOnly MonthOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = LocalTime.ToLocal(instant, zone);
        return new DateOnly(local.Year, local.Month, 1);
    }
}

/// <summary>
/// Score counts per point × month × measure, kept up to date answer by answer instead of rescanning millions of
/// answers for each chart. <see cref="Delta"/> is what one response changes (the server adds it to its rows in the
/// transaction that stores the response); <see cref="Apply"/> does the same in memory. Because counts add and subtract
/// exactly, the aggregates always equal <see cref="Rescan"/> of the current responses; empty buckets are dropped so the
/// two compare equal as dictionaries. A stage's figures are the sum of its points' (<see cref="Sum"/>).
/// </summary>
public sealed class SurveyAggregates
{
    private readonly Dictionary<AggregateBucket, ScoreCounts> _counts = [];
    private readonly TimeZoneInfo _zone;

    public SurveyAggregates(TimeZoneInfo zone)
    {
        _zone = zone ?? throw new ArgumentNullException(nameof(zone));
    }

    public IReadOnlyDictionary<AggregateBucket, ScoreCounts> Buckets => _counts;

    public static SurveyAggregates Rescan(IEnumerable<ScoredResponse> responses, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var aggregates = new SurveyAggregates(zone);
        foreach (var response in responses)
        {
            aggregates.Add(response);
        }

        return aggregates;
    }

    /// <summary>
    /// What replacing <paramref name="previous"/> by <paramref name="current"/> changes, per bucket: a new response has
    /// no previous, a deleted one no current, an amendment both. Buckets that do not change are left out.
    /// </summary>
    public static IReadOnlyDictionary<AggregateBucket, ScoreCounts> Delta(ScoredResponse? previous, ScoredResponse? current, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var delta = new Dictionary<AggregateBucket, ScoreCounts>();
        foreach (var (bucket, score) in Scores(previous, zone))
        {
            delta[bucket] = delta.GetValueOrDefault(bucket) - ScoreCounts.Empty.Add(bucket.Measure, score);
        }

        foreach (var (bucket, score) in Scores(current, zone))
        {
            delta[bucket] = delta.GetValueOrDefault(bucket).Add(bucket.Measure, score);
        }

        return delta.Where(d => d.Value != ScoreCounts.Empty).ToDictionary();
    }

    public void Add(ScoredResponse response) => Apply(Delta(null, response, _zone));

    public void Remove(ScoredResponse response) => Apply(Delta(response, null, _zone));

    /// <summary>An answer amended within its window: the earlier version leaves the counts, the new one enters.</summary>
    public void Replace(ScoredResponse previous, ScoredResponse current) => Apply(Delta(previous, current, _zone));

    /// <summary>Adds a delta; throws, changing nothing, when a count would go negative (a response removed twice).</summary>
    public void Apply(IReadOnlyDictionary<AggregateBucket, ScoreCounts> delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var updated = delta.Select(d => (Bucket: d.Key, Counts: _counts.GetValueOrDefault(d.Key) + d.Value)).ToList();
        foreach (var (bucket, counts) in updated)
        {
            if (counts.Answers < 0 || counts.High < 0 || counts.Low < 0 || counts.Middle < 0)
            {
                throw new InvalidOperationException($"Applying this change would make counts negative in {bucket}: was the response counted?");
            }
        }

        foreach (var (bucket, counts) in updated)
        {
            if (counts.IsEmpty)
            {
                _counts.Remove(bucket);
            }
            else
            {
                _counts[bucket] = counts;
            }
        }
    }

    /// <summary>The counts of every bucket that matches, added up: e.g. one stage × one month × NPS.</summary>
    public ScoreCounts Sum(Func<AggregateBucket, bool> where)
    {
        ArgumentNullException.ThrowIfNull(where);
        return _counts.Where(c => where(c.Key)).Aggregate(ScoreCounts.Empty, (sum, c) => sum + c.Value);
    }

    private static IEnumerable<(AggregateBucket Bucket, int Score)> Scores(ScoredResponse? response, TimeZoneInfo zone)
    {
        if (response is null)
        {
            yield break;
        }

        var month = AggregateBucket.MonthOf(response.AnsweredAt, zone);
        foreach (var score in response.Scores)
        {
            yield return (new AggregateBucket(response.JourneyKey, response.StageKey, response.PointKey, month, score.Measure), score.Score);
        }
    }
}
