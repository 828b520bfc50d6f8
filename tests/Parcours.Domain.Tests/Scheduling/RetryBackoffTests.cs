using Parcours.Domain.Scheduling;

namespace Parcours.Domain.Tests.Scheduling;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromHours(6);

    [Theory]
    [InlineData(1, 15, 30)]
    [InlineData(2, 30, 60)]
    [InlineData(3, 60, 120)]
    [InlineData(5, 240, 480)]
    public void Delay_EachAttempt_DoublesWithinHalfToFullStep(int attempt, int minSeconds, int maxSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(minSeconds), RetryBackoff.Delay(attempt, Base, Max, 0));
        Assert.InRange(RetryBackoff.Delay(attempt, Base, Max, 0.999999), TimeSpan.FromSeconds(maxSeconds - 0.01), TimeSpan.FromSeconds(maxSeconds));
    }

    [Fact]
    public void Delay_ManyAttempts_StopsAtTheCeiling()
    {
        Assert.Equal(TimeSpan.FromHours(3), RetryBackoff.Delay(60, Base, Max, 0));
        Assert.Equal(TimeSpan.FromHours(3), RetryBackoff.Delay(int.MaxValue, Base, Max, 0));
    }

    [Fact]
    public void Delay_OutOfRangeInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Delay(0, Base, Max, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Delay(1, Base, Max, 1));
    }
}
