using System.Globalization;
using System.Text;

namespace Parcours.Domain.Common;

/// <summary>Normalisation shared by every entity, so "ACME.fr " and "acme.fr" are one domain and search folds accents.</summary>
public static class Text
{
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>Lower case without diacritics: "Élodie" → "elodie". Used for the search column.</summary>
    public static string Fold(string value)
    {
        var decomposed = value.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    public static string SearchKey(params string?[] parts) =>
        Fold(string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p))));
}
