using Parcours.Domain.Accounts;

namespace Parcours.Infrastructure.Demo;

/// <summary>A job title in its masculine and feminine forms, matched to the person's first name.</summary>
internal sealed record DemoJobTitle(string Masculine, string Feminine)
{
    public string For(bool female) => female ? Feminine : Masculine;
}

/// <summary>What drives a stakeholder and the personal KPI they will judge the onboarding by (seed 002).</summary>
internal sealed record DemoMotive(string Motivation, string PersonalKpi);

/// <summary>The words the demo people are composed from: names, job titles per circle, motivations and KPIs.</summary>
internal static class DemoPeopleWords
{
    public static readonly IReadOnlyList<string> FemaleFirstNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Pauline", "Marine", "Élodie", "Céline",
        "Aurélie", "Émilie", "Nathalie", "Isabelle", "Sandrine", "Stéphanie", "Valérie", "Sophie", "Anne", "Claire",
        "Hélène", "Laure", "Mathilde", "Agathe", "Margaux", "Océane", "Clémence", "Justine", "Audrey", "Virginie",
        "Karine", "Sylvie", "Christine", "Françoise", "Maëlle", "Anaïs", "Noémie", "Lucie", "Juliette", "Charlotte",
        "Amandine", "Gaëlle", "Solène", "Nadia", "Yasmine", "Fatou", "Leïla", "Bérénice", "Anne-Sophie", "Marie-Claire",
    ];

    public static readonly IReadOnlyList<string> MaleFirstNames =
    [
        "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Alexandre", "Guillaume", "Romain", "Mathieu", "Sébastien",
        "Jérôme", "François", "Stéphane", "Laurent", "Olivier", "Christophe", "Frédéric", "Philippe", "Pierre",
        "Jean-Baptiste", "Jean-Marc", "Hugo", "Lucas", "Théo", "Louis", "Arthur", "Benoît", "Cédric", "Damien", "Fabien",
        "Grégoire", "Hervé", "Jérémy", "Loïc", "Mickaël", "Rémi", "Vincent", "Xavier", "Yann", "Karim", "Mehdi", "Samir",
        "Moussa", "Gaël", "Anthony", "Kévin", "Baptiste", "Clément", "Adrien", "Bruno", "Jean-François", "Éric",
    ];

    public static readonly IReadOnlyList<string> LastNames =
    [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
        "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
        "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
        "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard",
        "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer",
        "Lucas", "Meunier", "Pérez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt",
        "Leroux", "Colin", "Fernandez", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal",
        "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Lacroix", "Fabre", "Dupuis", "Rodriguez", "Da Silva",
        "Hubert", "Guillot", "Rivière", "Le Gall", "Adam", "Rey", "Moulin", "Gonzalez", "Berger", "Lecomte", "Ménard",
        "Fleury", "Deschamps", "Carpentier", "Bénard", "Maillard", "Marchal", "Aubry", "Vasseur", "Le Roux", "Renault",
        "Jacquet", "Collet", "Prévost", "Poirier", "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Pons", "Carré",
        "Breton", "Rémy", "Schneider", "Perrot", "Guyot", "Barre", "Marty", "Cousin", "Haddad", "Benali", "Diallo",
        "Traoré", "Bouvier", "Texier", "Lebrun", "Kervella", "Le Goff", "Étienne", "Béranger", "Hoarau", "Ferreira",
    ];

    /// <summary>Economic decision-makers: they hold the budget and judge the return on investment.</summary>
    public static readonly IReadOnlyList<DemoJobTitle> EconomicTitles =
    [
        new("PDG", "PDG"), new("Directeur général", "Directrice générale"),
        new("Directeur administratif et financier", "Directrice administrative et financière"), new("DAF", "DAF"),
        new("Directeur commercial", "Directrice commerciale"), new("Directeur des opérations", "Directrice des opérations"),
        new("Directeur de la relation client", "Directrice de la relation client"),
    ];

    /// <summary>The economic circle of a very small company is its owner.</summary>
    public static readonly IReadOnlyList<DemoJobTitle> SmallBusinessEconomicTitles =
    [
        new("Gérant", "Gérante"), new("Cogérant", "Cogérante"), new("Fondateur", "Fondatrice"),
    ];

    public static readonly IReadOnlyList<DemoJobTitle> PublicEconomicTitles =
    [
        new("Directeur général des services", "Directrice générale des services"),
        new("Secrétaire général", "Secrétaire générale"), new("Directeur des finances", "Directrice des finances"),
    ];

    /// <summary>End users: they live with the product every day.</summary>
    public static readonly IReadOnlyList<DemoJobTitle> EndUserTitles =
    [
        new("Chargé de clientèle", "Chargée de clientèle"), new("Responsable ADV", "Responsable ADV"),
        new("Comptable", "Comptable"), new("Commercial sédentaire", "Commerciale sédentaire"),
        new("Assistant de direction", "Assistante de direction"), new("Responsable service client", "Responsable service client"),
        new("Gestionnaire de paie", "Gestionnaire de paie"), new("Technicien SAV", "Technicienne SAV"),
        new("Chef de projet", "Cheffe de projet"), new("Acheteur", "Acheteuse"), new("Office manager", "Office manager"),
    ];

    /// <summary>Technical influencers: the circle people forget, and the one that can sink a project.</summary>
    public static readonly IReadOnlyList<DemoJobTitle> TechnicalTitles =
    [
        new("DSI", "DSI"), new("Architecte SI", "Architecte SI"), new("Responsable sécurité", "Responsable sécurité"),
        new("Administrateur systèmes", "Administratrice systèmes"), new("Responsable informatique", "Responsable informatique"),
        new("Ingénieur intégration", "Ingénieure intégration"), new("Chef de projet SI", "Cheffe de projet SI"),
    ];

    public static readonly IReadOnlyList<DemoMotive> EconomicMotives =
    [
        new("Prouver le retour sur investissement au comité de direction avant la fin de l'exercice.", "ROI démontré à 12 mois ; coût de traitement par commande divisé par deux"),
        new("Réduire les coûts opérationnels sans recruter.", "Baisser de 15 % les coûts de traitement d'ici un an"),
        new("Augmenter le taux de conversion des équipes commerciales.", "Taux de transformation devis → commande de 22 % à 30 %"),
        new("Sécuriser la croissance avant la prochaine levée de fonds.", "Taux de rétention client supérieur à 90 %"),
        new("Avoir une vision consolidée de l'activité de tous les sites.", "Reporting mensuel consolidé livré en moins de 2 jours"),
        new("Fiabiliser les prévisions de chiffre d'affaires.", "Écart entre prévisionnel et réalisé inférieur à 5 %"),
    ];

    public static readonly IReadOnlyList<DemoMotive> EndUserMotives =
    [
        new("Gagner du temps sur la saisie des commandes.", "Réduire le délai de traitement des commandes de 30 %"),
        new("Ne plus ressaisir les mêmes informations dans trois outils.", "Zéro double saisie entre le CRM et la facturation"),
        new("Répondre plus vite aux clients.", "Délai de première réponse sous 4 heures ouvrées"),
        new("Réduire les erreurs de facturation.", "Taux d'erreur de facturation sous 1 %"),
        new("Être formée rapidement sans perturber la période de clôture.", "Toute l'équipe autonome en 3 semaines"),
        new("Suivre ses relances sans fichier Excel.", "100 % des relances planifiées dans l'outil"),
    ];

    public static readonly IReadOnlyList<DemoMotive> TechnicalMotives =
    [
        new("Garantir la sécurité des données clients et la conformité RGPD.", "Zéro incident de sécurité ; données hébergées dans l'UE"),
        new("Intégrer la solution à l'ERP sans développement spécifique.", "Connecteur ERP en production en moins de 6 semaines"),
        new("Limiter le nombre d'outils à maintenir.", "Authentification unique (SSO) pour 100 % des utilisateurs"),
        new("Anticiper la refonte du SI prévue l'an prochain.", "Compatibilité validée avec l'architecture cible"),
        new("Disposer d'une API fiable et documentée.", "Disponibilité supérieure à 99,9 % ; synchronisation quotidienne sans erreur"),
        new("Réduire la charge du support interne.", "Moins de 5 tickets internes par mois liés à l'outil"),
    ];

    /// <summary>New hires of the demo company itself, onboarded by HR with the same playbooks; the tag is their department.</summary>
    public static readonly IReadOnlyList<(DemoJobTitle Title, string Department)> EmployeeJobs =
    [
        (new("Développeur back-end", "Développeuse back-end"), "tech"),
        (new("Développeur front-end", "Développeuse front-end"), "tech"),
        (new("Ingénieur DevOps", "Ingénieure DevOps"), "tech"),
        (new("Data analyst", "Data analyst"), "produit"),
        (new("Product designer", "Product designer"), "produit"),
        (new("Product manager", "Product manager"), "produit"),
        (new("Customer Success Manager", "Customer Success Manager"), "customer-success"),
        (new("Chargé de support", "Chargée de support"), "support"),
        (new("Commercial grands comptes", "Commerciale grands comptes"), "ventes"),
        (new("Business developer", "Business developer"), "ventes"),
        (new("Chargé de marketing digital", "Chargée de marketing digital"), "marketing"),
        (new("Comptable", "Comptable"), "finance"),
        (new("Office manager", "Office manager"), "operations"),
        (new("Chargé de recrutement", "Chargée de recrutement"), "rh"),
    ];

    public static IReadOnlyList<DemoJobTitle> TitlesFor(StakeholderRole role) => role switch
    {
        StakeholderRole.EconomicDecisionMaker => EconomicTitles,
        StakeholderRole.EndUser => EndUserTitles,
        StakeholderRole.TechnicalInfluencer => TechnicalTitles,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown stakeholder role."),
    };

    public static IReadOnlyList<DemoMotive> MotivesFor(StakeholderRole role) => role switch
    {
        StakeholderRole.EconomicDecisionMaker => EconomicMotives,
        StakeholderRole.EndUser => EndUserMotives,
        StakeholderRole.TechnicalInfluencer => TechnicalMotives,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown stakeholder role."),
    };
}
