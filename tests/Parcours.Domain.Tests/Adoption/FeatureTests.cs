using Parcours.Domain.Adoption;

namespace Parcours.Domain.Tests.Adoption;

public sealed class FeatureTests
{
    [Fact]
    public void Create_ValidInput_TrimsNameAndPattern()
    {
        var feature = Feature.Create("  Reports ", " Report * ", FeatureKind.Sticky, 3).Value;

        Assert.Equal(new Feature("Reports", "Report *", FeatureKind.Sticky, 3), feature);
    }

    [Fact]
    public void Create_BlankName_FailsOnName()
    {
        Assert.Equal([("required", "name")], Failures.Of(Feature.Create("   ", "Signed In", FeatureKind.Basic, 1)));
    }

    [Fact]
    public void Create_NameOf100Characters_Succeeds()
    {
        Assert.True(Feature.Create(new string('n', 100), "Signed In", FeatureKind.Basic, 1).IsSuccess);
    }

    [Fact]
    public void Create_NameOf101Characters_FailsOnName()
    {
        Assert.Equal([("too_long", "name")], Failures.Of(Feature.Create(new string('n', 101), "Signed In", FeatureKind.Basic, 1)));
    }

    [Fact]
    public void Create_EmptyPattern_FailsOnPattern()
    {
        Assert.Equal([("required", "pattern")], Failures.Of(Feature.Create("Login", "", FeatureKind.Basic, 1)));
    }

    [Fact]
    public void Create_PatternOf200Characters_Succeeds()
    {
        Assert.True(Feature.Create("Long", new string('p', 200), FeatureKind.Basic, 1).IsSuccess);
    }

    [Fact]
    public void Create_PatternOf201Characters_FailsOnPattern()
    {
        Assert.Equal([("too_long", "pattern")], Failures.Of(Feature.Create("Long", new string('p', 201), FeatureKind.Basic, 1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(-3)]
    public void Create_WeightOutsideOneToTen_FailsOnWeight(int weight)
    {
        Assert.Equal([("out_of_range", "weight")], Failures.Of(Feature.Create("Login", "Signed In", FeatureKind.Basic, weight)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void Create_WeightAtBounds_Succeeds(int weight)
    {
        Assert.Equal(weight, Feature.Create("Login", "Signed In", FeatureKind.Basic, weight).Value.Weight);
    }

    [Fact]
    public void Create_UnknownKind_FailsOnKind()
    {
        Assert.Equal([("invalid_kind", "kind")], Failures.Of(Feature.Create("Login", "Signed In", (FeatureKind)7, 1)));
    }

    [Fact]
    public void Create_SeveralProblems_ReportsEveryField()
    {
        var failures = Failures.Of(Feature.Create("", "", FeatureKind.Basic, 0));

        Assert.Equal(["name", "pattern", "weight"], failures.Select(f => f.Field));
    }

    [Fact]
    public void Create_RepeatedStars_CollapsesToOne()
    {
        Assert.Equal("Report*Exported*", Feature.Create("Export", "Report***Exported**", FeatureKind.Basic, 1).Value.Pattern);
    }

    [Theory]
    [InlineData("Signed In", "Signed In", true)]
    [InlineData("Signed In", "SIGNED in", true)]
    [InlineData("Signed In", "Signed In ", false)]
    [InlineData("Signed In", "Signed", false)]
    [InlineData("Report *", "report PDF", true)]
    [InlineData("Report *", "Report ", true)]
    [InlineData("Report *", "Reports", false)]
    [InlineData("* Exported", "Invoice Exported", true)]
    [InlineData("* Exported", "Invoice Exported Twice", false)]
    [InlineData("Report*Exported", "Report PDF Exported", true)]
    [InlineData("Report*Exported", "reportexported", true)]
    [InlineData("Report*Exported", "Report PDF Exported Twice", false)]
    [InlineData("Report*Exported", "Invoice PDF Exported", false)]
    [InlineData("a*b*c", "a-c-b-c", true)]
    [InlineData("a*b*c", "a-c-c", false)]
    [InlineData("a*a", "a", false)]
    [InlineData("a*a", "aa", true)]
    [InlineData("*", "Anything at all", true)]
    [InlineData("*Page*", "Viewed page Settings", true)]
    [InlineData("*Page*", "Viewed Settings", false)]
    public void Matches_Pattern_AnswersWhetherTheEventNameFits(string pattern, string eventName, bool expected)
    {
        var feature = Feature.Create("Feature", pattern, FeatureKind.Basic, 1).Value;

        Assert.Equal(expected, feature.Matches(eventName));
    }
}
