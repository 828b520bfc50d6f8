using System.Text.RegularExpressions;
using Parcours.Domain.Playbooks;

namespace Parcours.Domain.Common;

/// <summary>
/// Collects every problem of a definition (survey, journey), each with the JSON path of the offending field, so an
/// editor marks all of them at once. Holds the checks definitions share: keys, event names, French + English texts.
/// </summary>
internal sealed partial class ProblemList
{
    private readonly List<Error.Invalid> _problems = [];

    public IReadOnlyList<Error.Invalid> Items => _problems;

    public void Fail(string code, string path, string detail) => _problems.Add(new Error.Invalid(code, detail, path));

    /// <summary>True when <paramref name="key"/> is a slug; reports it under <paramref name="path"/> otherwise.</summary>
    public bool Key(string? key, string path, string what)
    {
        if (key is not null && Slug().IsMatch(key))
        {
            return true;
        }

        Fail("invalid_key", path, $"The {what} key '{key}' must be 1 to 64 lower-case letters, digits or underscores, starting with a letter.");
        return false;
    }

    public void EventName(string? name, string path)
    {
        if (name is null || !EventNamePattern().IsMatch(name))
        {
            Fail("invalid_event_name", path, $"'{name}' is not an event name: 1 to 100 letters, digits, spaces or _ . : - starting with a letter or digit.");
        }
    }

    /// <summary>Both languages present (unless the whole text is optional and absent) and within <paramref name="maxLength"/>.</summary>
    public void Text(LocalizedText? text, string path, int maxLength, bool optional = false)
    {
        if (text is null && optional)
        {
            return;
        }

        foreach (var (locale, value) in new[] { ("fr", text?.Fr), ("en", text?.En) })
        {
            var at = $"{path}.{locale}";
            if (string.IsNullOrWhiteSpace(value))
            {
                Fail("missing_text", at, $"{at} is required: every text needs French and English.");
            }
            else if (value.Length > maxLength)
            {
                Fail("too_long", at, $"{at} is longer than {maxLength} characters.");
            }
        }
    }

    /// <summary>Keys of <paramref name="items"/> that are slugs and unique; returns key → index of the first holder.</summary>
    public Dictionary<string, int> UniqueKeys<T>(IReadOnlyList<T?> items, Func<T, string?> key, string path, string what)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
            {
                Fail("required", $"{path}[{i}]", $"{path}[{i}] is empty.");
                continue;
            }

            var value = key(item);
            if (Key(value, $"{path}[{i}].key", what) && !index.TryAdd(value!, i))
            {
                Fail($"duplicate_{what.Replace(' ', '_')}", $"{path}[{i}].key",
                    $"Two {what}s are keyed '{value}' ({path}[{index[value!]}] and {path}[{i}]); {what} keys must be unique.");
            }
        }

        return index;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.: -]{0,99}$")]
    private static partial Regex EventNamePattern();
}
