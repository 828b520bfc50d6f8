using System.Globalization;
using System.Text;
using Parcours.Domain.Common;

namespace Parcours.Bench;

/// <summary>
/// Writes the CSV files people really export from a French CRM or spreadsheet: French headers, ';' separators, dd/MM/yyyy
/// dates, amounts as "1 234,50 €", a few quoted values. Deterministic: row i is drawn from a generator seeded with i, so
/// the same arguments give the same bytes, and a person's row can find the account it is linked to.
/// Accounts are saved as Windows-1252 (old Excel), people as UTF-8 with a byte order mark (Excel's "CSV UTF-8").
/// </summary>
internal static class CsvFiles
{
    private const int Seed = 20_260_301;

    private static readonly string[] Trades =
    [
        "Boulangerie", "Transports", "Garage", "Cabinet", "Menuiserie", "Imprimerie", "Pharmacie", "Clinique vétérinaire",
        "Agence", "Brasserie", "Laboratoire", "Atelier", "Fromagerie", "Maison", "Groupe", "Société", "Librairie", "Hôtel",
    ];

    private static readonly string[] LastNames =
    [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
        "Lefèvre", "Michel", "Garcia", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
        "Dupont", "Lambert", "Bonnet", "François", "Legrand", "Garnier", "Faure", "Rousseau", "Guérin", "Muller", "Perrin",
        "Clément", "Gauthier", "Fontaine", "Chevalier", "Gérard", "Nguyen", "Lemaire", "Noël", "Pérez", "Le Gall", "Benali",
    ];

    private static readonly string[] Towns =
    [
        "Lyon", "Paris", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Bordeaux", "Lille", "Rennes",
        "Reims", "Saint-Étienne", "Grenoble", "Dijon", "Angers", "Nîmes", "Villeurbanne", "Clermont-Ferrand", "Brest", "Tours",
    ];

    private static readonly string[] FirstNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Inès", "Hélène", "Élodie", "Sarah", "Margaux", "Zoé", "Anaïs", "Céline",
        "Julien", "Nicolas", "Thomas", "Hugo", "Théo", "François", "Benoît", "Jérôme", "Mathéo", "Loïc", "Cédric", "Karim",
    ];

    private static readonly string[] Segments = ["TPE", "PME", "PME", "PME", "ETI", "ETI", "Grand compte", "Secteur public"];
    private static readonly string[] Plans = ["Essentiel", "Pro", "Pro", "Entreprise"];
    private static readonly string[] Stages = ["Mise en route", "Adoption", "Fidélisation", "Développement", "Ambassadeur"];
    private static readonly string[] ChurnReasons = ["Prix", "Concurrent", "Coupes budgétaires", "Rachat"];
    private static readonly string[] Roles = ["Décideur économique", "Utilisateur final", "Prescripteur technique"];
    private static readonly string[][] Titles =
    [
        ["Directrice générale", "Directeur administratif et financier", "Gérant"],
        ["Chargée de clientèle", "Comptable", "Responsable des achats"],
        ["DSI", "Responsable informatique", "Administrateur systèmes"],
    ];

    private static readonly string[] Motivations =
    [
        "Réduire les coûts, sans perdre en qualité", "Gagner du temps au quotidien", "Zéro incident de sécurité", "",
    ];

    static CsvFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string AccountsHeader =>
        "Code client;Raison sociale;Site web;Segment;Offre;CA mensuel;Devise;Responsable;Étape;Date de début;"
        + "Date de renouvellement;Étiquettes;Statut;Date de résiliation;Motif de départ;Note de départ";

    public static string PeopleHeader =>
        "Prénom;Nom;E-mail;Téléphone;Fonction;Langue;Fuseau horaire;Matricule;Type;Consentement e-mail;Consentement SMS;"
        + "Code client;Rôle dans le compte;Sponsor;Motivations";

    public static void WriteAccounts(string path, int rows, IReadOnlyList<string> ownerEmails)
    {
        using var writer = new StreamWriter(path, false, Encoding.GetEncoding(1252));
        writer.WriteLine(AccountsHeader);
        for (var i = 0; i < rows; i++)
        {
            var random = Rows(i);
            var company = Company(i, random);
            var start = new DateOnly(2018, 1, 1).AddDays(random.Next(2900));
            var churned = random.NextDouble() < 0.03;
            string[] cells =
            [
                company.ExternalId,
                company.Name,
                random.NextDouble() < 0.1 ? $"https://www.{company.Domain}/" : company.Domain,
                Pick(random, Segments),
                Pick(random, Plans),
                Money(random.Next(4_900, 2_500_000)),
                "EUR",
                random.NextDouble() < 0.9 ? Pick(random, ownerEmails) : "",
                Pick(random, Stages),
                Date(start),
                Date(start.AddYears(random.Next(1, 4))),
                Pick(random, ["", "", "pilote|premium", "onboarding, prioritaire"]),
                churned ? "Résilié" : "Actif",
                churned ? Date(start.AddDays(random.Next(30, 1000))) : "",
                churned ? Pick(random, ChurnReasons) : "",
                churned ? Pick(random, ["Budget gelé; reprise possible en 2027", "Parti chez un concurrent \"moins cher\"", ""]) : "",
            ];
            writer.WriteLine(string.Join(';', cells.Select(Quote)));
        }
    }

    /// <summary>
    /// Person i is a stakeholder of account i / 3, so the first third of the accounts get three people, one per circle; every
    /// fifth of those has two end users and no technical influencer. The other accounts have nobody mapped: they are at risk.
    /// </summary>
    public static void WritePeople(string path, int rows, int accountRows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        writer.WriteLine(PeopleHeader);
        for (var i = 0; i < rows; i++)
        {
            var accountIndex = i / 3 % accountRows;
            var company = Company(accountIndex, Rows(accountIndex));
            var role = i % 3 == 2 && accountIndex % 5 == 4 ? 1 : i % 3;
            var random = Rows(Seed + i);
            var first = Pick(random, FirstNames);
            var last = Pick(random, LastNames);
            string[] cells =
            [
                first,
                last,
                $"{Slug(first)}.{Slug(last)}.{i}@{company.Domain}",
                random.NextDouble() < 0.7 ? $"06 {random.Next(100):D2} {random.Next(100):D2} {random.Next(100):D2} {random.Next(100):D2}" : "",
                Pick(random, Titles[role]),
                random.NextDouble() < 0.9 ? "fr" : "en",
                Pick(random, ["Europe/Paris", "Europe/Paris", "Europe/Paris", "Europe/Brussels", "Europe/Zurich"]),
                $"P-{i:D7}",
                "Contact client",
                random.NextDouble() < 0.8 ? "oui" : "non",
                random.NextDouble() < 0.3 ? "oui" : "non",
                company.ExternalId,
                Roles[role],
                role == 0 ? "oui" : "non",
                Pick(random, Motivations),
            ];
            writer.WriteLine(string.Join(';', cells.Select(Quote)));
        }
    }

    private static Random Rows(int index) => new(unchecked(Seed + index));

    private static (string ExternalId, string Name, string Domain) Company(int index, Random random)
    {
        var trade = Pick(random, Trades);
        var family = Pick(random, LastNames);
        var suffix = random.Next(6) switch
        {
            0 or 1 => " " + Pick(random, Towns),
            2 => " & Fils",
            _ => "",
        };
        return ($"CLI-{index:D6}", $"{trade} {family}{suffix}", $"{Slug(trade)}-{Slug(family)}-{index}.fr");
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>French grouping and decimal comma: 123456 cents → "1 234,56 €".</summary>
    private static string Money(int cents) =>
        (cents / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture).Replace(',', ' ').Replace('.', ',') + " €";

    private static string Slug(string text) =>
        string.Concat(Text.Fold(text).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(";\"\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
