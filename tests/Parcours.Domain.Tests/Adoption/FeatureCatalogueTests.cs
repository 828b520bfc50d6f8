using Parcours.Domain.Adoption;

namespace Parcours.Domain.Tests.Adoption;

public sealed class FeatureCatalogueTests
{
    private static Feature F(string name, string pattern, int weight = 1, FeatureKind kind = FeatureKind.Basic) =>
        Feature.Create(name, pattern, kind, weight).Value;

    private static FeatureCatalogue Catalogue(params Feature[] features) => FeatureCatalogue.Create(features).Value;

    [Fact]
    public void Create_TwoFeaturesWithSameNameInAnotherCase_FailsWithDuplicateFeature()
    {
        var result = FeatureCatalogue.Create([F("Reports", "Report *"), F("REPORTS", "Dashboard *")]);

        Assert.Equal([("duplicate_feature", "[1].name")], Failures.Of(result));
    }

    [Fact]
    public void Create_TwoFeaturesWithSamePatternInAnotherCase_FailsWithDuplicatePattern()
    {
        var result = FeatureCatalogue.Create([F("Reports", "Report *"), F("Exports", "REPORT *")]);

        Assert.Equal([("duplicate_pattern", "[1].pattern")], Failures.Of(result));
    }

    [Fact]
    public void Create_DistinctFeatures_KeepsDeclarationOrder()
    {
        var catalogue = Catalogue(F("Zeta", "Z *"), F("Alpha", "A *"));

        Assert.Equal(["Zeta", "Alpha"], catalogue.Features.Select(f => f.Name));
    }

    [Fact]
    public void Create_NoFeatures_IsEmpty()
    {
        Assert.Empty(FeatureCatalogue.Create([]).Value.Features);
    }

    [Fact]
    public void FeatureOf_ExactAndLongerWildcardBothMatch_ExactWins()
    {
        var catalogue = Catalogue(F("Any report", "Report Exported*"), F("Export", "Report Exported"));

        Assert.Equal("Export", catalogue.FeatureOf("Report Exported")?.Name);
        Assert.Equal("Any report", catalogue.FeatureOf("Report Exported as PDF")?.Name);
    }

    [Fact]
    public void FeatureOf_TwoWildcardsMatch_LongestPatternWins()
    {
        var catalogue = Catalogue(F("Reports", "Report *"), F("PDF reports", "Report * PDF"));

        Assert.Equal("PDF reports", catalogue.FeatureOf("Report Sales PDF")?.Name);
        Assert.Equal("Reports", catalogue.FeatureOf("Report Sales CSV")?.Name);
    }

    [Fact]
    public void FeatureOf_WildcardsOfEqualLength_FirstDeclaredWins()
    {
        var catalogue = Catalogue(F("Starts", "ab*"), F("Ends", "*ba"));

        Assert.Equal("Starts", catalogue.FeatureOf("ab-ba")?.Name);
    }

    [Fact]
    public void FeatureOf_EventNameInAnotherCase_Matches()
    {
        var catalogue = Catalogue(F("Login", "Signed In"), F("Reports", "Report *"));

        Assert.Equal("Login", catalogue.FeatureOf("signed IN")?.Name);
        Assert.Equal("Reports", catalogue.FeatureOf("REPORT sales")?.Name);
    }

    [Fact]
    public void FeatureOf_StarInTheMiddle_MatchesAnyRun()
    {
        var catalogue = Catalogue(F("Exports", "Report*Exported"));

        Assert.Equal("Exports", catalogue.FeatureOf("Report Q3 sales Exported")?.Name);
        Assert.Null(catalogue.FeatureOf("Report Q3 sales Printed"));
    }

    [Fact]
    public void FeatureOf_NoPatternMatches_Null()
    {
        var catalogue = Catalogue(F("Login", "Signed In"), F("Reports", "Report *"));

        Assert.Null(catalogue.FeatureOf("Invoice Paid"));
    }

    [Fact]
    public void FeatureOf_EmptyCatalogue_Null()
    {
        Assert.Null(FeatureCatalogue.Empty.FeatureOf("Signed In"));
    }

    [Fact]
    public void FeatureOf_AskedTwiceInDifferentCases_GivesTheSameAnswer()
    {
        var catalogue = Catalogue(F("Reports", "Report *"));

        Assert.Null(catalogue.FeatureOf("Invoice"));
        Assert.Null(catalogue.FeatureOf("INVOICE"));
        Assert.Equal("Reports", catalogue.FeatureOf("Report x")?.Name);
        Assert.Equal("Reports", catalogue.FeatureOf("REPORT X")?.Name);
    }

    [Fact]
    public void FeatureOf_ThousandsOfEventNamesAndHundredsOfPatterns_FindsEachOwner()
    {
        var features = Enumerable.Range(0, 300).Select(i => F($"Feature {i}", $"Module {i} *")).ToArray();
        var catalogue = Catalogue(features);

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 5_000; i++)
            {
                var module = i % 300;
                Assert.Equal($"Feature {module}", catalogue.FeatureOf($"module {module} action {i}")?.Name);
            }
        }

        Assert.Null(catalogue.FeatureOf("Module 300 action"));
    }
}
