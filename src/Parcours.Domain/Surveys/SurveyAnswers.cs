using System.Text.Json.Serialization;

namespace Parcours.Domain.Surveys;

/// <summary>The answer to one question of a survey, by the question's key. Check it with <see cref="SurveyDefinition.CheckAnswer"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ScoreAnswer), "score")]
[JsonDerivedType(typeof(CxiAnswer), "cxi")]
[JsonDerivedType(typeof(ChoiceAnswer), "choice")]
[JsonDerivedType(typeof(TextAnswer), "text")]
public abstract record QuestionAnswer(string QuestionKey);

/// <summary>A score to an NPS, CSAT or CES question, with the verbatim that explains it when the person gave one.</summary>
public sealed record ScoreAnswer(string QuestionKey, int Score, string? Verbatim = null) : QuestionAnswer(QuestionKey);

/// <summary>The three scores of a CXi question; they come together or not at all, so the three counts stay comparable.</summary>
public sealed record CxiAnswer(string QuestionKey, int Satisfied, int Easy, int Recommend, string? Verbatim = null) : QuestionAnswer(QuestionKey)
{
    /// <summary>The scores by measure, in <see cref="Measures.Cxi"/> order.</summary>
    [JsonIgnore]
    public IReadOnlyList<(Measure Measure, int Score)> Scores =>
        [(Measure.CxiSatisfied, Satisfied), (Measure.CxiEasy, Easy), (Measure.CxiRecommend, Recommend)];
}

/// <summary>The option keys picked for a single- or multiple-choice question.</summary>
public sealed record ChoiceAnswer(string QuestionKey, IReadOnlyList<string> Choices) : QuestionAnswer(QuestionKey);

public sealed record TextAnswer(string QuestionKey, string Text) : QuestionAnswer(QuestionKey);
