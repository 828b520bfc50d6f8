using Parcours.Domain.Common;

namespace Parcours.Domain.Adoption;

/// <summary>
/// When a subject counts as inactive, so it can be nudged (seed: "analyse des statistiques de connexion pour relancer
/// les non actifs"). A subject with no login for <see cref="DaysFor"/> full days is inactive; a segment may set its
/// own number of days (a monthly-reporting segment logs in less often than a daily one). Segment names compare
/// case-insensitively, as typed on the account.
/// </summary>
public sealed record InactivityRule(int DefaultDays, IReadOnlyDictionary<string, int> DaysBySegment)
{
    public const int MinDays = 1;

    /// <summary>A year: past it, "inactive" no longer says anything a renewal review would not.</summary>
    public const int MaxDays = 365;

    /// <summary>A week without a login: every working day missed once, early enough for a nudge to help.</summary>
    public const int DefaultInactivityDays = 7;

    private readonly IReadOnlyDictionary<string, int> _daysBySegment = CaseInsensitive(DaysBySegment);

    public static InactivityRule Default { get; } = new(DefaultInactivityDays, new Dictionary<string, int>());

    /// <summary>Days per segment, keyed case-insensitively whatever dictionary it was built from.</summary>
    public IReadOnlyDictionary<string, int> DaysBySegment
    {
        get => _daysBySegment;
        init => _daysBySegment = CaseInsensitive(value);
    }

    public static Result<InactivityRule> Create(int defaultDays, IReadOnlyDictionary<string, int>? daysBySegment)
    {
        var checks = new Checks();
        if (defaultDays is < MinDays or > MaxDays)
        {
            checks.Fail("out_of_range", $"defaultDays must be between {MinDays} and {MaxDays}.", "defaultDays");
        }

        var segments = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rawName, days) in daysBySegment ?? new Dictionary<string, int>())
        {
            var name = checks.Take(Values.RequiredText("daysBySegment", rawName, Values.MaxShortText));
            if (name is null)
            {
                continue;
            }

            if (days is < MinDays or > MaxDays)
            {
                checks.Fail("out_of_range", $"Days for segment '{name}' must be between {MinDays} and {MaxDays}.", "daysBySegment");
            }

            if (!segments.TryAdd(name, days))
            {
                checks.Fail("duplicate_segment", $"Segment '{name}' is given twice.", "daysBySegment");
            }
        }

        return checks.Finish(() => new InactivityRule(defaultDays, segments));
    }

    /// <summary>The segment's own number of days, or <see cref="DefaultDays"/> when it has none or there is no segment.</summary>
    public int DaysFor(string? segment) =>
        Text.Clean(segment) is { } name && DaysBySegment.TryGetValue(name, out var days) ? days : DefaultDays;

    /// <summary>
    /// The first day the subject counts as inactive, or null if it is still active today. With N = DaysFor(segment)
    /// and L the last login day, the N calendar days L+1 … L+N without a login are complete at the start of L+N+1,
    /// which is the answer. A subject that never logged in gets the same grace from the day it was first seen.
    /// The day depends only on the last login and the rule, so it stays the same for a whole inactivity episode (it
    /// keys the "inactive" signal) and moves on with the next login; changing the subject's segment or the rule
    /// starts a new episode.
    /// </summary>
    public DateOnly? InactiveSince(DateOnly? lastLogin, DateOnly firstSeen, string? segment, DateOnly today)
    {
        var since = (lastLogin ?? firstSeen).AddDays(DaysFor(segment) + 1);
        return since <= today ? since : null;
    }

    public bool Equals(InactivityRule? other) =>
        other is not null
        && DefaultDays == other.DefaultDays
        && DaysBySegment.Count == other.DaysBySegment.Count
        && DaysBySegment.All(s => other.DaysBySegment.TryGetValue(s.Key, out var days) && days == s.Value);

    public override int GetHashCode() => HashCode.Combine(DefaultDays, DaysBySegment.Count);

    private static Dictionary<string, int> CaseInsensitive(IReadOnlyDictionary<string, int> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return days.ToDictionary(d => d.Key.Trim(), d => d.Value, StringComparer.OrdinalIgnoreCase);
    }
}
