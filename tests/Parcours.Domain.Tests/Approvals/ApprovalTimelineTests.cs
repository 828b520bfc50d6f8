using Parcours.Domain.Approvals;

namespace Parcours.Domain.Tests.Approvals;

public sealed class ApprovalTimelineTests
{
    private static readonly DateTimeOffset Asked = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Defaults_GiveThreeDays_AndARemindersADayBefore()
    {
        var rules = new ApprovalTimeline();

        Assert.Equal(Asked.AddDays(3), rules.DeadlineFrom(Asked));
        Assert.Equal(Asked.AddDays(2), rules.ReminderFrom(Asked));
    }

    [Theory]
    [InlineData(24, 12, true)]
    [InlineData(24, 13, false)]
    [InlineData(48, 0, false)]
    public void Reminder_OnlyWhenItLeavesAtLeastHalfTheDelay(int deadline, int before, bool reminds) =>
        Assert.Equal(reminds, new ApprovalTimeline(deadline, before).ReminderFrom(Asked) is not null);

    [Theory]
    [InlineData(0, 3, 1)]
    [InlineData(1, 3, 2)]
    [InlineData(2, 3, null)]
    [InlineData(0, 1, null)]
    public void NextStep_WalksTheChain_ThenGoesToTheCsm(int step, int chain, int? next) =>
        Assert.Equal(next, ApprovalTimeline.NextStep(step, chain));

    [Fact]
    public void Problems_NameEachBrokenRule()
    {
        var problems = new ApprovalTimeline(0, 5).Problems(6);

        Assert.Equal(3, problems.Count);
        Assert.Empty(new ApprovalTimeline().Problems(2));
    }
}
