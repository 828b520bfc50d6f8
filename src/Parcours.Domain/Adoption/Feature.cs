using Parcours.Domain.Common;

namespace Parcours.Domain.Adoption;

/// <summary>
/// Basic features are the ones every customer must use to get value; sticky ones are those that, once adopted, keep a
/// customer coming back (seed: "fonctionnalités de base ou collantes").
/// </summary>
public enum FeatureKind
{
    Basic = 0,
    Sticky = 1,
}

/// <summary>
/// A product feature recognised in the usage events by its event name. <see cref="Pattern"/> is an event name in which
/// <c>*</c> stands for any run of characters (possibly empty), compared without regard to case:
/// "Report * Exported" matches "report PDF exported". <see cref="Weight"/> says how much the feature counts in breadth.
/// </summary>
public sealed record Feature(string Name, string Pattern, FeatureKind Kind, int Weight)
{
    public const int MaxNameLength = 100;
    public const int MaxPatternLength = 200;
    public const int MinWeight = 1;
    public const int MaxWeight = 10;
    public const char Wildcard = '*';

    public bool IsWildcard => Pattern.Contains(Wildcard, StringComparison.Ordinal);

    public static Result<Feature> Create(string name, string pattern, FeatureKind kind, int weight)
    {
        var checks = new Checks();
        var cleanName = checks.Take(Values.RequiredText("name", name, MaxNameLength));
        var cleanPattern = checks.Take(Values.RequiredText("pattern", pattern, MaxPatternLength));
        if (!Enum.IsDefined(kind))
        {
            checks.Fail("invalid_kind", "kind must be Basic or Sticky.", "kind");
        }

        if (weight is < MinWeight or > MaxWeight)
        {
            checks.Fail("out_of_range", $"weight must be between {MinWeight} and {MaxWeight}.", "weight");
        }

        return checks.Finish(() => new Feature(cleanName, CollapseWildcards(cleanPattern), kind, weight));
    }

    /// <summary>
    /// Whether <paramref name="eventName"/> fits the pattern. Allocation-free: the literal pieces between stars must appear
    /// in order, the first at the start and the last at the end; taking each middle piece at its leftmost place is enough
    /// because a star can absorb anything skipped.
    /// </summary>
    public bool Matches(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ReadOnlySpan<char> pattern = Pattern;
        ReadOnlySpan<char> text = eventName;

        var firstStar = pattern.IndexOf(Wildcard);
        if (firstStar < 0)
        {
            return text.Equals(pattern, StringComparison.OrdinalIgnoreCase);
        }

        var lastStar = pattern.LastIndexOf(Wildcard);
        var head = pattern[..firstStar];
        var tail = pattern[(lastStar + 1)..];
        if (text.Length < head.Length + tail.Length
            || !text.StartsWith(head, StringComparison.OrdinalIgnoreCase)
            || !text.EndsWith(tail, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // What lies between the head and the tail must hold the middle pieces in order.
        var rest = text[head.Length..(text.Length - tail.Length)];
        var middle = firstStar == lastStar ? [] : pattern[(firstStar + 1)..lastStar];
        while (!middle.IsEmpty)
        {
            var star = middle.IndexOf(Wildcard);
            var piece = star < 0 ? middle : middle[..star];
            middle = star < 0 ? [] : middle[(star + 1)..];
            if (piece.IsEmpty)
            {
                continue;
            }

            var at = rest.IndexOf(piece, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + piece.Length)..];
        }

        return true;
    }

    /// <summary>"a**b" means the same as "a*b"; one form keeps pattern lengths comparable for precedence.</summary>
    private static string CollapseWildcards(string pattern)
    {
        var doubled = new string(Wildcard, 2);
        while (pattern.Contains(doubled, StringComparison.Ordinal))
        {
            pattern = pattern.Replace(doubled, Wildcard.ToString(), StringComparison.Ordinal);
        }

        return pattern;
    }
}
