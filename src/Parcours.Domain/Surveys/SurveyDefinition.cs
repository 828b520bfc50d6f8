using System.Text.Json.Serialization;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;

namespace Parcours.Domain.Surveys;

/// <summary>
/// A survey as a measurement point sends it: a key the points refer to, a name, ordered questions and an optional
/// thank-you text, all in French and English. Immutable: change it with <c>with</c> and validate the copy.
/// <see cref="Problems"/> lists everything wrong with one built by hand or loaded from storage.
/// </summary>
public sealed record SurveyDefinition(string Key, LocalizedText Name, IReadOnlyList<SurveyQuestion> Questions, LocalizedText? ThankYou = null)
{
    /// <summary>A survey, refused with every problem found when it is not valid.</summary>
    public static Result<SurveyDefinition> Create(string key, LocalizedText name, IReadOnlyList<SurveyQuestion> questions, LocalizedText? thankYou = null) =>
        new SurveyDefinition(key, name, questions, thankYou).Validate();

    /// <summary>
    /// The question a point's objective and alert threshold apply to: the first scored question (NPS, CSAT, CES or
    /// CXi). Null when the survey has none; such a survey can collect answers but cannot back a measurement point.
    /// </summary>
    [JsonIgnore]
    public SurveyQuestion? Headline => Questions.FirstOrDefault(q => q is ScoreQuestion or CxiQuestion);

    public SurveyQuestion? Question(string key) => Questions.FirstOrDefault(q => q.Key == key);

    /// <summary>This survey, or an <see cref="Error.Validation"/> listing every problem with its path (e.g. <c>questions[2].options[1].key</c>).</summary>
    public Result<SurveyDefinition> Validate()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : new Error.Validation(problems);
    }

    public IReadOnlyList<Error.Invalid> Problems() => SurveyValidator.Check(this);

    /// <summary>One answer on its own, as the one-click score of an email records it: the normalised answer or why it is refused.</summary>
    public Result<QuestionAnswer> CheckAnswer(QuestionAnswer answer) => AnswerValidator.CheckOne(this, answer);

    /// <summary>
    /// A complete response: every answer valid, at most one per question, every required question answered. Returns
    /// the normalised answers (texts trimmed, empty optional texts dropped) or every problem with its path
    /// (<c>answers[1].score</c>).
    /// </summary>
    public Result<IReadOnlyList<QuestionAnswer>> CheckResponse(IReadOnlyList<QuestionAnswer> answers) => AnswerValidator.CheckAll(this, answers);
}
