namespace Parcours.Domain.Scheduling;

/// <summary>
/// How long to wait before the next attempt: exponential (base × 2^(attempt−1)) up to a ceiling, with "equal jitter"
/// (half fixed, half random) so items that failed together do not all retry at the same instant, while the wait never
/// drops below half the exponential step.
/// </summary>
public static class RetryBackoff
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="unitRandom">A number in [0, 1) from the caller's random source, so tests can fix it.</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(unitRandom, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unitRandom, 1d);
        // 2^62 ticks overflow long; past 40 doublings every realistic ceiling is reached anyway.
        var factor = Math.Pow(2, Math.Min(attempt - 1, 40));
        var step = Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks);
        return TimeSpan.FromTicks((long)(step / 2 + (step / 2 * unitRandom)));
    }
}
