using Parcours.Domain.Adoption;

namespace Parcours.Domain.Tests.Adoption;

public sealed class AdoptionCalculatorTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static readonly HashSet<string> LoginNames = new(StringComparer.Ordinal) { "Signed In" };

    private static DateOnly Day(int offset) => Today.AddDays(offset);

    /// <summary>One person active on each of the given days (offsets from today), three events a day.</summary>
    private static DailyUsage[] ActiveOn(params int[] offsets) => [.. offsets.Select(o => new DailyUsage(Day(o), 3, 1))];

    /// <summary><paramref name="users"/> active users on every day from <paramref name="from"/> to <paramref name="to"/> (offsets, inclusive).</summary>
    private static IEnumerable<DailyUsage> Users(int from, int to, int users) =>
        Enumerable.Range(from, to - from + 1).Select(o => new DailyUsage(Day(o), users * 2, users));

    private static DailyEventCount E(int offset, string name, int count = 1) => new(Day(offset), name, count);

    private static Feature F(string name, string pattern, int weight, FeatureKind kind = FeatureKind.Basic) =>
        Feature.Create(name, pattern, kind, weight).Value;

    private static AdoptionFigures Compute(
        IEnumerable<DailyUsage>? days = null,
        IEnumerable<DailyEventCount>? events = null,
        FeatureCatalogue? catalogue = null) =>
        AdoptionCalculator.Compute([.. days ?? []], [.. events ?? []], catalogue ?? FeatureCatalogue.Empty, LoginNames, Today);

    [Fact]
    public void Compute_ActiveDaysAroundWindowEdges_CountsWindowsInclusiveOfToday()
    {
        var figures = Compute(ActiveOn(0, -6, -7, -29, -30, 1));

        Assert.Equal(2, figures.ActiveDays7);
        Assert.Equal(4, figures.ActiveDays30);
    }

    [Fact]
    public void Compute_DayWithZeroEvents_NotActive()
    {
        var figures = Compute([new DailyUsage(Day(-1), 0, 0), new DailyUsage(Day(-2), 1, 1)]);

        Assert.Equal(1, figures.ActiveDays7);
        Assert.Equal(Day(-2), figures.LastActiveDay);
    }

    [Fact]
    public void Compute_SameDayInTwoRows_CountsOneActiveDayAndAddsEvents()
    {
        var figures = Compute([new DailyUsage(Day(-1), 2, 1), new DailyUsage(Day(-1), 5, 1)]);

        Assert.Equal(1, figures.ActiveDays30);
        Assert.Equal(new DailyUsage(Day(-1), 7, 1), figures.DailyActiveUsers[^2]);
    }

    [Fact]
    public void Compute_ActivityOnlyAfterToday_IgnoresIt()
    {
        var figures = Compute(ActiveOn(1, 2), [E(1, "Signed In")]);

        Assert.Equal(0, figures.ActiveDays7);
        Assert.Equal(0, figures.Logins7);
        Assert.Null(figures.LastActiveDay);
        Assert.Null(figures.LastLoginDay);
        Assert.Equal(AdoptionTrend.Inactive, figures.Direction);
    }

    [Fact]
    public void Compute_LastActiveDay_IsTheLatestActiveDayUpToToday()
    {
        var figures = Compute(ActiveOn(-400, -3, -12, 4));

        Assert.Equal(Day(-3), figures.LastActiveDay);
    }

    [Fact]
    public void Compute_LoginEventsInAnyCase_SummedPerWindow()
    {
        var figures = Compute(events: [
            E(0, "signed in", 2), E(-6, "SIGNED IN"), E(-7, "Signed In", 4), E(-29, "Signed In"), E(-30, "Signed In", 8),
            E(1, "Signed In", 16), E(-2, "Page Viewed", 32),
        ]);

        Assert.Equal(3, figures.Logins7);
        Assert.Equal(8, figures.Logins30);
        Assert.Equal(Day(0), figures.LastLoginDay);
    }

    [Fact]
    public void Compute_LastLoginOlderThan30Days_StillReported()
    {
        var figures = Compute(events: [E(-90, "Signed In"), E(-45, "Signed In"), E(-2, "Page Viewed")]);

        Assert.Equal(0, figures.Logins30);
        Assert.Equal(Day(-45), figures.LastLoginDay);
    }

    [Fact]
    public void Compute_SomeFeaturesUsed_BreadthAndStickyShareAreWeightShares()
    {
        var catalogue = FeatureCatalogue.Create([
            F("Contacts", "Contact *", 3),
            F("Reports", "Report *", 2, FeatureKind.Sticky),
            F("Automations", "Automation *", 5, FeatureKind.Sticky),
        ]).Value;

        var figures = Compute(events: [E(-1, "Contact Created"), E(-29, "Automation Ran"), E(-40, "Report Viewed")], catalogue: catalogue);

        Assert.Equal(0.8, figures.Breadth, 10);
        Assert.Equal(5 / 7.0, figures.StickyShare, 10);
    }

    [Fact]
    public void Compute_NoStickyFeature_StickyShareZero()
    {
        var catalogue = FeatureCatalogue.Create([F("Contacts", "Contact *", 3)]).Value;

        var figures = Compute(events: [E(-1, "Contact Created")], catalogue: catalogue);

        Assert.Equal(1, figures.Breadth);
        Assert.Equal(0, figures.StickyShare);
    }

    [Fact]
    public void Compute_EmptyCatalogue_BreadthZeroAndNoFeatureRows()
    {
        var figures = Compute(ActiveOn(0), [E(0, "Contact Created")]);

        Assert.Equal(0, figures.Breadth);
        Assert.Equal(0, figures.StickyShare);
        Assert.Empty(figures.Features);
    }

    [Fact]
    public void Compute_Features_OneRowPerFeatureMostUsedFirst()
    {
        var catalogue = FeatureCatalogue.Create([
            F("Contacts", "Contact *", 3),
            F("Reports", "Report *", 2, FeatureKind.Sticky),
            F("Automations", "Automation *", 5, FeatureKind.Sticky),
            F("Billing", "Invoice *", 1),
        ]).Value;

        var figures = Compute(events: [
            E(-1, "Contact Created", 2), E(-3, "Contact Deleted", 1),
            E(0, "Report Viewed", 5), E(-29, "REPORT exported", 1), E(-30, "Report Viewed", 100), E(1, "Report Viewed", 100),
            E(-50, "Automation Ran", 9),
        ], catalogue: catalogue);

        Assert.Equal(
            [
                new FeatureUsage("Reports", FeatureKind.Sticky, 2, 6, Day(0)),
                new FeatureUsage("Contacts", FeatureKind.Basic, 3, 3, Day(-1)),
                new FeatureUsage("Automations", FeatureKind.Sticky, 5, 0, Day(-50)),
                new FeatureUsage("Billing", FeatureKind.Basic, 1, 0, null),
            ],
            figures.Features);
    }

    [Fact]
    public void Compute_SparseDays_SeriesIs210DaysEndingTodayZeroFilled()
    {
        var figures = Compute([
            new DailyUsage(Day(0), 9, 4), new DailyUsage(Day(-209), 5, 2), new DailyUsage(Day(-210), 7, 7), new DailyUsage(Day(1), 8, 8),
        ]);

        var series = figures.DailyActiveUsers;
        Assert.Equal(210, series.Count);
        Assert.Equal(new DailyUsage(Day(-209), 5, 2), series[0]);
        Assert.Equal(new DailyUsage(Day(0), 9, 4), series[^1]);
        Assert.Equal(Enumerable.Range(-209, 210).Select(Day), series.Select(d => d.Day));
        Assert.Equal(6, series.Sum(d => d.ActiveUsers));
    }

    [Fact]
    public void Compute_NoDays_SeriesStillHas210ZeroDays()
    {
        var figures = Compute();

        Assert.Equal(210, figures.DailyActiveUsers.Count);
        Assert.All(figures.DailyActiveUsers, d => Assert.Equal(0, d.ActiveUsers + d.Events));
    }

    [Fact]
    public void Compute_UsersAcrossWindows_LastWeekAndBaselineAreMeansWithZeroDays()
    {
        // Last week: 14 user-days over 7 days. Baseline (today-216..today-7): 105 user-days over 210 days, with the
        // window's two edges inside and the days just outside it ignored.
        var days = Users(-6, 0, 2)
            .Concat(Users(-7, -7, 50))
            .Concat(Users(-216, -216, 50))
            .Concat(Users(-110, -8, 1)) // 103 days
            .Append(new DailyUsage(Day(-217), 500, 500))
            .Append(new DailyUsage(Day(1), 500, 500));

        var figures = Compute(days);

        Assert.Equal(2.0, figures.LastWeek, 10);
        Assert.Equal(203 / 210.0, figures.Baseline, 10);
        Assert.Equal(2.0 / (203 / 210.0), figures.Trend!.Value, 10);
    }

    [Fact]
    public void Compute_NoActivityInBaselineWindow_TrendNull()
    {
        var figures = Compute(ActiveOn(0, -300));

        Assert.Equal(0, figures.Baseline);
        Assert.Null(figures.Trend);
    }

    [Fact]
    public void Compute_NoEventInLast7DaysDespiteOlderActivity_Inactive()
    {
        Assert.Equal(AdoptionTrend.Inactive, Compute(Users(-100, -7, 3)).Direction);
    }

    [Fact]
    public void Compute_ActivityOnlyInLast7Days_New()
    {
        Assert.Equal(AdoptionTrend.New, Compute(Users(-6, 0, 3)).Direction);
    }

    [Fact]
    public void Compute_BackAfterMoreThan30Weeks_GrowingFromZeroBaseline()
    {
        var figures = Compute(ActiveOn(-1, -300));

        Assert.Null(figures.Trend);
        Assert.Equal(AdoptionTrend.Growing, figures.Direction);
    }

    [Theory]
    [InlineData(42, AdoptionTrend.Growing)] // 6 a day against 5: trend exactly 1.2
    [InlineData(41, AdoptionTrend.Stable)] // 1.171
    [InlineData(35, AdoptionTrend.Stable)] // 1.0
    [InlineData(29, AdoptionTrend.Stable)] // 0.829
    [InlineData(28, AdoptionTrend.Fading)] // 4 a day against 5: trend exactly 0.8
    [InlineData(1, AdoptionTrend.Fading)]
    public void Compute_LastWeekAgainstBaselineOfFive_DirectionFromThresholds(int lastWeekUserDays, AdoptionTrend expected)
    {
        // Baseline: 5 users on each of the 210 days. Last week: lastWeekUserDays spread over the 7 days, today first.
        var lastWeek = Enumerable.Range(0, 7)
            .Select(i => new DailyUsage(Day(-i), 10, (lastWeekUserDays / 7) + (i < lastWeekUserDays % 7 ? 1 : 0)))
            .Where(d => d.ActiveUsers > 0);

        var figures = Compute(Users(-216, -7, 5).Concat(lastWeek));

        Assert.Equal(5, figures.Baseline, 10);
        Assert.Equal(expected, figures.Direction);
    }

    [Fact]
    public void Compute_UnsortedInput_SameFiguresAsSorted()
    {
        var catalogue = FeatureCatalogue.Create([F("Reports", "Report *", 2)]).Value;
        var days = Users(-216, 0, 1).Concat(ActiveOn(-300)).ToArray();
        DailyEventCount[] events = [E(-300, "Signed In"), E(-3, "Report Viewed"), E(-1, "Signed In"), E(-40, "Report Viewed")];

        var sorted = Compute(days, events, catalogue);
        var shuffled = Compute(days.Reverse(), events.Reverse(), catalogue);

        Assert.Equal(sorted with { Features = [], DailyActiveUsers = [] }, shuffled with { Features = [], DailyActiveUsers = [] });
        Assert.Equal(sorted.Features, shuffled.Features);
        Assert.Equal(sorted.DailyActiveUsers, shuffled.DailyActiveUsers);
    }

    [Fact]
    public void Compute_NoActivityInLast30DaysDespiteOlderActivity_BandInactive()
    {
        var figures = Compute(ActiveOn(-30, -31, -100));

        Assert.Equal(AdoptionBand.Inactive, figures.Band);
    }

    [Theory]
    [InlineData(6, true, 0.6, AdoptionBand.High)] // 0.5 × 6/30 + 0.5 × 1
    [InlineData(5, true, 0.5833, AdoptionBand.Medium)]
    [InlineData(18, false, 0.3, AdoptionBand.Medium)] // 0.5 × 18/30 + 0
    [InlineData(17, false, 0.2833, AdoptionBand.Low)]
    [InlineData(1, false, 0.0167, AdoptionBand.Low)]
    [InlineData(30, true, 1.0, AdoptionBand.High)]
    public void Compute_ActiveDaysAndBreadth_ScoreAndBandFromThresholds(int activeDays, bool usesTheFeature, double score, AdoptionBand band)
    {
        var catalogue = FeatureCatalogue.Create([F("Reports", "Report *", 4)]).Value;
        var events = usesTheFeature ? [E(0, "Report Viewed")] : Array.Empty<DailyEventCount>();

        var figures = Compute(Users(-(activeDays - 1), 0, 1), events, catalogue);

        Assert.Equal(activeDays, figures.ActiveDays30);
        Assert.Equal(score, figures.Score);
        Assert.Equal(band, figures.Band);
    }

    [Theory]
    [InlineData(18, 0.6, AdoptionBand.High)]
    [InlineData(17, 0.5667, AdoptionBand.Medium)]
    [InlineData(9, 0.3, AdoptionBand.Medium)]
    [InlineData(8, 0.2667, AdoptionBand.Low)]
    public void Compute_EmptyCatalogue_ScoreIsFrequencyAlone(int activeDays, double score, AdoptionBand band)
    {
        var figures = Compute(Users(-(activeDays - 1), 0, 1));

        Assert.Equal(score, figures.Score);
        Assert.Equal(band, figures.Band);
    }
}
