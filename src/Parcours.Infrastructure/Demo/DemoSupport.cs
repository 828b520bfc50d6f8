using System.Text;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Demo;

/// <summary>Draws from the one seeded <see cref="Random"/> of a generation, so the same seed gives the same workspace.</summary>
internal static class DemoRandom
{
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static int Between(this Random random, int min, int maxInclusive) => random.Next(min, maxInclusive + 1);

    public static T Weighted<T>(this Random random, params ReadOnlySpan<(T Item, int Weight)> choices)
    {
        var total = 0;
        foreach (var choice in choices)
        {
            total += choice.Weight;
        }

        var roll = random.Next(total);
        foreach (var choice in choices)
        {
            if (roll < choice.Weight)
            {
                return choice.Item;
            }

            roll -= choice.Weight;
        }

        throw new InvalidOperationException("Weighted choice over no weight.");
    }

    /// <summary>A number in [min, maxExclusive) not drawn before: external ids look random but never repeat.</summary>
    public static int UniqueNumber(this Random random, HashSet<int> used, int min, int maxExclusive)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var number = random.Next(min, maxExclusive);
            if (used.Add(number))
            {
                return number;
            }
        }

        throw new InvalidOperationException($"No unused number left between {min} and {maxExclusive}.");
    }
}

/// <summary>ASCII forms of French names, for domains and email addresses.</summary>
internal static class DemoText
{
    /// <summary>
    /// "Atelier Numérique de Lyon" → atelier-numerique-lyon. Stop words are matched with their case, so the preposition
    /// "de" goes while the surname "Le Goff" stays whole.
    /// </summary>
    public static string DomainLabel(string name, IReadOnlySet<string> stopWords)
    {
        var words = name.Split([' ', '\'', '’', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(word => !stopWords.Contains(word))
            .Select(word => EmailPart(word).Replace("-", "", StringComparison.Ordinal))
            .Where(word => word.Length > 0);
        return string.Join('-', words);
    }

    /// <summary>The part of an address a name gives: "Jean-Baptiste" → jean-baptiste, "Le Gall" → legall.</summary>
    public static string EmailPart(string name)
    {
        var folded = Text.Fold(name);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

internal static class DemoChecks
{
    /// <summary>The generator only feeds the domain factories values it chose: a failure is a bug in the generator.</summary>
    public static T Expect<T>(Result<T> result, string what) =>
        result.IsSuccess
            ? result.Value
            : throw new InvalidOperationException($"The demo generator built an invalid {what}: {result.Error}");
}
