using System.Collections.Concurrent;
using Parcours.Domain.Common;

namespace Parcours.Domain.Adoption;

/// <summary>
/// A workspace's features, and which one an event name belongs to. An exact pattern beats any wildcard; among
/// wildcards the longest pattern wins, then the one declared first. Answers are cached per event name, so a workspace
/// with thousands of distinct event names pays the wildcard scan once per name. The catalogue is immutable and safe to
/// share between threads.
/// </summary>
public sealed class FeatureCatalogue
{
    /// <summary>Bounds the cache so a flood of one-off event names cannot grow memory without limit; past it, answers are computed each time.</summary>
    public const int MaxCachedEventNames = 100_000;

    private readonly Dictionary<string, Feature> _exact;
    private readonly Feature[] _wildcards;
    private readonly ConcurrentDictionary<string, Feature?> _cache = new(StringComparer.OrdinalIgnoreCase);

    private FeatureCatalogue(IReadOnlyList<Feature> features)
    {
        Features = features;
        _exact = features.Where(f => !f.IsWildcard).ToDictionary(f => f.Pattern, StringComparer.OrdinalIgnoreCase);

        // OrderBy is stable: equal lengths keep declaration order.
        _wildcards = [.. features.Where(f => f.IsWildcard).OrderByDescending(f => f.Pattern.Length)];
    }

    public static FeatureCatalogue Empty { get; } = new([]);

    /// <summary>The features in declaration order.</summary>
    public IReadOnlyList<Feature> Features { get; }

    /// <summary>
    /// Refuses two features with the same name, and two with the same pattern (both case-insensitive): the second of
    /// two identical patterns could never match anything and would always read as unused. A failure names the later of
    /// the two by its position (<c>[2].name</c>), so a form can mark that row.
    /// </summary>
    public static Result<FeatureCatalogue> Create(IEnumerable<Feature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var list = features.ToArray();
        var checks = new Checks();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var patterns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Length; i++)
        {
            var feature = list[i];
            ArgumentNullException.ThrowIfNull(feature);
            if (!names.Add(feature.Name))
            {
                checks.Fail("duplicate_feature", $"Two features are named '{feature.Name}'.", $"[{i}].name");
            }

            if (!patterns.Add(feature.Pattern))
            {
                checks.Fail("duplicate_pattern", $"Two features have the pattern '{feature.Pattern}'.", $"[{i}].pattern");
            }
        }

        return checks.Finish(() => list.Length == 0 ? Empty : new FeatureCatalogue(list));
    }

    /// <summary>The feature <paramref name="eventName"/> belongs to, or null when no pattern matches it.</summary>
    public Feature? FeatureOf(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (_cache.TryGetValue(eventName, out var cached))
        {
            return cached;
        }

        var found = Find(eventName);
        if (_cache.Count < MaxCachedEventNames)
        {
            _cache.TryAdd(eventName, found);
        }

        return found;
    }

    private Feature? Find(string eventName)
    {
        if (_exact.TryGetValue(eventName, out var exact))
        {
            return exact;
        }

        foreach (var feature in _wildcards)
        {
            if (feature.Matches(eventName))
            {
                return feature;
            }
        }

        return null;
    }
}
