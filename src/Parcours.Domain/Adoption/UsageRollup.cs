namespace Parcours.Domain.Adoption;

/// <summary>
/// The plainest possible daily rollup of usage events, kept as the reference the incremental rollups are checked
/// against in property tests. Event names are kept exactly as sent; matching them case-insensitively is the
/// catalogue's job.
/// </summary>
public static class UsageRollup
{
    /// <summary>One event for one subject (a person or an account key) on one day.</summary>
    public sealed record UsageEvent(string SubjectKey, DateOnly Day, string EventName);

    public static (IReadOnlyDictionary<(string Subject, DateOnly Day), int> Events,
        IReadOnlyDictionary<(string Subject, DateOnly Day, string EventName), int> EventCounts) Fold(IEnumerable<UsageEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var perDay = new Dictionary<(string Subject, DateOnly Day), int>();
        var perName = new Dictionary<(string Subject, DateOnly Day, string EventName), int>();
        foreach (var e in events)
        {
            perDay[(e.SubjectKey, e.Day)] = perDay.GetValueOrDefault((e.SubjectKey, e.Day)) + 1;
            perName[(e.SubjectKey, e.Day, e.EventName)] = perName.GetValueOrDefault((e.SubjectKey, e.Day, e.EventName)) + 1;
        }

        return (perDay, perName);
    }
}
