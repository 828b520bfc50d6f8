using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Journeys;

/// <summary>
/// A customer journey: its goal, the personas whose typical path it follows, the ordered stages of that path (each with
/// its static-map data) and the measurement points where experience is measured. Immutable: change it with
/// <c>with</c> and validate the copy. A journey refers to its surveys by key, so it is validated with them.
/// </summary>
public sealed record JourneyDefinition(
    string Key,
    LocalizedText Name,
    LocalizedText Goal,
    IReadOnlyList<Persona> Personas,
    IReadOnlyList<JourneyStage> Stages,
    IReadOnlyList<MeasurementPoint>? Points = null)
{
    public IReadOnlyList<MeasurementPoint> Points { get; init; } = Points ?? [];

    public JourneyStage? Stage(string key) => Stages.FirstOrDefault(s => s.Key == key);

    public MeasurementPoint? Point(string key) => Points.FirstOrDefault(p => p.Key == key);

    /// <summary>The points of one stage, in the journey's order.</summary>
    public IReadOnlyList<MeasurementPoint> PointsOf(string stageKey) => [.. Points.Where(p => p.StageKey == stageKey)];

    /// <summary>This journey, or an <see cref="Error.Validation"/> listing every problem with its path (e.g. <c>points[2].delay.days</c>).</summary>
    public Result<JourneyDefinition> Validate(IEnumerable<SurveyDefinition> surveys)
    {
        var problems = Problems(surveys);
        return problems.Count == 0 ? this : new Error.Validation(problems);
    }

    /// <summary>Every problem of this journey with the <paramref name="surveys"/> its points refer to; empty when valid.</summary>
    public IReadOnlyList<Error.Invalid> Problems(IEnumerable<SurveyDefinition> surveys) => JourneyValidator.Check(this, surveys);
}

/// <summary>A typical customer the journey follows ("le persona").</summary>
public sealed record Persona(string Key, LocalizedText Name, LocalizedText? Description = null);

/// <summary>One stage ("étape") of the journey, with what the static map shows of it.</summary>
public sealed record JourneyStage(string Key, LocalizedText Name, StageMap? Map = null)
{
    public StageMap Map { get; init; } = Map ?? new StageMap();
}

/// <summary>
/// The static map of a stage (seed 004, "parcours statique"): the touchpoints, the processes behind them, the
/// departments concerned, and how the customer feels there. A snapshot for the printed map; the points carry the live measures.
/// </summary>
public sealed record StageMap(
    IReadOnlyList<LocalizedText>? Touchpoints = null,
    IReadOnlyList<LocalizedText>? Processes = null,
    IReadOnlyList<LocalizedText>? Departments = null,
    CustomerFeeling Feeling = CustomerFeeling.Neutral,
    LocalizedText? FeelingNote = null)
{
    public IReadOnlyList<LocalizedText> Touchpoints { get; init; } = Touchpoints ?? [];

    public IReadOnlyList<LocalizedText> Processes { get; init; } = Processes ?? [];

    public IReadOnlyList<LocalizedText> Departments { get; init; } = Departments ?? [];
}
