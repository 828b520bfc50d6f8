using Microsoft.Extensions.Time.Testing;

namespace Parcours.Testing;

public static class Clock
{
    /// <summary>A fixed Monday morning in Paris (UTC), so date arithmetic in tests is predictable.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Fake() => new(Start);
}
