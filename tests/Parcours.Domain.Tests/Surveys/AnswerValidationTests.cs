using Parcours.Domain.Common;
using Parcours.Domain.Surveys;
using static Parcours.Domain.Tests.Surveys.SampleSurvey;

namespace Parcours.Domain.Tests.Surveys;

public sealed class AnswerValidationTests
{
    private static readonly SurveyDefinition Survey = Build();

    private static QuestionAnswer[] Complete() =>
    [
        new ScoreAnswer("recommend", 9, "  Rapide et soigné. "),
        new ScoreAnswer("satisfaction", 5),
        new ScoreAnswer("effort", 6),
        new CxiAnswer("experience", 5, 4, 5),
    ];

    [Theory]
    [InlineData("recommend", 0)]
    [InlineData("recommend", 10)]
    [InlineData("satisfaction", 1)]
    [InlineData("satisfaction", 5)]
    [InlineData("effort", 7)]
    public void CheckAnswer_ScoreAtBounds_Accepted(string key, int score)
    {
        Assert.True(Survey.CheckAnswer(new ScoreAnswer(key, score)).IsSuccess);
    }

    [Theory]
    [InlineData("recommend", -1, "from 0 to 10")]
    [InlineData("recommend", 11, "from 0 to 10")]
    [InlineData("satisfaction", 0, "from 1 to 5")]
    [InlineData("satisfaction", 6, "from 1 to 5")]
    [InlineData("effort", 8, "from 1 to 7")]
    public void CheckAnswer_ScoreOutOfRange_SaysTheRange(string key, int score, string range)
    {
        var failure = Assert.Single(Assert.IsType<Error.Validation>(Survey.CheckAnswer(new ScoreAnswer(key, score)).Error).Failures);

        Assert.Equal(("score_out_of_range", "answer.score"), (failure.Code, failure.Field));
        Assert.Contains(range, failure.Detail, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAnswer_CsatOnTen_TakesTen()
    {
        var survey = Build().Replace("satisfaction", q => ((CsatQuestion)q) with { Scale = CsatScale.OneToTen });

        Assert.True(survey.CheckAnswer(new ScoreAnswer("satisfaction", 10)).IsSuccess);
        Assert.False(survey.CheckAnswer(new ScoreAnswer("satisfaction", 0)).IsSuccess);
    }

    [Fact]
    public void CheckAnswer_CesOnFive_RefusesSix()
    {
        var survey = Build().Replace("effort", q => ((CesQuestion)q) with { Scale = CesScale.FivePoint });

        Assert.Equal([("score_out_of_range", "answer.score")], FailuresOf(survey.CheckAnswer(new ScoreAnswer("effort", 6))));
    }

    [Fact]
    public void CheckAnswer_CxiEachScoreChecked_PathPerSubQuestion()
    {
        Assert.Equal(
            [("score_out_of_range", "answer.satisfied"), ("score_out_of_range", "answer.recommend")],
            FailuresOf(Survey.CheckAnswer(new CxiAnswer("experience", 0, 3, 6))));
    }

    [Fact]
    public void CheckAnswer_VerbatimTrimmedOrDropped()
    {
        Assert.Equal("Rapide.", ((ScoreAnswer)Survey.CheckAnswer(new ScoreAnswer("recommend", 9, "  Rapide. ")).Value).Verbatim);
        Assert.Null(((ScoreAnswer)Survey.CheckAnswer(new ScoreAnswer("recommend", 9, "   ")).Value).Verbatim);
    }

    [Fact]
    public void CheckAnswer_VerbatimOverTwoThousand_TooLong()
    {
        Assert.Equal([("too_long", "answer.verbatim")], FailuresOf(Survey.CheckAnswer(new ScoreAnswer("recommend", 3, new string('x', 2001)))));
    }

    [Fact]
    public void CheckAnswer_FreeTextOverQuestionLimit_TooLongSaysTheLimit()
    {
        var failure = Assert.Single(Assert.IsType<Error.Validation>(Survey.CheckAnswer(new TextAnswer("comment", new string('x', 281))).Error).Failures);

        Assert.Equal(("too_long", "answer.text"), (failure.Code, failure.Field));
        Assert.Contains("at most 280", failure.Detail, StringComparison.Ordinal);
        Assert.True(Survey.CheckAnswer(new TextAnswer("comment", new string('x', 280))).IsSuccess);
    }

    [Fact]
    public void CheckAnswer_UnknownChoice_ListsTheOptions()
    {
        var failure = Assert.Single(Assert.IsType<Error.Validation>(Survey.CheckAnswer(new ChoiceAnswer("carrier", ["drone"])).Error).Failures);

        Assert.Equal(("unknown_choice", "answer.choices[0]"), (failure.Code, failure.Field));
        Assert.Contains("post, relay", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAnswer_SingleChoiceWithTwo_TooMany()
    {
        Assert.Equal([("too_many_choices", "answer.choices")], FailuresOf(Survey.CheckAnswer(new ChoiceAnswer("carrier", ["post", "relay"]))));
    }

    [Fact]
    public void CheckAnswer_MultipleChoiceOverMax_TooMany()
    {
        Assert.Equal([("too_many_choices", "answer.choices")], FailuresOf(Survey.CheckAnswer(new ChoiceAnswer("issues", ["late", "damaged", "wrong"]))));
    }

    [Fact]
    public void CheckAnswer_MultipleChoiceUnderMin_TooFew()
    {
        var survey = Build().Replace("issues", q => ((MultipleChoiceQuestion)q) with { MinChoices = 2 });

        Assert.Equal([("too_few_choices", "answer.choices")], FailuresOf(survey.CheckAnswer(new ChoiceAnswer("issues", ["late"]))));
    }

    [Fact]
    public void CheckAnswer_SameChoiceTwice_Duplicate()
    {
        Assert.Equal([("duplicate_choice", "answer.choices[1]")], FailuresOf(Survey.CheckAnswer(new ChoiceAnswer("issues", ["late", "late"]))));
    }

    [Fact]
    public void CheckAnswer_ChoicesInAnyOrder_StoredInTheSurveysOrder()
    {
        var answer = (ChoiceAnswer)Survey.CheckAnswer(new ChoiceAnswer("issues", ["wrong", "late"])).Value;

        Assert.Equal(["late", "wrong"], answer.Choices);
    }

    [Theory]
    [InlineData("carrier")]
    [InlineData("comment")]
    [InlineData("experience")]
    public void CheckAnswer_ScoreToANonScoreQuestion_WrongAnswerType(string key)
    {
        Assert.Equal([("wrong_answer_type", "answer")], FailuresOf(Survey.CheckAnswer(new ScoreAnswer(key, 3))));
    }

    [Fact]
    public void CheckAnswer_UnknownQuestion_UnknownQuestion()
    {
        Assert.Equal([("unknown_question", "answer.questionKey")], FailuresOf(Survey.CheckAnswer(new ScoreAnswer("price", 3))));
    }

    [Fact]
    public void CheckResponse_AllRequiredAnswered_NormalisedAnswers()
    {
        var answers = Survey.CheckResponse([.. Complete(), new TextAnswer("comment", "   "), new ChoiceAnswer("issues", [])]).Value;

        Assert.Equal(["recommend", "satisfaction", "effort", "experience"], answers.Select(a => a.QuestionKey));
        Assert.Equal("Rapide et soigné.", ((ScoreAnswer)answers[0]).Verbatim);
    }

    [Fact]
    public void CheckResponse_RequiredQuestionMissing_Required()
    {
        var failure = Assert.Single(Assert.IsType<Error.Validation>(Survey.CheckResponse(Complete()[..3]).Error).Failures);

        Assert.Equal(("required", "answers"), (failure.Code, failure.Field));
        Assert.Contains("'experience'", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckResponse_RequiredTextLeftBlank_RequiredAtItsAnswer()
    {
        var survey = Build().Replace("comment", q => ((FreeTextQuestion)q) with { Required = true });

        Assert.Equal([("required", "answers[4]")], FailuresOf(survey.CheckResponse([.. Complete(), new TextAnswer("comment", " ")])));
    }

    [Fact]
    public void CheckResponse_InvalidRequiredAnswer_ReportedOnceNotAlsoAsMissing()
    {
        var answers = Complete();
        answers[0] = new ScoreAnswer("recommend", 12);

        Assert.Equal([("score_out_of_range", "answers[0].score")], FailuresOf(Survey.CheckResponse(answers)));
    }

    [Fact]
    public void CheckResponse_SeveralFaults_ListsEveryOne()
    {
        QuestionAnswer[] answers =
        [
            new ScoreAnswer("recommend", 11),
            new ScoreAnswer("recommend", 10),
            new ChoiceAnswer("carrier", ["drone"]),
            new TextAnswer("effort", "easy"),
        ];

        Assert.Equal(
            [
                ("score_out_of_range", "answers[0].score"),
                ("duplicate_answer", "answers[1].questionKey"),
                ("unknown_choice", "answers[2].choices[0]"),
                ("wrong_answer_type", "answers[3]"),
                ("required", "answers"),
                ("required", "answers"),
            ],
            FailuresOf(Survey.CheckResponse(answers)));
    }
}
