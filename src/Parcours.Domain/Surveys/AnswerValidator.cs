using Parcours.Domain.Common;

namespace Parcours.Domain.Surveys;

/// <summary>
/// Checks answers against their survey: a score in range for its question, choices that exist, texts within their
/// limit, the answer's shape matching the question's type. Each problem names the answer's path and says what would be
/// accepted, so the answer page can show it next to the question.
/// </summary>
internal static class AnswerValidator
{
    public static Result<QuestionAnswer> CheckOne(SurveyDefinition survey, QuestionAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var problems = new ProblemList();
        var normalised = Check(survey, answer, "answer", problems);
        return problems.Items.Count == 0 ? Result<QuestionAnswer>.Ok(normalised!) : new Error.Validation(problems.Items);
    }

    public static Result<IReadOnlyList<QuestionAnswer>> CheckAll(SurveyDefinition survey, IReadOnlyList<QuestionAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var problems = new ProblemList();
        var normalised = new List<QuestionAnswer>();
        var answered = new Dictionary<string, int>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var path = $"answers[{i}]";
            if (answers[i] is not { } answer)
            {
                problems.Fail("required", path, $"{path} is empty.");
                continue;
            }

            if (answer.QuestionKey is { } key && !answered.TryAdd(key, i))
            {
                problems.Fail("duplicate_answer", $"{path}.questionKey", $"Question '{key}' is answered twice (answers[{answered[key]}] and {path}).");
                continue;
            }

            if (Check(survey, answer, path, problems) is not { } clean)
            {
                refused.Add(answer.QuestionKey ?? "");
            }
            else if (!IsEmpty(clean))
            {
                normalised.Add(clean);
            }
        }

        foreach (var question in survey.Questions.Where(q => q.Required && !refused.Contains(q.Key)))
        {
            if (!normalised.Any(a => a.QuestionKey == question.Key))
            {
                var path = answered.TryGetValue(question.Key, out var at) ? $"answers[{at}]" : "answers";
                problems.Fail("required", path, $"Question '{question.Key}' must be answered.");
            }
        }

        return problems.Items.Count == 0 ? normalised : new Error.Validation(problems.Items);
    }

    private static bool IsEmpty(QuestionAnswer answer) =>
        answer is TextAnswer { Text.Length: 0 } or ChoiceAnswer { Choices.Count: 0 };

    /// <summary>The normalised answer, or null after reporting why it is refused.</summary>
    private static QuestionAnswer? Check(SurveyDefinition survey, QuestionAnswer answer, string path, ProblemList problems)
    {
        var question = answer.QuestionKey is null ? null : survey.Question(answer.QuestionKey);
        if (question is null)
        {
            problems.Fail("unknown_question", $"{path}.questionKey", $"Survey '{survey.Key}' has no question '{answer.QuestionKey}'.");
            return null;
        }

        var before = problems.Items.Count;
        QuestionAnswer? clean = (question, answer) switch
        {
            (ScoreQuestion q, ScoreAnswer a) => a with
            {
                Score = Score(q.Key, q.Measure, a.Score, $"{path}.score", problems),
                Verbatim = Text(q.Key, a.Verbatim, SurveyLimits.DefaultTextLength, $"{path}.verbatim", problems),
            },
            (CxiQuestion q, CxiAnswer a) => a with
            {
                Satisfied = Score(q.Key, Measure.CxiSatisfied, a.Satisfied, $"{path}.satisfied", problems),
                Easy = Score(q.Key, Measure.CxiEasy, a.Easy, $"{path}.easy", problems),
                Recommend = Score(q.Key, Measure.CxiRecommend, a.Recommend, $"{path}.recommend", problems),
                Verbatim = Text(q.Key, a.Verbatim, SurveyLimits.DefaultTextLength, $"{path}.verbatim", problems),
            },
            (SingleChoiceQuestion q, ChoiceAnswer a) => Choices(q.Key, q.Options, a, 0, 1, path, problems),
            (MultipleChoiceQuestion q, ChoiceAnswer a) => Choices(q.Key, q.Options, a, q.MinChoices, q.MaxChoices ?? q.Options.Count, path, problems),
            (FreeTextQuestion q, TextAnswer a) => a with { Text = Text(q.Key, a.Text, q.MaxLength, $"{path}.text", problems) ?? "" },
            _ => WrongType(question, path, problems),
        };
        return problems.Items.Count == before ? clean : null;
    }

    private static int Score(string key, Measure measure, int score, string path, ProblemList problems)
    {
        var (min, max) = measure.Range();
        if (score < min || score > max)
        {
            problems.Fail("score_out_of_range", path, $"Question '{key}' takes a score from {min} to {max}; {score} is not one.");
        }

        return score;
    }

    private static string? Text(string key, string? text, int maxLength, string path, ProblemList problems)
    {
        var clean = Common.Text.Clean(text);
        if (clean is { Length: var length } && length > maxLength)
        {
            problems.Fail("too_long", path, $"The answer to question '{key}' is {length} characters long; at most {maxLength} are kept.");
        }

        return clean;
    }

    private static ChoiceAnswer Choices(
        string key, IReadOnlyList<ChoiceOption> options, ChoiceAnswer answer, int min, int max, string path, ProblemList problems)
    {
        var picked = answer.Choices ?? [];
        for (var c = 0; c < picked.Count; c++)
        {
            if (!options.Any(o => o.Key == picked[c]))
            {
                problems.Fail("unknown_choice", $"{path}.choices[{c}]",
                    $"Question '{key}' has no option '{picked[c]}'; its options are {string.Join(", ", options.Select(o => o.Key))}.");
            }
            else if (picked.Take(c).Contains(picked[c]))
            {
                problems.Fail("duplicate_choice", $"{path}.choices[{c}]", $"Option '{picked[c]}' of question '{key}' is picked twice.");
            }
        }

        if (picked.Count > max)
        {
            problems.Fail("too_many_choices", $"{path}.choices", $"Question '{key}' takes at most {max} choice{(max == 1 ? "" : "s")}; {picked.Count} were picked.");
        }
        else if (picked.Count > 0 && picked.Count < min)
        {
            problems.Fail("too_few_choices", $"{path}.choices", $"Question '{key}' takes at least {min} choices; {picked.Count} were picked.");
        }

        // Options in the survey's order: two identical picks compare equal whatever the order they were clicked in.
        return answer with { Choices = [.. options.Select(o => o.Key).Where(picked.Contains)] };
    }

    private static QuestionAnswer? WrongType(SurveyQuestion question, string path, ProblemList problems)
    {
        var expected = question switch
        {
            ScoreQuestion q => $"a score from {q.Measure.Range().Min} to {q.Measure.Range().Max}",
            CxiQuestion => "three scores from 1 to 5 (satisfied, easy, recommend)",
            SingleChoiceQuestion => "one option",
            MultipleChoiceQuestion => "a list of options",
            FreeTextQuestion => "a text",
            _ => "another kind of answer",
        };
        problems.Fail("wrong_answer_type", path, $"Question '{question.Key}' takes {expected}.");
        return null;
    }
}
