using System.Text.Json.Nodes;
using Parcours.Domain.Common;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Tests.Surveys;

/// <summary>
/// Golden files are stored surveys as this version of Parcours writes them. They are never regenerated: when a change
/// to the model breaks one of these tests, stored surveys would break the same way — add a migration, not a new golden file.
/// </summary>
public sealed class SurveyJsonTests
{
    internal static string Golden(string folder, string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Parcours.Domain.Tests", folder, "Golden", name);
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }

        throw new FileNotFoundException($"Golden file {name} not found above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public void Deserialize_GoldenV1_EveryQuestionTypeAndValid()
    {
        var survey = SurveyJson.Deserialize(Golden("Surveys", "survey-v1.json")).Value;

        Assert.Equal(
            [typeof(NpsQuestion), typeof(CsatQuestion), typeof(CesQuestion), typeof(CxiQuestion), typeof(SingleChoiceQuestion), typeof(MultipleChoiceQuestion), typeof(FreeTextQuestion)],
            survey.Questions.Select(q => q.GetType()));
        Assert.Equal(CsatScale.Stars, Assert.IsType<CsatQuestion>(survey.Question("satisfaction")).Scale);
        Assert.Equal(2, Assert.IsType<MultipleChoiceQuestion>(survey.Question("issues")).MaxChoices);
        Assert.Equal(280, Assert.IsType<FreeTextQuestion>(survey.Question("comment")).MaxLength);
        Assert.Equal(NpsFollowUps.Default, Assert.IsType<NpsQuestion>(survey.Question("recommend")).FollowUps);
        Assert.Empty(survey.Problems());
    }

    [Fact]
    public void Serialize_GoldenV1_WritesBackTheSameJson()
    {
        var stored = Golden("Surveys", "survey-v1.json");

        var written = SurveyJson.Serialize(SurveyJson.Deserialize(stored).Value);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void Deserialize_MinimalShape_MissingFieldsTakeDefaults()
    {
        var survey = SurveyJson.Deserialize(Golden("Surveys", "survey-v1-minimal.json")).Value;

        var nps = Assert.IsType<NpsQuestion>(survey.Question("recommend"));
        Assert.Equal((true, NpsFollowUps.Default), (nps.Required, nps.FollowUps));
        Assert.Equal(CxiQuestion.DefaultEasy, Assert.IsType<CxiQuestion>(survey.Question("experience")).Easy);
        var comment = Assert.IsType<FreeTextQuestion>(survey.Question("comment"));
        Assert.Equal((false, SurveyLimits.DefaultTextLength), (comment.Required, comment.MaxLength));
        Assert.Equal(Measure.Ces5, Assert.IsType<CesQuestion>(survey.Question("ease")).Measure);
        Assert.Null(survey.ThankYou);
        Assert.Empty(survey.Problems());
    }

    [Fact]
    public void Deserialize_StoredBadScale_LoadsNotAndSaysWhy()
    {
        var json = Golden("Surveys", "survey-v1-minimal.json").Replace("five_point", "nine_point", StringComparison.Ordinal);

        Assert.Equal("invalid_json", Assert.IsType<Error.Invalid>(SurveyJson.Deserialize(json).Error).Code);
    }

    [Fact]
    public void Deserialize_StoredEmptyText_LoadsAndValidationNamesIt()
    {
        var json = Golden("Surveys", "survey-v1-minimal.json").Replace("\"A word?\"", "\"\"", StringComparison.Ordinal);

        Assert.Equal([("missing_text", "questions[3].text.en")], SurveyJson.Deserialize(json).Value.Problems().Select(p => (p.Code, p.Field)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"key\":\"x\",\"questions\":[{\"type\":\"slider\",\"key\":\"q\"}]}")]
    public void Deserialize_NotASurvey_InvalidJson(string json)
    {
        Assert.Equal("invalid_json", Assert.IsType<Error.Invalid>(SurveyJson.Deserialize(json).Error).Code);
    }

    [Fact]
    public void Serialize_Enums_SnakeCase()
    {
        var json = SurveyJson.Serialize(SampleSurvey.Build());

        Assert.Contains("\"type\": \"multiple_choice\"", json, StringComparison.Ordinal);
        Assert.Contains("\"scale\": \"seven_point\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"measure\"", json, StringComparison.Ordinal);
    }
}
