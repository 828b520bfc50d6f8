using System.Text.Json.Serialization;

namespace Parcours.Domain.Journeys;

/// <summary>
/// When a point's survey goes out (seed 001): hot, minutes to hours after the interaction; warm, 2 to 10 days after;
/// cold, outside interactions on a yearly schedule. The three records below are every kind there is; the JSON
/// discriminator <c>type</c> names them.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HotDelay), "hot")]
[JsonDerivedType(typeof(WarmDelay), "warm")]
[JsonDerivedType(typeof(ColdSchedule), "cold")]
public abstract record PointDelay
{
    [JsonIgnore]
    public SurveyTemperature Temperature => this switch
    {
        HotDelay => SurveyTemperature.Hot,
        WarmDelay => SurveyTemperature.Warm,
        ColdSchedule => SurveyTemperature.Cold,
        _ => throw new InvalidOperationException($"Unknown delay type {GetType().Name}."),
    };

    public static HotDelay Hot(TimeSpan after) => new((int)after.TotalMinutes);

    public static WarmDelay Warm(int days) => new(days);
}

/// <summary>
/// <see cref="Minutes"/> after the trigger, 0 (at once, e.g. a pop-up) to 1440 (24 hours): the interaction is still
/// fresh, so a bad experience can be put right.
/// </summary>
public sealed record HotDelay(int Minutes) : PointDelay
{
    public const int MaxMinutes = 24 * 60;
}

/// <summary>
/// <see cref="Days"/> (2 to 10) after the trigger, at the same local time of day in the person's zone: far enough
/// from the emotion, near enough to remember (a repair judged after a week of use).
/// </summary>
public sealed record WarmDelay(int Days) : PointDelay
{
    public const int MinDays = 2;
    public const int MaxDays = 10;
}

/// <summary>
/// A cold survey: the base is asked once a year, split into <see cref="WavesPerYear"/> waves of equal length starting
/// on the first day of <see cref="FirstMonth"/> (seed 001: 25 % of the base each quarter is 4 waves from January).
/// Who is in which wave is kept by <see cref="ColdRotation"/>.
/// </summary>
public sealed record ColdSchedule(int WavesPerYear = 4, int FirstMonth = 1) : PointDelay
{
    /// <summary>Waves must split the year into whole months.</summary>
    public static IReadOnlyList<int> AllowedWaves { get; } = [1, 2, 3, 4, 6, 12];

    [JsonIgnore]
    public int MonthsPerWave => 12 / WavesPerYear;
}
