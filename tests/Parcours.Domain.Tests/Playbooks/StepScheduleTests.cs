using Parcours.Domain.Playbooks;
using static Parcours.Domain.Tests.Playbooks.SamplePlaybook;

namespace Parcours.Domain.Tests.Playbooks;

public sealed class StepScheduleTests
{
    [Fact]
    public void DueAt_DayTwoAtLocalTimeInWinter_ParisWinterOffset()
    {
        // Monday 2 March 2026, 11:15 in Paris (UTC+1).
        var due = StepSchedule.DueAt(Utc(2026, 3, 2, 10, 15), Paris, 2, new TimeOnly(9, 30));

        Assert.Equal(Utc(2026, 3, 4, 8, 30), due);
    }

    [Fact]
    public void DueAt_LocalTimeAfterSpringForward_UsesSummerOffset()
    {
        // Friday 27 March 10:00 CET; Paris moves to CEST on Sunday 29 March; Monday 30 at 09:30 CEST is 07:30 UTC.
        var due = StepSchedule.DueAt(Utc(2026, 3, 27, 9), Paris, 3, new TimeOnly(9, 30));

        Assert.Equal(Utc(2026, 3, 30, 7, 30), due);
    }

    [Fact]
    public void DueAt_NoLocalTimeAcrossSpringForward_KeepsWallClockTime()
    {
        // Saturday 28 March 10:00 CET; D+1 is Sunday 10:00 CEST, only 23 hours later.
        var anchor = Utc(2026, 3, 28, 9);

        var due = StepSchedule.DueAt(anchor, Paris, 1, null);

        Assert.Equal(Utc(2026, 3, 29, 8), due);
        Assert.Equal(TimeSpan.FromHours(23), due - anchor);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 30)]
    [InlineData(2, 59)]
    public void DueAt_LocalTimeInSpringGap_MovesToEndOfGap(int hour, int minute)
    {
        // 02:00–02:59 does not exist in Paris on 29 March 2026; the first instant that exists is 03:00 CEST = 01:00 UTC.
        var due = StepSchedule.DueAt(Utc(2026, 3, 27, 12), Paris, 2, new TimeOnly(hour, minute));

        Assert.Equal(Utc(2026, 3, 29, 1), due);
        Assert.Equal(new TimeOnly(3, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, Paris).DateTime));
    }

    [Fact]
    public void DueAt_LocalTimeInAutumnOverlap_TakesFirstOccurrence()
    {
        // 02:30 happens twice in Paris on 25 October 2026: first at UTC+2 (00:30 UTC), then at UTC+1 (01:30 UTC).
        var due = StepSchedule.DueAt(Utc(2026, 10, 23, 12), Paris, 2, new TimeOnly(2, 30));

        Assert.Equal(Utc(2026, 10, 25, 0, 30), due);
    }

    [Fact]
    public void DueAt_AfterAutumnFallBack_UsesWinterOffset()
    {
        var due = StepSchedule.DueAt(Utc(2026, 10, 23, 12), Paris, 3, new TimeOnly(9, 30));

        Assert.Equal(Utc(2026, 10, 26, 8, 30), due);
    }

    [Fact]
    public void DueAt_NewYorkSpringGap_MovesToThreeAmEasternDaylight()
    {
        // New York springs forward on Sunday 8 March 2026 at 02:00 EST: 02:30 does not exist, 03:00 EDT is 07:00 UTC.
        var due = StepSchedule.DueAt(Utc(2026, 3, 6, 17), NewYork, 2, new TimeOnly(2, 30));

        Assert.Equal(Utc(2026, 3, 8, 7), due);
    }

    [Fact]
    public void DueAt_NewYorkAutumnOverlap_TakesFirstOccurrenceOnDaylightTime()
    {
        // 01:30 happens twice on Sunday 1 November 2026: EDT (05:30 UTC) then EST (06:30 UTC).
        var due = StepSchedule.DueAt(Utc(2026, 10, 30, 17), NewYork, 2, new TimeOnly(1, 30));

        Assert.Equal(Utc(2026, 11, 1, 5, 30), due);
    }

    [Fact]
    public void DueAt_TokyoEnrolmentOnNextLocalDay_CountsFromLocalDate()
    {
        // 20:00 UTC on 2 March is already 05:00 on 3 March in Tokyo: D+1 is 4 March at 09:00 JST, midnight UTC.
        var due = StepSchedule.DueAt(Utc(2026, 3, 2, 20), Tokyo, 1, new TimeOnly(9, 0));

        Assert.Equal(Utc(2026, 3, 4, 0), due);
    }

    [Fact]
    public void DueAt_EnrolmentLateInTheEvening_DayOneIsTheNextLocalMorning()
    {
        // 23:30 on Monday in Paris (22:30 UTC): D+1 at 09:00 is Tuesday morning, not Wednesday.
        Assert.Equal(Utc(2026, 3, 3, 8), StepSchedule.DueAt(Utc(2026, 3, 2, 22, 30), Paris, 1, new TimeOnly(9, 0)));
    }

    [Fact]
    public void DueAt_NewYorkEveningAlreadyNextDayInUtc_CountsFromNewYorkDate()
    {
        // 03:00 UTC on 3 March is 22:00 on 2 March in New York: D+1 at 09:00 is 3 March 09:00 EST = 14:00 UTC.
        Assert.Equal(Utc(2026, 3, 3, 14), StepSchedule.DueAt(Utc(2026, 3, 3, 3), NewYork, 1, new TimeOnly(9, 0)));
    }

    [Fact]
    public void DueAt_DayZeroAtTimeAlreadyPast_DueImmediatelyAtAnchor()
    {
        var anchor = Utc(2026, 3, 2, 16, 30); // 17:30 in Paris

        Assert.Equal(anchor, StepSchedule.DueAt(anchor, Paris, 0, new TimeOnly(9, 0)));
    }

    [Fact]
    public void DueAt_DayZeroAtTimeLaterToday_DueThatTimeToday()
    {
        Assert.Equal(Utc(2026, 3, 2, 8), StepSchedule.DueAt(Utc(2026, 3, 2, 6), Paris, 0, new TimeOnly(9, 0)));
    }

    [Fact]
    public void DueAt_DayZeroWithoutTime_DueAtAnchor()
    {
        var anchor = Utc(2026, 3, 2, 16, 42);

        Assert.Equal(anchor, StepSchedule.DueAt(anchor, Paris, 0, null));
    }

    [Fact]
    public void DueAt_DayZeroInSecondAutumnOccurrence_NotBeforeAnchor()
    {
        // Enrolled at 02:30 on the second pass (01:30 UTC); the same local time read as the first pass would be an hour earlier.
        var anchor = Utc(2026, 10, 25, 1, 30);

        Assert.Equal(anchor, StepSchedule.DueAt(anchor, Paris, 0, null));
    }

    [Theory]
    [InlineData(5, 9)] // Thursday + 2 = Saturday → Monday 9
    [InlineData(6, 9)] // Friday + 2 = Sunday → Monday 9
    [InlineData(4, 6)] // Wednesday + 2 = Friday stays
    public void DueAt_BusinessDaysOnly_WeekendMovesToMonday(int enrolmentDay, int expectedDay)
    {
        var due = StepSchedule.DueAt(Utc(2026, 3, enrolmentDay, 10), Paris, 2, new TimeOnly(9, 30), businessDaysOnly: true);

        Assert.Equal(Utc(2026, 3, expectedDay, 8, 30), due);
    }

    [Fact]
    public void DueAt_WithoutBusinessDays_WeekendKept()
    {
        Assert.Equal(Utc(2026, 3, 7, 8, 30), StepSchedule.DueAt(Utc(2026, 3, 5, 10), Paris, 2, new TimeOnly(9, 30)));
    }

    [Fact]
    public void DueAt_TimingAfterAnotherStep_CountsFromThatCompletion()
    {
        var completedAt = Utc(2026, 3, 10, 15, 20); // 16:20 in Paris

        var due = StepSchedule.DueAt(completedAt, Paris, StepTiming.AfterStep("csm_call", 1, "09:00"));

        Assert.Equal(Utc(2026, 3, 11, 8), due);
    }

    [Fact]
    public void DueAt_NegativeDays_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.DueAt(Utc(2026, 3, 2, 10), Paris, -1, null));
    }

    [Fact]
    public void Expand_EveryThreeDaysFourTimes_FromDayZero()
    {
        Assert.Equal([0, 3, 6, 9], SeriesPattern.Every(3, 4).Expand());
    }

    [Fact]
    public void Expand_EveryWeekForFourWeeks_HorizonInclusive()
    {
        Assert.Equal([0, 7, 14, 21], SeriesPattern.EveryUntil(7, 27).Expand());
        Assert.Equal([0, 7, 14, 21, 28], SeriesPattern.EveryUntil(7, 28).Expand());
    }

    [Fact]
    public void Expand_SevenInFirstMonthThenMonthly_ContinuesFromLastExplicitDay()
    {
        var pattern = new SeriesPattern([0, 2, 4, 7, 11, 17, 24], EveryDays: 30, HorizonDay: 180);

        Assert.Equal([0, 2, 4, 7, 11, 17, 24, 54, 84, 114, 144, 174], pattern.Expand());
    }

    [Fact]
    public void SeriesDueAt_DailyOnBusinessDaysFromFriday_WeekendPushesLaterOccurrencesKeepingCount()
    {
        var timing = StepTiming.Day(1, "10:00", businessDaysOnly: true);

        // Enrolled Thursday 5 March: days 1..7 are Fri, Sat, Sun, Mon, Tue, Wed, Thu; Saturday goes to Monday and each
        // later one to the business day after the one before.
        var instants = StepSchedule.SeriesDueAt(Utc(2026, 3, 5, 10), Paris, timing, SeriesPattern.Every(1, 7));

        Assert.Equal([6, 9, 10, 11, 12, 13, 16], instants.Select(i => i.Day));
        Assert.All(instants, i => Assert.Equal(9, i.Hour));
    }

    [Fact]
    public void SeriesDueAt_WeeklyAcrossSpringForward_SameLocalTimeEachWeek()
    {
        var instants = StepSchedule.SeriesDueAt(Utc(2026, 3, 16, 12), Paris, StepTiming.Day(0, "10:00"), SeriesPattern.Every(7, 3));

        // 16 March is already past 10:00 local at enrolment (13:00): the first one is immediate.
        Assert.Equal([Utc(2026, 3, 16, 12), Utc(2026, 3, 23, 9), Utc(2026, 3, 30, 8)], instants);
    }

    [Fact]
    public void SeriesDueAt_WithoutBusinessDays_OneOccurrencePerOffsetOnWeekendsToo()
    {
        var instants = StepSchedule.SeriesDueAt(Utc(2026, 3, 5, 10), Paris, StepTiming.Day(1, "10:00"), SeriesPattern.Every(1, 3));

        Assert.Equal([Utc(2026, 3, 6, 9), Utc(2026, 3, 7, 9), Utc(2026, 3, 8, 9)], instants);
    }

    [Fact]
    public void Zone_UnknownId_FailsWithInvalidTimeZone()
    {
        var result = StepSchedule.Zone("Mars/Olympus_Mons");

        Assert.Equal("invalid_time_zone", Assert.IsType<Parcours.Domain.Common.Error.Invalid>(result.Error).Code);
    }

    [Fact]
    public void Zone_IanaId_Found()
    {
        Assert.Equal("Asia/Tokyo", StepSchedule.Zone("Asia/Tokyo").Value.Id);
    }
}
