using Parcours.Domain.Common;

namespace Parcours.Domain.Surveys;

/// <summary>Finds every problem of a survey definition, each with the JSON path of the offending field.</summary>
internal static class SurveyValidator
{
    public static IReadOnlyList<Error.Invalid> Check(SurveyDefinition survey)
    {
        var problems = new ProblemList();
        problems.Key(survey.Key, "key", "survey");
        problems.Text(survey.Name, "name", SurveyLimits.MaxNameLength);
        problems.Text(survey.ThankYou, "thankYou", SurveyLimits.MaxThankYouLength, optional: true);

        var questions = survey.Questions ?? [];
        if (questions.Count == 0)
        {
            problems.Fail("no_questions", "questions", "A survey needs at least one question.");
        }
        else if (questions.Count > SurveyLimits.MaxQuestions)
        {
            problems.Fail("too_many_questions", "questions", $"A survey has at most {SurveyLimits.MaxQuestions} questions; short surveys get answers.");
        }

        problems.UniqueKeys(questions, q => q.Key, "questions", "question");
        for (var i = 0; i < questions.Count; i++)
        {
            if (questions[i] is { } question)
            {
                CheckQuestion(question, $"questions[{i}]", problems);
            }
        }

        return problems.Items;
    }

    private static void CheckQuestion(SurveyQuestion question, string path, ProblemList problems)
    {
        problems.Text(question.Text, $"{path}.text", SurveyLimits.MaxQuestionLength);
        switch (question)
        {
            case NpsQuestion nps:
                problems.Text(nps.FollowUps?.Detractor, $"{path}.followUps.detractor", SurveyLimits.MaxQuestionLength);
                problems.Text(nps.FollowUps?.Promoter, $"{path}.followUps.promoter", SurveyLimits.MaxQuestionLength);
                problems.Text(nps.FollowUps?.Passive, $"{path}.followUps.passive", SurveyLimits.MaxQuestionLength, optional: true);
                break;
            case CsatQuestion csat when !Enum.IsDefined(csat.Scale):
                problems.Fail("invalid_scale", $"{path}.scale", $"Question '{question.Key}': a CSAT scale is 1–5, 1–10 or stars.");
                break;
            case CesQuestion ces when !Enum.IsDefined(ces.Scale):
                problems.Fail("invalid_scale", $"{path}.scale", $"Question '{question.Key}': a CES scale is 1–7 or 1–5.");
                break;
            case CxiQuestion cxi:
                problems.Text(cxi.Satisfied, $"{path}.satisfied", SurveyLimits.MaxQuestionLength);
                problems.Text(cxi.Easy, $"{path}.easy", SurveyLimits.MaxQuestionLength);
                problems.Text(cxi.Recommend, $"{path}.recommend", SurveyLimits.MaxQuestionLength);
                break;
            case SingleChoiceQuestion single:
                CheckOptions(single.Key, single.Options, path, problems);
                break;
            case MultipleChoiceQuestion multiple:
                CheckOptions(multiple.Key, multiple.Options, path, problems);
                CheckChoiceCounts(multiple, path, problems);
                break;
            case FreeTextQuestion text when text.MaxLength is < 1 or > SurveyLimits.MaxTextLength:
                problems.Fail("invalid_max_length", $"{path}.maxLength",
                    $"Question '{question.Key}' allows {text.MaxLength} characters; a free-text answer allows 1 to {SurveyLimits.MaxTextLength}.");
                break;
        }
    }

    private static void CheckOptions(string key, IReadOnlyList<ChoiceOption>? options, string path, ProblemList problems)
    {
        options ??= [];
        if (options.Count is < SurveyLimits.MinOptions or > SurveyLimits.MaxOptions)
        {
            problems.Fail("invalid_options", $"{path}.options",
                $"Question '{key}' has {options.Count} options; a choice question has {SurveyLimits.MinOptions} to {SurveyLimits.MaxOptions}.");
        }

        problems.UniqueKeys(options, o => o.Key, $"{path}.options", "option");
        for (var o = 0; o < options.Count; o++)
        {
            if (options[o] is { } option)
            {
                problems.Text(option.Text, $"{path}.options[{o}].text", SurveyLimits.MaxOptionLength);
            }
        }
    }

    private static void CheckChoiceCounts(MultipleChoiceQuestion question, string path, ProblemList problems)
    {
        var count = question.Options?.Count ?? 0;
        if (question.MinChoices < 0 || question.MinChoices > count)
        {
            problems.Fail("invalid_min_choices", $"{path}.minChoices",
                $"Question '{question.Key}' requires {question.MinChoices} choices out of {count} options.");
        }

        if (question.MaxChoices is { } max && (max < 1 || max > count || max < question.MinChoices))
        {
            problems.Fail("invalid_max_choices", $"{path}.maxChoices",
                $"Question '{question.Key}' allows up to {max} choices; it must be between 1 and the {count} options, and not under minChoices ({question.MinChoices}).");
        }
    }
}
