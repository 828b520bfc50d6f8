using Parcours.Domain.Adoption;

namespace Parcours.Domain.Tests.Adoption;

public sealed class InactivityRuleTests
{
    private static readonly DateOnly LastLogin = new(2026, 3, 2);

    private static readonly DateOnly FirstSeen = new(2026, 1, 10);

    private static InactivityRule Rule(int defaultDays = 7, params (string Segment, int Days)[] segments) =>
        InactivityRule.Create(defaultDays, segments.ToDictionary(s => s.Segment, s => s.Days, StringComparer.Ordinal)).Value;

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    [InlineData(-7)]
    public void Create_DefaultDaysOutOfRange_FailsOnDefaultDays(int days)
    {
        Assert.Equal([("out_of_range", "defaultDays")], Failures.Of(InactivityRule.Create(days, null)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void Create_DefaultDaysAtBounds_Succeeds(int days)
    {
        Assert.Equal(days, InactivityRule.Create(days, null).Value.DefaultDays);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    public void Create_SegmentDaysOutOfRange_FailsOnDaysBySegment(int days)
    {
        var result = InactivityRule.Create(7, new Dictionary<string, int> { ["Enterprise"] = days });

        Assert.Equal([("out_of_range", "daysBySegment")], Failures.Of(result));
    }

    [Fact]
    public void Create_SameSegmentInAnotherCase_FailsWithDuplicateSegment()
    {
        var result = InactivityRule.Create(7, new Dictionary<string, int>(StringComparer.Ordinal) { ["Enterprise"] = 14, ["enterprise "] = 21 });

        Assert.Equal([("duplicate_segment", "daysBySegment")], Failures.Of(result));
    }

    [Fact]
    public void Create_BlankSegmentName_FailsOnDaysBySegment()
    {
        var result = InactivityRule.Create(7, new Dictionary<string, int> { [" "] = 14 });

        Assert.Equal([("required", "daysBySegment")], Failures.Of(result));
    }

    [Fact]
    public void Create_NoSegments_UsesDefaultForEverySegment()
    {
        var rule = InactivityRule.Create(10, null).Value;

        Assert.Empty(rule.DaysBySegment);
        Assert.Equal(10, rule.DaysFor("Enterprise"));
    }

    [Fact]
    public void Default_IsSevenDaysWithoutSegments()
    {
        Assert.Equal(7, InactivityRule.Default.DefaultDays);
        Assert.Empty(InactivityRule.Default.DaysBySegment);
    }

    [Fact]
    public void Equals_SameDaysBuiltTwice_Equal()
    {
        Assert.Equal(Rule(7, ("Enterprise", 14)), Rule(7, ("ENTERPRISE", 14)));
        Assert.NotEqual(Rule(7, ("Enterprise", 14)), Rule(7, ("Enterprise", 15)));
    }

    [Theory]
    [InlineData("Enterprise", 30)]
    [InlineData("enterprise", 30)]
    [InlineData(" ENTERPRISE ", 30)]
    [InlineData("SMB", 3)]
    [InlineData("Startup", 7)]
    [InlineData(null, 7)]
    [InlineData("", 7)]
    public void DaysFor_Segment_OverrideInAnyCaseElseDefault(string? segment, int expected)
    {
        var rule = Rule(7, ("Enterprise", 30), ("SMB", 3));

        Assert.Equal(expected, rule.DaysFor(segment));
    }

    [Fact]
    public void DaysFor_RuleBuiltDirectlyWithOrdinalDictionary_StillCaseInsensitive()
    {
        var rule = new InactivityRule(7, new Dictionary<string, int>(StringComparer.Ordinal) { ["Enterprise"] = 30 });

        Assert.Equal(30, rule.DaysFor("enterprise"));
    }

    [Fact]
    public void InactiveSince_SevenFullDaysNotYetOver_Null()
    {
        // Logged in on the 2nd: the 3rd to the 9th are the seven full days without a login.
        Assert.Null(Rule().InactiveSince(LastLogin, FirstSeen, null, LastLogin.AddDays(7)));
    }

    [Fact]
    public void InactiveSince_DayAfterSevenFullDays_ThatDay()
    {
        Assert.Equal(new DateOnly(2026, 3, 10), Rule().InactiveSince(LastLogin, FirstSeen, null, LastLogin.AddDays(8)));
    }

    [Fact]
    public void InactiveSince_LoggedInToday_Null()
    {
        Assert.Null(Rule(1).InactiveSince(LastLogin, FirstSeen, null, LastLogin));
    }

    [Fact]
    public void InactiveSince_OneDayRule_InactiveTwoDaysAfterLogin()
    {
        var rule = Rule(1);

        Assert.Null(rule.InactiveSince(LastLogin, FirstSeen, null, LastLogin.AddDays(1)));
        Assert.Equal(LastLogin.AddDays(2), rule.InactiveSince(LastLogin, FirstSeen, null, LastLogin.AddDays(2)));
    }

    [Fact]
    public void InactiveSince_SegmentWithLongerOverride_UsesTheOverride()
    {
        var rule = Rule(7, ("Enterprise", 14));

        Assert.Null(rule.InactiveSince(LastLogin, FirstSeen, "enterprise", LastLogin.AddDays(14)));
        Assert.Equal(LastLogin.AddDays(15), rule.InactiveSince(LastLogin, FirstSeen, "enterprise", LastLogin.AddDays(15)));
        Assert.Equal(LastLogin.AddDays(8), rule.InactiveSince(LastLogin, FirstSeen, "SMB", LastLogin.AddDays(15)));
    }

    [Fact]
    public void InactiveSince_NeverLoggedIn_CountsFromFirstSeen()
    {
        var rule = Rule();

        Assert.Null(rule.InactiveSince(null, FirstSeen, null, FirstSeen.AddDays(7)));
        Assert.Equal(FirstSeen.AddDays(8), rule.InactiveSince(null, FirstSeen, null, FirstSeen.AddDays(8)));
    }

    [Fact]
    public void InactiveSince_WhileNoNewLogin_SameDayEveryDay()
    {
        var rule = Rule();

        var answers = Enumerable.Range(8, 200).Select(d => rule.InactiveSince(LastLogin, FirstSeen, null, LastLogin.AddDays(d))).Distinct();

        Assert.Equal([LastLogin.AddDays(8)], answers);
    }

    [Fact]
    public void InactiveSince_NewLoginAfterAnEpisode_ActiveThenANewLaterDay()
    {
        var rule = Rule();
        var firstEpisode = rule.InactiveSince(LastLogin, FirstSeen, null, LastLogin.AddDays(20));
        var newLogin = LastLogin.AddDays(21);

        Assert.Null(rule.InactiveSince(newLogin, FirstSeen, null, newLogin.AddDays(3)));
        var secondEpisode = rule.InactiveSince(newLogin, FirstSeen, null, newLogin.AddDays(30));

        Assert.Equal(LastLogin.AddDays(8), firstEpisode);
        Assert.Equal(newLogin.AddDays(8), secondEpisode);
    }

    [Fact]
    public void InactiveSince_LastLoginAfterToday_Null()
    {
        Assert.Null(Rule().InactiveSince(LastLogin.AddDays(3), FirstSeen, null, LastLogin));
    }
}
