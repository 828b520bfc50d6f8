using Parcours.Domain.Common;
using Parcours.Domain.Surveys;
using static Parcours.Domain.Tests.Surveys.SampleSurvey;

namespace Parcours.Domain.Tests.Surveys;

public sealed class SurveyValidationTests
{
    [Fact]
    public void Problems_SampleWithEveryQuestionType_None()
    {
        Assert.Empty(ProblemsOf(Build()));
    }

    [Fact]
    public void Create_Valid_ReturnsTheSurvey()
    {
        var sample = Build();

        var created = SurveyDefinition.Create(sample.Key, sample.Name, sample.Questions, sample.ThankYou);

        Assert.Same(sample.Questions, created.Value.Questions);
    }

    [Fact]
    public void Problems_SeveralFaults_ListsEveryOneWithItsPath()
    {
        var survey = Build()
            .Replace("recommend", q => q with { Text = T("", "Would you recommend us?") })
            .Replace("carrier", q => ((SingleChoiceQuestion)q) with { Options = [Option("post", "La Poste", "The post"), Option("post", "Poste", "Post")] })
            .Replace("comment", q => ((FreeTextQuestion)q) with { MaxLength = 0 })
            with { Key = "After Delivery" };

        Assert.Equal(
            [
                ("invalid_key", "key"),
                ("missing_text", "questions[0].text.fr"),
                ("duplicate_option", "questions[4].options[1].key"),
                ("invalid_max_length", "questions[6].maxLength"),
            ],
            ProblemsOf(survey));
        Assert.Equal(4, FailuresOf(SurveyDefinition.Create(survey.Key, survey.Name, survey.Questions)).Count);
    }

    [Fact]
    public void Problems_NoQuestion_NoQuestions()
    {
        Assert.Equal([("no_questions", "questions")], ProblemsOf(Build() with { Questions = [] }));
    }

    [Fact]
    public void Problems_TwentyOneQuestions_TooMany()
    {
        var questions = Enumerable.Range(1, 21).Select(i => (SurveyQuestion)new FreeTextQuestion($"q{i}", T("Question", "Question"))).ToList();

        Assert.Equal([("too_many_questions", "questions")], ProblemsOf(Build() with { Questions = questions }));
    }

    [Fact]
    public void Problems_DuplicateQuestionKey_ReportsTheLaterOne()
    {
        var survey = Build() with { Questions = [.. Build().Questions, new FreeTextQuestion("recommend", T("Encore", "Again"))] };

        Assert.Equal([("duplicate_question", "questions[7].key")], ProblemsOf(survey));
    }

    [Fact]
    public void Problems_MissingEnglishName_MissingText()
    {
        Assert.Equal([("missing_text", "name.en")], ProblemsOf(Build() with { Name = T("Livraison", " ") }));
    }

    [Fact]
    public void Problems_QuestionTextTooLong_TooLong()
    {
        var survey = Build().Replace("effort", q => q with { Text = T(new string('a', 501), "Easy?") });

        Assert.Equal([("too_long", "questions[2].text.fr")], ProblemsOf(survey));
    }

    [Fact]
    public void Problems_NpsFollowUpsWithoutPassive_Valid()
    {
        var survey = Build().Replace("recommend", q => ((NpsQuestion)q) with { FollowUps = NpsFollowUps.Default with { Passive = null } });

        Assert.Empty(ProblemsOf(survey));
    }

    [Fact]
    public void Problems_NpsFollowUpMissingEnglish_PathToTheCategory()
    {
        var survey = Build().Replace("recommend", q => ((NpsQuestion)q) with { FollowUps = NpsFollowUps.Default with { Promoter = T("Qu'avez-vous aimé ?", "") } });

        Assert.Equal([("missing_text", "questions[0].followUps.promoter.en")], ProblemsOf(survey));
    }

    [Fact]
    public void Problems_UndefinedScales_InvalidScale()
    {
        var survey = Build()
            .Replace("satisfaction", q => ((CsatQuestion)q) with { Scale = (CsatScale)9 })
            .Replace("effort", q => ((CesQuestion)q) with { Scale = (CesScale)9 });

        Assert.Equal([("invalid_scale", "questions[1].scale"), ("invalid_scale", "questions[2].scale")], ProblemsOf(survey));
    }

    [Fact]
    public void Problems_CxiSubQuestionEmpty_PathToTheSubQuestion()
    {
        var survey = Build().Replace("experience", q => ((CxiQuestion)q) with { Easy = T("", "") });

        Assert.Equal([("missing_text", "questions[3].easy.fr"), ("missing_text", "questions[3].easy.en")], ProblemsOf(survey));
    }

    [Fact]
    public void Problems_ChoiceWithOneOption_InvalidOptions()
    {
        var survey = Build().Replace("carrier", q => ((SingleChoiceQuestion)q) with { Options = [Option("post", "La Poste", "The post")] });

        Assert.Equal([("invalid_options", "questions[4].options")], ProblemsOf(survey));
    }

    [Fact]
    public void Problems_OptionKeyNotASlug_InvalidKey()
    {
        var survey = Build().Replace("carrier", q => ((SingleChoiceQuestion)q) with { Options = [Option("La Poste", "La Poste", "The post"), Option("relay", "Relais", "Relay")] });

        Assert.Equal([("invalid_key", "questions[4].options[0].key")], ProblemsOf(survey));
    }

    [Theory]
    [InlineData(4, null, "invalid_min_choices", "questions[5].minChoices")]
    [InlineData(-1, null, "invalid_min_choices", "questions[5].minChoices")]
    [InlineData(0, 4, "invalid_max_choices", "questions[5].maxChoices")]
    [InlineData(0, 0, "invalid_max_choices", "questions[5].maxChoices")]
    [InlineData(2, 1, "invalid_max_choices", "questions[5].maxChoices")]
    public void Problems_ChoiceCountsImpossible_NamesTheBound(int min, int? max, string code, string path)
    {
        var survey = Build().Replace("issues", q => ((MultipleChoiceQuestion)q) with { MinChoices = min, MaxChoices = max });

        Assert.Equal([(code, path)], ProblemsOf(survey));
    }

    [Fact]
    public void Problems_ThankYouOptionalButBothLanguagesWhenGiven()
    {
        Assert.Empty(ProblemsOf(Build() with { ThankYou = null }));
        Assert.Equal([("missing_text", "thankYou.en")], ProblemsOf(Build() with { ThankYou = T("Merci", "") }));
    }

    [Fact]
    public void Problems_NullQuestion_Required()
    {
        var survey = Build() with { Questions = [.. Build().Questions, null!] };

        Assert.Equal([("required", "questions[7]")], ProblemsOf(survey));
    }

    [Fact]
    public void Validate_Invalid_ValidationErrorWithEveryDetail()
    {
        var error = Assert.IsType<Error.Validation>((Build() with { Key = "" }).Validate().Error);

        Assert.Contains("survey key ''", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Headline_FirstScoredQuestion()
    {
        var survey = Build() with { Questions = [.. Build().Questions.Skip(4), .. Build().Questions.Skip(1).Take(3)] };

        Assert.Equal("satisfaction", survey.Headline?.Key);
        Assert.Null((Build() with { Questions = [.. Build().Questions.Skip(4)] }).Headline);
    }

    [Fact]
    public void Measures_EachQuestionType_ItsScales()
    {
        Assert.Equal(
            [[Measure.Nps], [Measure.CsatStars], [Measure.Ces7], [Measure.CxiSatisfied, Measure.CxiEasy, Measure.CxiRecommend], [], [], []],
            Build().Questions.Select(q => q.Measures.ToArray()));
        Assert.Equal(Measure.Csat10, new CsatQuestion("q", T("a", "b"), CsatScale.OneToTen).Measure);
        Assert.Equal(Measure.Csat5, new CsatQuestion("q", T("a", "b")).Measure);
        Assert.Equal(Measure.Ces5, new CesQuestion("q", T("a", "b"), CesScale.FivePoint).Measure);
    }
}
