using Parcours.Domain.Messaging;

namespace Parcours.Domain.Tests.Messaging;

/// <summary>The contact-pressure engine: consent, caps at their boundaries, quiet hours in the person's zone across DST, blackouts.</summary>
public sealed class SolicitationTests
{
    private static readonly TimeZoneInfo Paris = LocalTime.Zone("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = LocalTime.Zone("America/New_York");

    private static readonly ChannelRules Open = new(true, null, null, CapOverflow.Defer, null, []);

    private static SolicitationContact Contact(TimeZoneInfo? zone = null, ConsentState consent = ConsentState.Granted, bool hasAddress = true) =>
        new(consent, hasAddress, zone ?? Paris);

    /// <summary>A UTC instant written as Paris wall-clock time on that date.</summary>
    private static DateTimeOffset ParisAt(int year, int month, int day, int hour, int minute = 0) =>
        LocalTime.ToInstant(new DateTime(year, month, day, hour, minute, 0), Paris);

    private static SolicitationDecision Decide(ChannelRules rules, DateTimeOffset now, params DateTimeOffset[] sends) =>
        Solicitation.Decide(rules, Contact(), sends, now);

    [Fact]
    public void Decide_NoRuleObjects_SendsNow()
    {
        Assert.Equal(SolicitationDecision.SendNow, Decide(Open, ParisAt(2026, 3, 2, 10)));
    }

    [Theory]
    [InlineData(ConsentState.NotGiven, SolicitationReason.NoConsent)]
    [InlineData(ConsentState.Withdrawn, SolicitationReason.Unsubscribed)]
    public void Decide_WithoutConsent_Suppresses(ConsentState consent, SolicitationReason reason)
    {
        var decision = Solicitation.Decide(Open, Contact(consent: consent), [], ParisAt(2026, 3, 2, 10));

        Assert.Equal(new SolicitationDecision.Suppress(reason), decision);
    }

    [Fact]
    public void Decide_ChannelDisabled_NoAddress_OrDeleted_Suppress()
    {
        var now = ParisAt(2026, 3, 2, 10);
        Assert.Equal(new SolicitationDecision.Suppress(SolicitationReason.ChannelDisabled), Solicitation.Decide(Open with { Enabled = false }, Contact(), [], now));
        Assert.Equal(new SolicitationDecision.Suppress(SolicitationReason.NoAddress), Solicitation.Decide(Open, Contact(hasAddress: false), [], now));
        Assert.Equal(new SolicitationDecision.Suppress(SolicitationReason.PersonDeleted), Solicitation.Decide(Open, Contact() with { Deleted = true }, [], now));
    }

    [Fact]
    public void Decide_ConsentIsCheckedBeforeTime_SuppressedEvenInQuietHours()
    {
        var rules = Open with { Quiet = new QuietHours(new(21, 0), new(8, 0)) };

        Assert.IsType<SolicitationDecision.Suppress>(Solicitation.Decide(rules, Contact(consent: ConsentState.Withdrawn), [], ParisAt(2026, 3, 2, 23)));
    }

    [Theory]
    [InlineData(23, 0, 3, 8)]   // late evening: tomorrow at 08:00
    [InlineData(2, 30, 2, 8)]   // after midnight: the same morning
    [InlineData(7, 59, 2, 8)]   // one minute before the end
    public void Decide_QuietHoursSpanningMidnight_DefersToTheirLocalEnd(int hour, int minute, int endDay, int endHour)
    {
        var rules = Open with { Quiet = new QuietHours(new(21, 0), new(8, 0)) };

        var decision = Decide(rules, ParisAt(2026, 3, 2, hour, minute));

        Assert.Equal(new SolicitationDecision.Defer(ParisAt(2026, 3, endDay, endHour), SolicitationReason.QuietHours), decision);
    }

    [Theory]
    [InlineData(8, 0)]
    [InlineData(20, 59)]
    public void Decide_AtTheEdgesOfQuietHours_StartIsQuietEndIsNot(int hour, int minute)
    {
        var rules = Open with { Quiet = new QuietHours(new(21, 0), new(8, 0)) };

        Assert.Equal(SolicitationDecision.SendNow, Decide(rules, ParisAt(2026, 3, 2, hour, minute)));
        Assert.IsType<SolicitationDecision.Defer>(Decide(rules, ParisAt(2026, 3, 2, 21, 0)));
    }

    [Fact]
    public void Decide_QuietHoursWithinOneDay_DefersToTheSameDaysEnd()
    {
        var lunch = Open with { Quiet = new QuietHours(new(12, 0), new(14, 0)) };

        Assert.Equal(new SolicitationDecision.Defer(ParisAt(2026, 3, 2, 14), SolicitationReason.QuietHours), Decide(lunch, ParisAt(2026, 3, 2, 12, 30)));
    }

    [Fact]
    public void Decide_QuietHours_AreThePersonsLocalHours()
    {
        var rules = Open with { Quiet = new QuietHours(new(21, 0), new(8, 0)) };
        var now = ParisAt(2026, 3, 2, 10); // 10:00 in Paris is 04:00 in New York

        var decision = Solicitation.Decide(rules, Contact(NewYork), [], now);

        var eightInNewYork = LocalTime.ToInstant(new DateTime(2026, 3, 2, 8, 0, 0), NewYork);
        Assert.Equal(new SolicitationDecision.Defer(eightInNewYork, SolicitationReason.QuietHours), decision);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero), eightInNewYork);
    }

    [Fact]
    public void Decide_QuietNightOfSpringForward_EndsAt8LocalWhichIs6Utc()
    {
        // Paris moves from +01:00 to +02:00 at 02:00 on Sunday 29 March 2026: 08:00 that morning is 06:00 UTC, not 07:00.
        var rules = Open with { Quiet = new QuietHours(new(21, 0), new(8, 0)) };

        var decision = Decide(rules, new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.Zero));

        Assert.Equal(new SolicitationDecision.Defer(new DateTimeOffset(2026, 3, 29, 6, 0, 0, TimeSpan.Zero), SolicitationReason.QuietHours), decision);
    }

    [Fact]
    public void Decide_QuietNightOfFallBack_EndsAt8LocalWhichIs7Utc()
    {
        // Paris moves from +02:00 to +01:00 at 03:00 on Sunday 25 October 2026.
        var rules = Open with { Quiet = new QuietHours(new(21, 0), new(8, 0)) };

        var decision = Decide(rules, new DateTimeOffset(2026, 10, 24, 20, 0, 0, TimeSpan.Zero));

        Assert.Equal(new SolicitationDecision.Defer(new DateTimeOffset(2026, 10, 25, 7, 0, 0, TimeSpan.Zero), SolicitationReason.QuietHours), decision);
    }

    [Fact]
    public void Decide_QuietHoursEndingInsideTheSpringForwardGap_EndAtTheFirstInstantAfterIt()
    {
        // 02:30 does not exist in Paris on 29 March 2026; the first wall-clock minute after the gap is 03:00 (01:00 UTC).
        var rules = Open with { Quiet = new QuietHours(new(1, 0), new(2, 30)) };

        var decision = Decide(rules, new DateTimeOffset(2026, 3, 29, 0, 15, 0, TimeSpan.Zero)); // 01:15 local

        Assert.Equal(new SolicitationDecision.Defer(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), SolicitationReason.QuietHours), decision);
    }

    [Fact]
    public void Decide_QuietHoursEndingInTheRepeatedHourOfFallBack_EndAtItsFirstOccurrence()
    {
        // 02:30 happens twice in Paris on 25 October 2026 (00:30 and 01:30 UTC): the first one ends the quiet hours.
        var rules = Open with { Quiet = new QuietHours(new(1, 0), new(2, 30)) };

        var decision = Decide(rules, new DateTimeOffset(2026, 10, 24, 23, 15, 0, TimeSpan.Zero)); // 01:15 local (+02:00)

        Assert.Equal(new SolicitationDecision.Defer(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), SolicitationReason.QuietHours), decision);
    }

    [Fact]
    public void Decide_WeeklyCap_TwoSendsAllowed_ThirdDeferredUntilTheOldestIsAWeekOld()
    {
        var rules = Open with { MaxPerWeek = 2 };
        var monday = ParisAt(2026, 3, 2, 10);
        var wednesday = ParisAt(2026, 3, 4, 10);
        var friday = ParisAt(2026, 3, 6, 10);

        Assert.Equal(SolicitationDecision.SendNow, Decide(rules, wednesday, monday));
        var third = Decide(rules, friday, monday, wednesday);

        Assert.Equal(new SolicitationDecision.Defer(monday + Solicitation.Week, SolicitationReason.WeeklyCap), third);
    }

    [Fact]
    public void Decide_WeeklyCap_AtExactlySevenDays_TheOldSendNoLongerCounts()
    {
        var rules = Open with { MaxPerWeek = 1 };
        var sent = ParisAt(2026, 3, 2, 10);

        Assert.IsType<SolicitationDecision.Defer>(Decide(rules, sent + Solicitation.Week - TimeSpan.FromSeconds(1), sent));
        Assert.Equal(SolicitationDecision.SendNow, Decide(rules, sent + Solicitation.Week, sent));
    }

    [Fact]
    public void Decide_WeeklyCapSetToSuppress_DropsTheThirdMessage()
    {
        var rules = Open with { MaxPerWeek = 2, OverCap = CapOverflow.Suppress };

        var decision = Decide(rules, ParisAt(2026, 3, 6, 10), ParisAt(2026, 3, 2, 10), ParisAt(2026, 3, 4, 10));

        Assert.Equal(new SolicitationDecision.Suppress(SolicitationReason.WeeklyCap), decision);
    }

    [Fact]
    public void Decide_DailyCap_CountsTheLocalCalendarDay_AndDefersToLocalMidnight()
    {
        var rules = Open with { MaxPerDay = 1 };
        // 00:30 in Paris on 3 March is still 2 March in UTC: the cap follows the person's day.
        var yesterdayLate = ParisAt(2026, 3, 2, 23, 30);
        var todayEarly = ParisAt(2026, 3, 3, 0, 30);

        Assert.Equal(SolicitationDecision.SendNow, Decide(rules, todayEarly, yesterdayLate));
        Assert.Equal(new SolicitationDecision.Defer(ParisAt(2026, 3, 4, 0), SolicitationReason.DailyCap), Decide(rules, ParisAt(2026, 3, 3, 9), todayEarly));
    }

    [Fact]
    public void Decide_CapThenQuietHours_LandsOnATimeEveryRuleAllows()
    {
        // Full day → next local midnight, which is inside the quiet hours → their end, 08:00.
        var rules = Open with { MaxPerDay = 1, Quiet = new QuietHours(new(21, 0), new(8, 0)) };

        var decision = Decide(rules, ParisAt(2026, 3, 2, 15), ParisAt(2026, 3, 2, 9));

        Assert.Equal(new SolicitationDecision.Defer(ParisAt(2026, 3, 3, 8), SolicitationReason.DailyCap), decision);
    }

    [Fact]
    public void Decide_Blackout_DefersToTheDayAfterThePeriod_ThenQuietHours()
    {
        var rules = Open with
        {
            Quiet = new QuietHours(new(21, 0), new(8, 0)),
            Blackouts = [new BlackoutPeriod(new DateOnly(2026, 12, 24), new DateOnly(2027, 1, 1), "Fêtes")],
        };

        var decision = Decide(rules, ParisAt(2026, 12, 26, 11));

        Assert.Equal(new SolicitationDecision.Defer(ParisAt(2027, 1, 2, 8), SolicitationReason.Blackout), decision);
        Assert.Equal(SolicitationDecision.SendNow, Decide(rules, ParisAt(2026, 12, 23, 11)));
    }

    [Fact]
    public void Decide_OverlappingBlackouts_DeferPastBoth()
    {
        var rules = Open with
        {
            Blackouts = [new BlackoutPeriod(new(2026, 8, 1), new(2026, 8, 10), null), new BlackoutPeriod(new(2026, 8, 5), new(2026, 8, 20), null)],
        };

        Assert.Equal(new SolicitationDecision.Defer(ParisAt(2026, 8, 21, 0), SolicitationReason.Blackout), Decide(rules, ParisAt(2026, 8, 3, 10)));
    }

    [Fact]
    public void Decide_ASeriesAgainstAWeeklyCap_SpreadsOutAndNeverExceedsIt()
    {
        // A welcome series of five emails on consecutive days at 10:00 against "at most 2 per rolling week", run as the
        // dispatcher runs it: the earliest due message is decided at its due time; a deferral comes back at its instant.
        var rules = Open with { MaxPerWeek = 2, Quiet = new QuietHours(new(21, 0), new(8, 0)) };
        var start = ParisAt(2026, 3, 2, 10);
        var queue = new PriorityQueue<int, DateTimeOffset>();
        for (var day = 0; day < 5; day++)
        {
            queue.Enqueue(day, LocalTime.DayAt(start, day, new TimeOnly(10, 0), Paris));
        }

        var sent = new List<DateTimeOffset>();
        while (queue.TryDequeue(out var step, out var due))
        {
            switch (Solicitation.Decide(rules, Contact(), sent, due))
            {
                case SolicitationDecision.Send:
                    sent.Add(due);
                    break;
                case SolicitationDecision.Defer defer:
                    Assert.True(defer.Until > due);
                    queue.Enqueue(step, defer.Until);
                    break;
                default:
                    Assert.Fail("Nothing is suppressed in this series.");
                    break;
            }
        }

        Assert.Equal(5, sent.Count);
        Assert.All(sent, s => Assert.True(sent.Count(o => o > s - Solicitation.Week && o <= s) <= 2));
        Assert.Equal([start, start.AddDays(1), start.AddDays(7), start.AddDays(8), start.AddDays(14)], sent);
    }

    [Fact]
    public void DayAt_KeepsTheWallClockHourAcrossDst()
    {
        // D0 is Friday 27 March 2026 at 10:00 Paris (+01:00); D+2 at 10:00 is Sunday after the change (+02:00).
        var start = new DateTimeOffset(2026, 3, 27, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), LocalTime.DayAt(start, 2, new TimeOnly(10, 0), Paris));
        Assert.Equal(new DateTimeOffset(2026, 3, 27, 9, 0, 0, TimeSpan.Zero), LocalTime.DayAt(start, 0, new TimeOnly(10, 0), Paris));
    }

    [Fact]
    public void Zone_UnknownId_IsUtc()
    {
        Assert.Same(TimeZoneInfo.Utc, LocalTime.Zone("Mars/Olympus_Mons"));
        Assert.Same(TimeZoneInfo.Utc, LocalTime.Zone(null));
    }

    [Fact]
    public void Create_InvalidRules_ReportEveryField()
    {
        var result = ChannelRules.Create(true, 5, 2, CapOverflow.Defer, new TimeOnly(21, 0), null,
            [new BlackoutPeriod(new(2026, 5, 2), new(2026, 5, 1), null)]);

        var failures = Assert.IsType<Parcours.Domain.Common.Error.Validation>(result.Error).Failures;
        Assert.Equal(["maxPerDay", "quietStart", "blackouts"], failures.Select(f => f.Field));
    }

    [Fact]
    public void Create_ValidRules_SortBlackouts()
    {
        var rules = ChannelRules.Create(true, 1, 3, CapOverflow.Suppress, new TimeOnly(20, 0), new TimeOnly(9, 0),
            [new BlackoutPeriod(new(2026, 12, 24), new(2026, 12, 31), "b"), new BlackoutPeriod(new(2026, 8, 1), new(2026, 8, 15), "a")]).Value;

        Assert.Equal(["a", "b"], rules.Blackouts.Select(b => b.Label));
        Assert.Equal(new QuietHours(new(20, 0), new(9, 0)), rules.Quiet);
    }
}
