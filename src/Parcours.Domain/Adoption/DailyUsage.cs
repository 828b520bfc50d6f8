namespace Parcours.Domain.Adoption;

/// <summary>One day of a subject's rollup: how many events, and how many distinct users sent them (1 for a person).</summary>
public readonly record struct DailyUsage(DateOnly Day, int Events, int ActiveUsers);

/// <summary>One day of a subject's rollup for one event name, with the name as the tracking library sent it.</summary>
public readonly record struct DailyEventCount(DateOnly Day, string EventName, int Count);
