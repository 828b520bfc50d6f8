using System.Globalization;

namespace Parcours.Server.Features.Shared;

/// <summary>Display formats of the cockpit, in the user's culture: 12 345 € in French, €12,345 in English.</summary>
public static class Format
{
    public static string Money(decimal? amount, string currency)
    {
        if (amount is not { } value)
        {
            return "—";
        }

        var culture = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? CultureInfo.GetCultureInfo("en-IE") : CultureInfo.GetCultureInfo("fr-FR");
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = currency == "EUR" ? "€" : currency;
        return value.ToString(value == Math.Round(value) ? "C0" : "C2", format);
    }

    public static string Date(DateOnly? date) =>
        date?.ToString(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "d MMM yyyy" : "d MMM yyyy", CultureInfo.CurrentUICulture) ?? "—";

    public static string Date(DateTime? instant) => instant is { } i ? Date(DateOnly.FromDateTime(i)) : "—";

    /// <summary>An instant to the minute, in UTC (the cockpit does not know the reader's time zone yet).</summary>
    public static string Instant(DateTime? instant) =>
        instant?.ToString(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "d MMM yyyy, HH:mm 'UTC'" : "d MMM yyyy 'à' HH:mm 'UTC'", CultureInfo.CurrentUICulture) ?? "—";
}
