using System.Globalization;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;

namespace Parcours.Server.Features.Journeys;

/// <summary>How the journey pages write figures: a metric in its own unit, a duration, the chip of a status.</summary>
public static class JourneyWords
{
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static string Metric(HeadlineMetric? metric, decimal? value) => value is not { } v
        ? "—"
        : metric switch
        {
            HeadlineMetric.CsatTopTwoBox => $"{v.ToString("0", CultureInfo.CurrentCulture)} %",
            HeadlineMetric.CesMean => v.ToString("0.00", CultureInfo.CurrentCulture),
            _ => (v > 0 ? "+" : "") + v.ToString("0", CultureInfo.CurrentCulture),
        };

    public static string Duration(TimeSpan? span) => span is not { } s
        ? "—"
        : s.TotalHours < 1 ? $"{Math.Max(1, (int)s.TotalMinutes)} min"
        : s.TotalHours < 48 ? $"{s.TotalHours.ToString("0.#", CultureInfo.CurrentCulture)} h"
        : $"{s.TotalDays.ToString("0.#", CultureInfo.CurrentCulture)} j";

    public static string StatusClass(ObjectiveStatus status) => status switch
    {
        ObjectiveStatus.Met => "chip-ok",
        ObjectiveStatus.Missed => "chip-bad",
        _ => "chip-muted",
    };

    public static string StateClass(CallbackState state) => state switch
    {
        CallbackState.Overdue => "chip-bad",
        CallbackState.Open => "chip-warn",
        CallbackState.Called => "chip-ok",
        _ => "chip-muted",
    };

    public static string Score(Measure? measure, int? score) => score is not { } s ? "—" : measure switch
    {
        Measure.Nps or Measure.Csat10 => $"{s}/10",
        Measure.Ces7 => $"{s}/7",
        Measure.CsatStars => new string('★', s),
        _ => $"{s}/5",
    };

    /// <summary>The point's name in the reader's language, or its key when the journey does not know it (a point since removed).</summary>
    public static string PointName(IEnumerable<LoadedJourney> journeys, string journeyKey, string pointKey) =>
        journeys.FirstOrDefault(j => j.Definition.Key == journeyKey)?.Definition.Point(pointKey)?.Name.For(Language) ?? pointKey;
}
