namespace Parcours.Domain.Adoption;

/// <summary>
/// Turns a subject's daily rollups into adoption figures (seed: "surveiller l'adoption en suivant l'utilisation…
/// comparez avec les 30 dernières semaines"). Pure: today is an argument, inputs may be unsorted and cover any span,
/// and days after today are ignored. Rows with a zero or negative count are treated as absent. If a day appears twice
/// in <c>days</c>, its events add up and its active users take the larger value, since one user may sit in both rows.
/// </summary>
public static class AdoptionCalculator
{
    /// <summary>The short window: one week, so every weekday counts once.</summary>
    public const int ShortWindowDays = 7;

    /// <summary>The long window: about a month, the rhythm of most customer reviews.</summary>
    public const int LongWindowDays = 30;

    /// <summary>The comparison span of the seed: "les 30 dernières semaines".</summary>
    public const int BaselineDays = 30 * 7;

    /// <summary>The chart shows the same 30 weeks, ending today.</summary>
    public const int SeriesDays = BaselineDays;

    /// <summary>Last week at 120 % of the baseline or more: a rise larger than ordinary week-to-week noise.</summary>
    public const double GrowingTrend = 1.2;

    /// <summary>Last week at 80 % of the baseline or less: a drop worth a look before it turns into churn.</summary>
    public const double FadingTrend = 0.8;

    /// <summary>Frequency and breadth count equally: a daily user of one screen and an occasional user of everything are both half-adopted.</summary>
    public const double FrequencyWeight = 0.5;

    /// <summary>See <see cref="FrequencyWeight"/>; the two add up to 1.</summary>
    public const double BreadthWeight = 1 - FrequencyWeight;

    /// <summary>High from 0.6: e.g. active 18 of 30 days (most working days) with 60 % of the feature weight, or every day with 20 %.</summary>
    public const double HighScore = 0.6;

    /// <summary>Medium from 0.3: e.g. active twice a week with a third of the feature weight; below it use is occasional and shallow.</summary>
    public const double MediumScore = 0.3;

    public static AdoptionFigures Compute(
        IReadOnlyList<DailyUsage> days,
        IReadOnlyList<DailyEventCount> events,
        FeatureCatalogue catalogue,
        IReadOnlySet<string> loginEventNames,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(loginEventNames);

        var start7 = today.AddDays(-(ShortWindowDays - 1));
        var start30 = today.AddDays(-(LongWindowDays - 1));
        var baselineStart = start7.AddDays(-BaselineDays);
        var seriesStart = today.AddDays(-(SeriesDays - 1));

        // Days, folded per calendar day over the span the windows need.
        var byDay = new Dictionary<DateOnly, (long Events, int Users)>();
        DateOnly? lastActive = null;
        var activeBefore7 = false;
        foreach (var row in days)
        {
            if (row.Day > today || (row.Events <= 0 && row.ActiveUsers <= 0))
            {
                continue;
            }

            if (row.Events > 0)
            {
                lastActive = Later(lastActive, row.Day);
                activeBefore7 |= row.Day < start7;
            }

            if (row.Day >= baselineStart)
            {
                var (sum, users) = byDay.GetValueOrDefault(row.Day);
                byDay[row.Day] = (sum + Math.Max(row.Events, 0), Math.Max(users, row.ActiveUsers));
            }
        }

        var activeDays7 = 0;
        var activeDays30 = 0;
        long users7 = 0;
        long usersBaseline = 0;
        foreach (var (day, (sum, users)) in byDay)
        {
            if (day >= start7)
            {
                users7 += users;
                activeDays7 += sum > 0 ? 1 : 0;
            }
            else
            {
                usersBaseline += users;
            }

            activeDays30 += day >= start30 && sum > 0 ? 1 : 0;
        }

        // Event names: logins and features.
        var logins = new HashSet<string>(loginEventNames, StringComparer.OrdinalIgnoreCase);
        long logins7 = 0;
        long logins30 = 0;
        DateOnly? lastLogin = null;
        var uses = new Dictionary<Feature, (long Uses30, DateOnly? Last)>(ReferenceEqualityComparer.Instance);
        foreach (var row in events)
        {
            if (row.Day > today || row.Count <= 0 || row.EventName is null)
            {
                continue;
            }

            if (logins.Contains(row.EventName))
            {
                logins7 += row.Day >= start7 ? row.Count : 0;
                logins30 += row.Day >= start30 ? row.Count : 0;
                lastLogin = Later(lastLogin, row.Day);
            }

            if (catalogue.FeatureOf(row.EventName) is { } feature)
            {
                var (count, last) = uses.GetValueOrDefault(feature);
                uses[feature] = (count + (row.Day >= start30 ? row.Count : 0), Later(last, row.Day));
            }
        }

        var features = catalogue.Features
            .Select(f => uses.TryGetValue(f, out var use)
                ? new FeatureUsage(f.Name, f.Kind, f.Weight, Cap(use.Uses30), use.Last)
                : new FeatureUsage(f.Name, f.Kind, f.Weight, 0, null))
            .OrderByDescending(f => f.Uses30)
            .ThenBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
        var breadth = ShareUsed(features);
        var stickyShare = ShareUsed(features.Where(f => f.Kind == FeatureKind.Sticky));

        var series = new DailyUsage[SeriesDays];
        for (var i = 0; i < SeriesDays; i++)
        {
            var day = seriesStart.AddDays(i);
            var (sum, users) = byDay.GetValueOrDefault(day);
            series[i] = new DailyUsage(day, Cap(sum), users);
        }

        // LastWeek / Baseline = (users7 / 7) / (usersBaseline / 210) = users7 * 30 / usersBaseline: one division, so
        // an exact 6/5 lands on the same double as GrowingTrend.
        double? trend = usersBaseline == 0 ? null : users7 * (double)(BaselineDays / ShortWindowDays) / usersBaseline;
        var score = ScoreOf(activeDays30, breadth, catalogue.Features.Count > 0);

        return new AdoptionFigures
        {
            Today = today,
            ActiveDays7 = activeDays7,
            ActiveDays30 = activeDays30,
            Logins7 = Cap(logins7),
            Logins30 = Cap(logins30),
            LastActiveDay = lastActive,
            LastLoginDay = lastLogin,
            Breadth = breadth,
            StickyShare = stickyShare,
            Features = features,
            DailyActiveUsers = series,
            LastWeek = users7 / (double)ShortWindowDays,
            Baseline = usersBaseline / (double)BaselineDays,
            Trend = trend,
            Direction = DirectionOf(activeDays7, activeBefore7, trend),
            Score = score,
            Band = BandOf(activeDays30, score),
        };
    }

    /// <summary>
    /// Inactive without an event in 7 days; New when nothing came before them; then by trend. A subject back after
    /// more than 30 weeks has activity before but a zero baseline, so no trend: it counts as Growing, from nothing.
    /// </summary>
    public static AdoptionTrend DirectionOf(int activeDays7, bool activeBeforeLastWeek, double? trend) =>
        activeDays7 == 0 ? AdoptionTrend.Inactive
        : !activeBeforeLastWeek ? AdoptionTrend.New
        : trend is not { } t || t >= GrowingTrend ? AdoptionTrend.Growing
        : t <= FadingTrend ? AdoptionTrend.Fading
        : AdoptionTrend.Stable;

    /// <summary>
    /// <c>FrequencyWeight × activeDays30 / 30 + BreadthWeight × breadth</c>, rounded to 4 decimals so that boundaries
    /// compare exactly. With an empty catalogue breadth means nothing, so the score is the frequency alone.
    /// </summary>
    public static double ScoreOf(int activeDays30, double breadth, bool hasCatalogue)
    {
        var frequency = Math.Clamp(activeDays30, 0, LongWindowDays) / (double)LongWindowDays;
        var score = hasCatalogue ? (FrequencyWeight * frequency) + (BreadthWeight * breadth) : frequency;
        return Math.Round(score, 4);
    }

    public static AdoptionBand BandOf(int activeDays30, double score) =>
        activeDays30 <= 0 ? AdoptionBand.Inactive
        : score >= HighScore ? AdoptionBand.High
        : score >= MediumScore ? AdoptionBand.Medium
        : AdoptionBand.Low;

    private static double ShareUsed(IEnumerable<FeatureUsage> features)
    {
        long total = 0;
        long used = 0;
        foreach (var feature in features)
        {
            total += feature.Weight;
            used += feature.IsUsed30 ? feature.Weight : 0;
        }

        return total == 0 ? 0 : used / (double)total;
    }

    private static DateOnly Later(DateOnly? current, DateOnly day) => current is { } c && c >= day ? c : day;

    private static int Cap(long value) => (int)Math.Min(value, int.MaxValue);
}
