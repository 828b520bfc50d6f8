namespace Parcours.Infrastructure.Imports;

/// <summary>A column Parcours can import. <paramref name="Key"/> is also the export's header and the name errors use.</summary>
public sealed record ImportField(string Key, string LabelEn, string LabelFr, bool Required, IReadOnlyList<string> Synonyms);

public static class ImportFields
{
    private static readonly IReadOnlyList<ImportField> AccountFields =
    [
        new("name", "Name", "Nom", true,
            ["Raison sociale", "Société", "Entreprise", "Company", "Company name", "Account", "Account name", "Compte", "Nom du compte", "Nom de la société", "Organisation", "Organization", "Client"]),
        new("domain", "Domain", "Domaine", false,
            ["Site web", "Site", "Site internet", "Website", "Web", "URL", "Nom de domaine", "Domain name"]),
        new("externalId", "External ID", "Identifiant externe", false,
            ["ID", "Identifiant", "Référence", "Réf", "Code client", "ID client", "Numéro client", "N° client", "Customer ID", "Account ID", "CRM ID"]),
        new("segment", "Segment", "Segment", false, ["Tier", "Catégorie", "Category", "Type de client"]),
        new("plan", "Plan", "Offre", false, ["Formule", "Forfait", "Abonnement", "Subscription", "Pricing plan"]),
        new("mrr", "MRR (monthly revenue)", "MRR (revenu mensuel)", false,
            ["MRR", "CA mensuel", "Revenu mensuel", "Chiffre d'affaires mensuel", "Mensualité", "Monthly revenue", "Monthly recurring revenue"]),
        new("arr", "ARR (annual revenue, divided by 12)", "ARR (revenu annuel, divisé par 12)", false,
            ["ARR", "CA annuel", "Revenu annuel", "Chiffre d'affaires annuel", "Annual revenue", "Annual recurring revenue"]),
        new("currency", "Currency", "Devise", false, ["Monnaie"]),
        new("ownerEmail", "Owner email", "E-mail du responsable", false,
            ["Owner", "Account owner", "CSM", "Email CSM", "Customer success manager", "Responsable", "Responsable du compte", "Chargé de compte", "Propriétaire"]),
        new("lifecycleStage", "Lifecycle stage", "Étape du cycle de vie", false, ["Stage", "Lifecycle", "Étape", "Phase", "Cycle de vie"]),
        new("startDate", "Start date", "Date de début", false,
            ["Début", "Date de démarrage", "Date de signature", "Début de contrat", "Client depuis", "Customer since", "Contract start"]),
        new("renewalDate", "Renewal date", "Date de renouvellement", false,
            ["Renouvellement", "Échéance", "Date d'échéance", "Fin de contrat", "Renewal", "Contract end"]),
        new("tags", "Tags", "Étiquettes", false, ["Tag", "Étiquette", "Labels", "Mots-clés"]),
        new("status", "Status", "Statut", false, ["État"]),
        new("churnedOn", "Churn date", "Date de départ", false, ["Date de churn", "Date de résiliation", "Résilié le", "Churned on"]),
        new("churnReason", "Churn reason", "Motif de départ", false, ["Raison du départ", "Raison du churn", "Motif de résiliation"]),
        new("churnNote", "Churn note", "Note de départ", false, ["Commentaire de départ", "Churn comment"]),
    ];

    private static readonly IReadOnlyList<ImportField> PersonFields =
    [
        new("firstName", "First name", "Prénom", true, ["Firstname", "Given name"]),
        new("lastName", "Last name", "Nom", true, ["Nom de famille", "Lastname", "Surname", "Family name"]),
        new("email", "Email", "E-mail", false,
            ["Courriel", "Mail", "Adresse e-mail", "Adresse mail", "Adresse électronique", "E-mail professionnel", "Email address"]),
        new("phone", "Phone", "Téléphone", false,
            ["Portable", "Mobile", "Tél", "Téléphone portable", "Numéro de téléphone", "GSM", "Phone number", "Cell"]),
        new("jobTitle", "Job title", "Fonction", false, ["Poste", "Titre", "Intitulé de poste", "Title", "Position"]),
        new("locale", "Language", "Langue", false, ["Locale", "Lang"]),
        new("timeZone", "Time zone", "Fuseau horaire", false, ["Timezone", "Fuseau", "TZ"]),
        new("externalId", "External ID", "Identifiant externe", false,
            ["ID", "Identifiant", "Référence", "ID contact", "Contact ID", "Matricule", "Employee ID", "CRM ID"]),
        new("kind", "Kind (customer contact or employee)", "Type (contact client ou employé)", false, ["Type", "Type de personne", "Person type"]),
        new("consentEmail", "Email consent", "Consentement e-mail", false, ["Opt-in e-mail", "Optin email"]),
        new("consentSms", "SMS consent", "Consentement SMS", false, ["Opt-in SMS", "Optin SMS"]),
        new("consentVoice", "Voice consent", "Consentement appels", false, ["Consentement vocal", "Opt-in appels", "Opt-in voice"]),
        new("consentInApp", "In-app consent", "Consentement in-app", false, ["Opt-in in-app"]),
        new("tags", "Tags", "Étiquettes", false, ["Tag", "Étiquette", "Labels", "Mots-clés"]),
        new("accountExternalId", "Account external ID", "Identifiant externe du compte", false,
            ["Account ID", "ID compte", "Identifiant compte", "Code client", "ID client", "Référence client", "Customer ID"]),
        new("stakeholderRole", "Stakeholder role", "Rôle dans le compte", false, ["Rôle", "Role", "Cercle", "Circle"]),
        new("sponsor", "Sponsor", "Sponsor", false, ["Is sponsor", "Est sponsor", "Parrain"]),
        new("motivations", "Motivations", "Motivations", false, ["Motivation", "Drivers"]),
        new("personalKpis", "Personal KPIs", "KPIs personnels", false, ["KPI", "KPIs", "Objectifs", "Objectifs personnels"]),
    ];

    public static IReadOnlyList<ImportField> For(ImportKind kind) => kind switch
    {
        ImportKind.Accounts => AccountFields,
        ImportKind.People => PersonFields,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown import kind."),
    };

    /// <summary>
    /// Field key → header, matching case, accents, spaces and punctuation loosely. Keys win over labels and labels over
    /// synonyms, so a synonym of one field cannot take the header that is another field's exact name. Each header is used once.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SuggestMapping(ImportKind kind, IReadOnlyList<string> headers)
    {
        var fields = For(kind);
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in headers)
        {
            byKey.TryAdd(ImportVocabulary.Key(header), header);
        }

        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        Func<ImportField, IEnumerable<string>>[] rounds = [f => [f.Key], f => [f.LabelEn, f.LabelFr], f => f.Synonyms];
        foreach (var names in rounds)
        {
            foreach (var field in fields.Where(f => !mapping.ContainsKey(f.Key)))
            {
                var match = names(field)
                    .Select(n => byKey.GetValueOrDefault(ImportVocabulary.Key(n)))
                    .FirstOrDefault(h => h is not null && !used.Contains(h));
                if (match is not null)
                {
                    mapping[field.Key] = match;
                    used.Add(match);
                }
            }
        }

        return mapping;
    }
}
