using System.Text.Json;
using Parcours.Domain.Common;

namespace Parcours.Domain.Surveys;

/// <summary>
/// The stored form of a survey (see <see cref="StoredJson"/>): questions tagged by <c>type</c>. Reading is lenient and
/// leaves the rules to <see cref="SurveyDefinition.Problems"/>, so a stored survey with a bad field loads and says what is wrong.
/// </summary>
public static class SurveyJson
{
    public static string Serialize(SurveyDefinition survey) => JsonSerializer.Serialize(survey, StoredJson.Options);

    public static Result<SurveyDefinition> Deserialize(string json) => StoredJson.Deserialize<SurveyDefinition>(json, "survey");
}
