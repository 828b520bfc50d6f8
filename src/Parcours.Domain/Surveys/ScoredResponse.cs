namespace Parcours.Domain.Surveys;

/// <summary>One score of a response on one measure.</summary>
public readonly record struct MeasuredScore(Measure Measure, int Score);

/// <summary>
/// A response reduced to what the aggregates count: the journey, stage and point it answers, when it was first
/// answered, and its scores. An amendment keeps the place and the first-answer instant (<see cref="Amended"/>), so an
/// amended answer replaces the earlier one in the same bucket.
/// </summary>
public sealed record ScoredResponse(string JourneyKey, string StageKey, string PointKey, DateTimeOffset AnsweredAt, IReadOnlyList<MeasuredScore> Scores)
{
    /// <summary>The scores of checked <paramref name="answers"/> to <paramref name="survey"/>; choices and texts count nowhere.</summary>
    public static IReadOnlyList<MeasuredScore> ScoresOf(SurveyDefinition survey, IEnumerable<QuestionAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(answers);
        var scores = new List<MeasuredScore>();
        foreach (var answer in answers)
        {
            switch (survey.Question(answer.QuestionKey), answer)
            {
                case (ScoreQuestion question, ScoreAnswer score):
                    scores.Add(new(question.Measure, score.Score));
                    break;
                case (CxiQuestion, CxiAnswer cxi):
                    scores.AddRange(cxi.Scores.Select(s => new MeasuredScore(s.Measure, s.Score)));
                    break;
            }
        }

        return scores;
    }

    /// <summary>The same response with the scores of its amendment.</summary>
    public ScoredResponse Amended(IReadOnlyList<MeasuredScore> scores) => this with { Scores = scores };
}

/// <summary>How long a person may change an answer after giving it (a mis-tap on a phone, a second thought on the verbatim).</summary>
public static class AmendmentWindow
{
    public static TimeSpan Default { get; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether a response first answered at <paramref name="firstAnsweredAt"/> may still be amended at <paramref name="now"/>.</summary>
    public static bool IsOpen(DateTimeOffset firstAnsweredAt, DateTimeOffset now, TimeSpan? window = null) =>
        now >= firstAnsweredAt && now - firstAnsweredAt <= (window ?? Default);
}
