using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using static Parcours.Domain.Tests.Journeys.SampleJourney;

namespace Parcours.Domain.Tests.Journeys;

public sealed class InvitationRulesTests
{
    private static readonly PersonId Anyone = new(Guid.Parse("0190f6a2-0000-7000-8000-000000000001"));

    /// <summary>The first people in and out of the warm point's 20 % pilot, found rather than assumed.</summary>
    private static readonly PersonId InPilot = FirstWhere(p => PilotSelection.Includes(Warm, p, null));
    private static readonly PersonId OutOfPilot = FirstWhere(p => !PilotSelection.Includes(Warm, p, null));

    private static PersonId FirstWhere(Func<PersonId, bool> test) =>
        Enumerable.Range(1, 1000).Select(i => new PersonId(new Guid(i, 1, 0x7000, [0x80, 0, 0, 0, 0, 0, 0, 1]))).First(test);

    [Fact]
    public void Decide_HotTwoHours_WaitingThenDueAtTriggerPlusTwoHours()
    {
        var triggered = Utc(2026, 5, 12, 10);

        var before = InvitationRules.Decide(Hot, Anyone, null, triggered, Utc(2026, 5, 12, 11, 59), Paris);
        var at = InvitationRules.Decide(Hot, Anyone, null, triggered, Utc(2026, 5, 12, 12), Paris);

        Assert.Equal(new InvitationDecision(InvitationOutcome.Waiting, Utc(2026, 5, 12, 12)), before);
        Assert.Equal(new InvitationDecision(InvitationOutcome.Due, Utc(2026, 5, 12, 12)), at);
    }

    [Fact]
    public void DueAt_HotZeroMinutes_AtOnce()
    {
        Assert.Equal(Utc(2026, 5, 12, 10), InvitationRules.DueAt(new HotDelay(0), Utc(2026, 5, 12, 10), Paris));
    }

    [Fact]
    public void DueAt_WarmSevenDaysAcrossSpringForward_SameLocalTime()
    {
        // Tuesday 24 March 2026 10:00 CET (09:00Z) → Tuesday 31 March 10:00 CEST (08:00Z): 167 hours, not 168.
        Assert.Equal(Utc(2026, 3, 31, 8), InvitationRules.DueAt(new WarmDelay(7), Utc(2026, 3, 24, 9), Paris));
    }

    [Fact]
    public void DueAt_WarmLandingInTheSpringGap_EndOfTheGap()
    {
        // 02:30 local on Thursday 26 March + 3 days = 02:30 on 29 March, which does not exist in Paris: 03:00 CEST (01:00Z).
        Assert.Equal(Utc(2026, 3, 29, 1), InvitationRules.DueAt(new WarmDelay(3), Utc(2026, 3, 26, 1, 30), Paris));
    }

    [Fact]
    public void DueAt_WarmAcrossFallBack_SameLocalTime()
    {
        // Friday 23 October 2026 18:00 CEST (16:00Z) + 3 days → Monday 26 October 18:00 CET (17:00Z).
        Assert.Equal(Utc(2026, 10, 26, 17), InvitationRules.DueAt(new WarmDelay(3), Utc(2026, 10, 23, 16), Paris));
    }

    [Fact]
    public void Decide_WarmInPilot_DueSevenDaysLater()
    {
        var decision = InvitationRules.Decide(Warm, InPilot, null, Utc(2026, 5, 12, 10), Utc(2026, 5, 19, 10), Paris);

        Assert.Equal(new InvitationDecision(InvitationOutcome.Due, Utc(2026, 5, 19, 10)), decision);
    }

    [Fact]
    public void Decide_WarmOutOfPilot_NotInPilot()
    {
        Assert.Equal(InvitationOutcome.NotInPilot, InvitationRules.Decide(Warm, OutOfPilot, null, Utc(2026, 5, 12, 10), Utc(2026, 5, 19, 10), Paris).Outcome);
    }

    [Theory]
    [InlineData(2026, 2, 28, 23, InvitationOutcome.OutsideWindow)]
    [InlineData(2026, 3, 1, 0, InvitationOutcome.Due)]
    [InlineData(2026, 6, 30, 23, InvitationOutcome.Due)]   // due 7 July, after the window: still asked
    [InlineData(2026, 7, 1, 0, InvitationOutcome.OutsideWindow)]
    public void Decide_ActiveWindow_AppliesToTheTrigger(int year, int month, int day, int hour, InvitationOutcome outcome)
    {
        var triggered = Utc(year, month, day, hour);

        Assert.Equal(outcome, InvitationRules.Decide(Warm, InPilot, null, triggered, triggered.AddDays(8), Paris).Outcome);
    }

    [Fact]
    public void Decide_ColdPoint_NotEventDriven()
    {
        Assert.Equal(InvitationOutcome.NotEventDriven, InvitationRules.Decide(Cold, Anyone, null, Utc(2026, 5, 12, 10), Utc(2026, 5, 12, 10), Paris).Outcome);
        Assert.Throws<ArgumentException>(() => InvitationRules.DueAt(Cold.Delay, Utc(2026, 5, 12, 10), Paris));
    }

    [Fact]
    public void ChannelFor_FirstReachableInPreferenceOrder_NeverThePublicLink()
    {
        var point = Hot with { Channels = [SurveyChannel.PublicLink, SurveyChannel.Sms, SurveyChannel.Email] };

        Assert.Equal(SurveyChannel.Sms, InvitationRules.ChannelFor(point, _ => true));
        Assert.Equal(SurveyChannel.Email, InvitationRules.ChannelFor(point, c => c != SurveyChannel.Sms));
        Assert.Null(InvitationRules.ChannelFor(point, c => c == SurveyChannel.PublicLink));
    }

    [Fact]
    public void ReminderAt_HotByDefault_None()
    {
        Assert.Null(InvitationRules.ReminderAt(Hot.Reminder, Utc(2026, 5, 12, 10), Paris));
    }

    [Fact]
    public void ReminderAt_HotSwitchedOn_AfterItsDays()
    {
        Assert.Equal(Utc(2026, 5, 13, 10), InvitationRules.ReminderAt(new ReminderRule(true, 1), Utc(2026, 5, 12, 10), Paris));
    }

    [Fact]
    public void ShouldRemind_WarmDefaultThreeDays_OnlyTheUnansweredOnceBeforeExpiry()
    {
        var invited = Utc(2026, 5, 12, 10);
        var rule = Warm.Reminder;
        var threeDaysLater = Utc(2026, 5, 15, 10);

        Assert.False(InvitationRules.ShouldRemind(rule, invited, false, false, null, threeDaysLater.AddMinutes(-1), Paris));
        Assert.True(InvitationRules.ShouldRemind(rule, invited, false, false, null, threeDaysLater, Paris));
        Assert.False(InvitationRules.ShouldRemind(rule, invited, answered: true, false, null, threeDaysLater, Paris));
        Assert.False(InvitationRules.ShouldRemind(rule, invited, false, alreadyReminded: true, null, threeDaysLater, Paris));
        Assert.False(InvitationRules.ShouldRemind(rule, invited, false, false, expiresAt: threeDaysLater, threeDaysLater, Paris));
        Assert.False(InvitationRules.ShouldRemind(ReminderRule.Off, invited, false, false, null, threeDaysLater.AddDays(30), Paris));
    }
}
