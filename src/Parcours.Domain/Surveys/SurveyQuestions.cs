using System.Text.Json.Serialization;
using Parcours.Domain.Playbooks;

namespace Parcours.Domain.Surveys;

/// <summary>
/// One question of a survey, keyed uniquely in the survey. The hierarchy is closed: the records below are every kind
/// there is, and the JSON discriminator <c>type</c> names them for storage.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(NpsQuestion), "nps")]
[JsonDerivedType(typeof(CsatQuestion), "csat")]
[JsonDerivedType(typeof(CesQuestion), "ces")]
[JsonDerivedType(typeof(CxiQuestion), "cxi")]
[JsonDerivedType(typeof(SingleChoiceQuestion), "single_choice")]
[JsonDerivedType(typeof(MultipleChoiceQuestion), "multiple_choice")]
[JsonDerivedType(typeof(FreeTextQuestion), "free_text")]
public abstract record SurveyQuestion
{
    private protected SurveyQuestion(string key, LocalizedText text, bool required)
    {
        Key = key;
        Text = text;
        Required = required;
    }

    // Common fields first in the stored JSON, where a reader looks for them.
    [JsonPropertyOrder(-3)]
    public string Key { get; init; }

    [JsonPropertyOrder(-2)]
    public LocalizedText Text { get; init; }

    /// <summary>Whether a complete response must answer it. A score can always be recorded alone (one click in an email).</summary>
    [JsonPropertyOrder(-1)]
    public bool Required { get; init; }

    /// <summary>The scales this question's answers are counted on; empty for choices and free text.</summary>
    [JsonIgnore]
    public IReadOnlyList<Measure> Measures => this switch
    {
        ScoreQuestion score => [score.Measure],
        CxiQuestion => Surveys.Measures.Cxi,
        _ => [],
    };
}

/// <summary>A question answered by one score on one scale (NPS, CSAT, CES), optionally explained by a verbatim.</summary>
public abstract record ScoreQuestion : SurveyQuestion
{
    private protected ScoreQuestion(string key, LocalizedText text, bool required)
        : base(key, text, required)
    {
    }

    [JsonIgnore]
    public Measure Measure => this switch
    {
        NpsQuestion => Measure.Nps,
        CsatQuestion { Scale: CsatScale.OneToTen } => Measure.Csat10,
        CsatQuestion { Scale: CsatScale.Stars } => Measure.CsatStars,
        CsatQuestion => Measure.Csat5,
        CesQuestion { Scale: CesScale.FivePoint } => Measure.Ces5,
        CesQuestion => Measure.Ces7,
        _ => throw new InvalidOperationException($"Unknown score question type {GetType().Name}."),
    };
}

/// <summary>"Would you recommend us…?" 0–10, followed by a verbatim question chosen by the answer's category.</summary>
public sealed record NpsQuestion(string Key, LocalizedText Text, NpsFollowUps? FollowUps = null, bool Required = true)
    : ScoreQuestion(Key, Text, Required)
{
    public NpsFollowUps FollowUps { get; init; } = FollowUps ?? NpsFollowUps.Default;

    /// <summary>The verbatim question for <paramref name="score"/>; null when none is asked (passives, if switched off).</summary>
    public LocalizedText? FollowUpFor(int score) => FollowUps.For(Nps.Categorize(score));
}

public enum CsatScale
{
    OneToFive = 0,
    OneToTen = 1,
    Stars = 2,
}

public sealed record CsatQuestion(string Key, LocalizedText Text, CsatScale Scale = CsatScale.OneToFive, bool Required = true)
    : ScoreQuestion(Key, Text, Required);

public enum CesScale
{
    /// <summary>Agreement 1–7 with "it was easy to…": reported as a net, %(5–7) − %(1–3).</summary>
    SevenPoint = 0,

    /// <summary>1–5: reported as a mean.</summary>
    FivePoint = 1,
}

/// <summary>Customer effort: agreement with "it was easy to…" (the text says what).</summary>
public sealed record CesQuestion(string Key, LocalizedText Text, CesScale Scale = CesScale.SevenPoint, bool Required = true)
    : ScoreQuestion(Key, Text, Required);

/// <summary>
/// The customer experience index: three 5-point questions answered together (satisfied? easy? would recommend?).
/// <see cref="SurveyQuestion.Text"/> introduces them ("About your delivery:"); each sub-question has the seed's wording
/// by default.
/// </summary>
public sealed record CxiQuestion(
    string Key,
    LocalizedText Text,
    LocalizedText? Satisfied = null,
    LocalizedText? Easy = null,
    LocalizedText? Recommend = null,
    bool Required = true)
    : SurveyQuestion(Key, Text, Required)
{
    public static LocalizedText DefaultSatisfied { get; } = new("Êtes-vous satisfait ?", "Are you satisfied?");

    public static LocalizedText DefaultEasy { get; } = new("Cela a-t-il été facile ?", "Was it easy?");

    public static LocalizedText DefaultRecommend { get; } = new("Nous recommanderiez-vous ?", "Would you recommend us?");

    public LocalizedText Satisfied { get; init; } = Satisfied ?? DefaultSatisfied;

    public LocalizedText Easy { get; init; } = Easy ?? DefaultEasy;

    public LocalizedText Recommend { get; init; } = Recommend ?? DefaultRecommend;
}

/// <summary>One option of a choice question; its key is what an answer stores, so wording can change later.</summary>
public sealed record ChoiceOption(string Key, LocalizedText Text);

public sealed record SingleChoiceQuestion(string Key, LocalizedText Text, IReadOnlyList<ChoiceOption> Options, bool Required = false)
    : SurveyQuestion(Key, Text, Required);

/// <summary>Several options may be picked, between <see cref="MinChoices"/> and <see cref="MaxChoices"/> (all options when null).</summary>
public sealed record MultipleChoiceQuestion(
    string Key, LocalizedText Text, IReadOnlyList<ChoiceOption> Options, int MinChoices = 0, int? MaxChoices = null, bool Required = false)
    : SurveyQuestion(Key, Text, Required);

public sealed record FreeTextQuestion(string Key, LocalizedText Text, int MaxLength = SurveyLimits.DefaultTextLength, bool Required = false)
    : SurveyQuestion(Key, Text, Required);

/// <summary>The sizes a survey and its answers are held to.</summary>
public static class SurveyLimits
{
    public const int MaxQuestions = 20;
    public const int MaxNameLength = 200;
    public const int MaxQuestionLength = 500;
    public const int MaxOptionLength = 200;
    public const int MinOptions = 2;
    public const int MaxOptions = 20;
    public const int MaxThankYouLength = 1000;

    /// <summary>A verbatim or a free-text answer, unless the question sets its own limit.</summary>
    public const int DefaultTextLength = 2000;

    public const int MaxTextLength = 10_000;
}
