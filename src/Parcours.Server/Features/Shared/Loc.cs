using System.Globalization;

namespace Parcours.Server.Features.Shared;

/// <summary>
/// The cockpit's words in French and English. A test checks both languages have every key, so French stays complete.
/// A missing key shows itself in brackets rather than failing a page.
/// </summary>
public sealed class Loc
{
    public static readonly IReadOnlyList<string> Cultures = ["fr", "en"];

    public string this[string key] => Get(key, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    /// <summary>The text of <paramref name="key"/>, or null when there is none (for keys built from codes, such as errors).</summary>
    public string? Find(string key) =>
        (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? Texts.En : Texts.Fr).GetValueOrDefault(key);

    /// <summary>A domain failure in the user's words when its code has a text, else its (English) detail.</summary>
    public string Failure(Parcours.Domain.Common.Error error) => Find($"error.{error.Code}") ?? error.Detail;

    public string Format(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, this[key], args);

    public static string Get(string key, string language)
    {
        var table = language == "en" ? Texts.En : Texts.Fr;
        return table.TryGetValue(key, out var text) ? text : $"[{key}]";
    }

    public string Enum<T>(T value) where T : struct, System.Enum => this[$"{typeof(T).Name}.{value}"];
}
