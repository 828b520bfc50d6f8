using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Imports;

namespace Parcours.Infrastructure.Tests.Imports;

public sealed class CellParsersTests
{
    [Theory]
    [InlineData("1 234,56", 123456)]
    [InlineData("1234.56", 123456)]
    [InlineData("1 234,56 €", 123456)]
    [InlineData("1\u00A0234,56", 123456)]
    [InlineData("1\u202F234,56", 123456)]
    [InlineData("1,234.56", 123456)]
    [InlineData("1.234,56", 123456)]
    [InlineData("EUR 1 234,56", 123456)]
    [InlineData("€42", 4200)]
    [InlineData("1234", 123400)]
    [InlineData("1 234", 123400)]
    [InlineData("1,500", 150000)]
    [InlineData("12 345 678,9", 1234567890)]
    [InlineData("12,5", 1250)]
    [InlineData("0,50", 50)]
    [InlineData("0,500", 50)]
    [InlineData("-10", -1000)]
    public void Money_FrenchAndEnglishFormats_ReturnsCents(string text, long expected)
    {
        var parsed = CellParsers.Money("mrr", text);

        Assert.True(parsed.IsSuccess, parsed.Error?.Detail);
        Assert.Equal(expected, parsed.Value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12k€")]
    [InlineData("1,23,456")]
    [InlineData("12.34.56")]
    [InlineData("5,")]
    [InlineData("1-2")]
    [InlineData("€")]
    public void Money_NotAnAmount_FailsNamingFieldAndValue(string text)
    {
        var error = Assert.IsType<Error.Invalid>(CellParsers.Money("mrr", text).Error);

        Assert.Equal("mrr", error.Field);
        Assert.Equal($"mrr '{text}' is not an amount (expected a number such as 1 234,56).", error.Detail);
    }

    [Fact]
    public void Money_ThreeDecimals_FailsAsTooPrecise()
    {
        var error = Assert.IsType<Error.Invalid>(CellParsers.Money("arr", "1234,567").Error);

        Assert.Equal("too_precise", error.Code);
    }

    [Theory]
    [InlineData(1_200_000, 100_000)]
    [InlineData(100_000, 8_333)]
    [InlineData(100_002, 8_334)]
    public void MonthlyFromAnnual_AnyAmount_RoundsToTheCent(long annual, long monthly) =>
        Assert.Equal(monthly, CellParsers.MonthlyFromAnnual(annual));

    [Theory]
    [InlineData("31/12/2024", 2024, 12, 31)]
    [InlineData("02/03/2024", 2024, 3, 2)]
    [InlineData("1/2/2024", 2024, 2, 1)]
    [InlineData("2024-12-31", 2024, 12, 31)]
    [InlineData("31.12.2024", 2024, 12, 31)]
    [InlineData("31/12/2024 00:00", 2024, 12, 31)]
    [InlineData("2024-12-31T00:00:00", 2024, 12, 31)]
    [InlineData(" 29/02/2024 ", 2024, 2, 29)]
    public void Date_AcceptedFormats_ReadDayFirst(string text, int year, int month, int day)
    {
        var parsed = CellParsers.Date("startDate", text);

        Assert.True(parsed.IsSuccess, parsed.Error?.Detail);
        Assert.Equal(new DateOnly(year, month, day), parsed.Value);
    }

    [Theory]
    [InlineData("31/02/2024")]
    [InlineData("29/02/2023")]
    [InlineData("12/31/2024")]
    [InlineData("1/2/24")]
    [InlineData("01/01/0202")]
    [InlineData("demain")]
    public void Date_NotADate_FailsWithExpectedFormat(string text)
    {
        var error = Assert.IsType<Error.Invalid>(CellParsers.Date("startDate", text).Error);

        Assert.Equal($"startDate '{text}' is not a date (expected dd/MM/yyyy).", error.Detail);
        Assert.Equal("startDate", error.Field);
    }

    [Theory]
    [InlineData("oui", true)]
    [InlineData("Non", false)]
    [InlineData("YES", true)]
    [InlineData("no", false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("x", true)]
    [InlineData("X", true)]
    [InlineData("vrai", true)]
    [InlineData("Faux", false)]
    public void Boolean_FrenchAndEnglishWords_Parse(string text, bool expected) =>
        Assert.Equal(expected, CellParsers.Boolean("sponsor", text).Value);

    [Fact]
    public void Boolean_UnknownWord_FailsListingAcceptedWords()
    {
        var error = Assert.IsType<Error.Invalid>(CellParsers.Boolean("sponsor", "peut-être").Error);

        Assert.Contains("oui/yes/true/vrai/1/x", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mise en route", LifecycleStage.Onboarding)]
    [InlineData("MISE-EN-ROUTE", LifecycleStage.Onboarding)]
    [InlineData("Fidélisation", LifecycleStage.Retention)]
    [InlineData("fidelisation", LifecycleStage.Retention)]
    [InlineData("Advocacy", LifecycleStage.Advocacy)]
    [InlineData("expansion", LifecycleStage.Expansion)]
    public void Choice_Stage_AcceptsFrenchAndEnumNames(string text, LifecycleStage expected) =>
        Assert.Equal(expected, CellParsers.Choice("lifecycleStage", text, ImportVocabulary.Stages).Value);

    [Theory]
    [InlineData("Décideur économique", StakeholderRole.EconomicDecisionMaker)]
    [InlineData("EconomicDecisionMaker", StakeholderRole.EconomicDecisionMaker)]
    [InlineData("utilisateur final", StakeholderRole.EndUser)]
    [InlineData("End user", StakeholderRole.EndUser)]
    [InlineData("Influenceur technique", StakeholderRole.TechnicalInfluencer)]
    public void Choice_Role_AcceptsFrenchAndEnglish(string text, StakeholderRole expected) =>
        Assert.Equal(expected, CellParsers.Choice("stakeholderRole", text, ImportVocabulary.Roles).Value);

    [Theory]
    [InlineData("contact client", PersonKind.CustomerContact)]
    [InlineData("Employé", PersonKind.Employee)]
    [InlineData("employee", PersonKind.Employee)]
    public void Choice_PersonKind_AcceptsFrenchAndEnglish(string text, PersonKind expected) =>
        Assert.Equal(expected, CellParsers.Choice("kind", text, ImportVocabulary.PersonKinds).Value);

    [Fact]
    public void Choice_UnknownStage_FailsListingStagesWithFrenchNames()
    {
        var error = Assert.IsType<Error.Invalid>(CellParsers.Choice("lifecycleStage", "Prospect", ImportVocabulary.Stages).Error);

        Assert.StartsWith("lifecycleStage 'Prospect' is not one of: Onboarding (Mise en route), Adoption", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vip|paris", new[] { "vip", "paris" })]
    [InlineData("vip, paris", new[] { "vip", "paris" })]
    [InlineData("a,b|c", new[] { "a,b", "c" })]
    [InlineData("a,b|", new[] { "a,b" })]
    public void Tags_PipeOrComma_Split(string text, string[] expected) =>
        Assert.Equal(expected, CellParsers.Tags(text));
}
