using Parcours.Domain.Common;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Journeys;

/// <summary>
/// Finds every problem of a journey, each with the JSON path of the offending field: shape (keys, texts, sizes), the
/// stage and survey each point refers to, and the rules of its delay, window, pilot, objective and threshold.
/// </summary>
internal static class JourneyValidator
{
    public static IReadOnlyList<Error.Invalid> Check(JourneyDefinition journey, IEnumerable<SurveyDefinition> surveys)
    {
        ArgumentNullException.ThrowIfNull(surveys);
        var problems = new ProblemList();
        problems.Key(journey.Key, "key", "journey");
        problems.Text(journey.Name, "name", JourneyLimits.MaxNameLength);
        problems.Text(journey.Goal, "goal", JourneyLimits.MaxGoalLength);

        var personas = journey.Personas ?? [];
        Count(personas.Count, 1, JourneyLimits.MaxPersonas, "personas", "persona", problems);
        problems.UniqueKeys(personas, p => p.Key, "personas", "persona");
        for (var i = 0; i < personas.Count; i++)
        {
            problems.Text(personas[i]?.Name, $"personas[{i}].name", JourneyLimits.MaxNameLength);
            problems.Text(personas[i]?.Description, $"personas[{i}].description", JourneyLimits.MaxGoalLength, optional: true);
        }

        var stages = journey.Stages ?? [];
        Count(stages.Count, 1, JourneyLimits.MaxStages, "stages", "stage", problems);
        var stageIndex = problems.UniqueKeys(stages, s => s.Key, "stages", "stage");
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i] is { } stage)
            {
                problems.Text(stage.Name, $"stages[{i}].name", JourneyLimits.MaxNameLength);
                CheckMap(stage.Map, $"stages[{i}].map", problems);
            }
        }

        var points = journey.Points ?? [];
        Count(points.Count, 0, JourneyLimits.MaxPoints, "points", "point", problems);
        problems.UniqueKeys(points, p => p.Key, "points", "point");
        var surveysByKey = surveys.Where(s => s?.Key is not null).DistinctBy(s => s.Key).ToDictionary(s => s.Key, StringComparer.Ordinal);
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is { } point)
            {
                PointChecks.Check(point, $"points[{i}]", stageIndex, surveysByKey, problems);
            }
        }

        return problems.Items;
    }

    private static void Count(int count, int min, int max, string path, string what, ProblemList problems)
    {
        if (count < min)
        {
            problems.Fail($"no_{what}s", path, $"A journey needs at least {min} {what}.");
        }
        else if (count > max)
        {
            problems.Fail($"too_many_{what}s", path, $"A journey has at most {max} {what}s; start simple (seed 004) and add more later.");
        }
    }

    private static void CheckMap(StageMap? map, string path, ProblemList problems)
    {
        if (map is null)
        {
            return;
        }

        foreach (var (items, name) in new[] { (map.Touchpoints, "touchpoints"), (map.Processes, "processes"), (map.Departments, "departments") })
        {
            var list = items ?? [];
            if (list.Count > JourneyLimits.MaxMapItems)
            {
                problems.Fail("too_many_items", $"{path}.{name}", $"{path}.{name} has {list.Count} entries; at most {JourneyLimits.MaxMapItems}.");
            }

            for (var i = 0; i < list.Count; i++)
            {
                problems.Text(list[i], $"{path}.{name}[{i}]", JourneyLimits.MaxMapItemLength);
            }
        }

        if (!Enum.IsDefined(map.Feeling))
        {
            problems.Fail("invalid_feeling", $"{path}.feeling", "The customer's feeling is one of disappointed, worried, neutral, pleased, delighted.");
        }

        problems.Text(map.FeelingNote, $"{path}.feelingNote", JourneyLimits.MaxMapItemLength, optional: true);
    }
}
