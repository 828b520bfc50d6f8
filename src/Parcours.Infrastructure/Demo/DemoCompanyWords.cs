using Parcours.Domain.Accounts;

namespace Parcours.Infrastructure.Demo;

/// <summary>The words the demo customer names are composed from: trades, invented brands, places and public bodies.</summary>
internal static class DemoCompanyWords
{
    /// <summary>Family businesses: "Transports Lefèvre", "Boulangeries Martin".</summary>
    public static readonly IReadOnlyList<string> Trades =
    [
        "Boulangeries", "Transports", "Menuiserie", "Garage", "Imprimerie", "Cabinet", "Laboratoires", "Établissements",
        "Fromagerie", "Pharmacie", "Ambulances", "Plomberie", "Électricité", "Maçonnerie", "Carrosserie", "Brasserie",
        "Domaine", "Optique", "Agence immobilière", "Serrurerie", "Pépinières", "Déménagements", "Auto-école", "Hôtel",
        "Assurances", "Charpente", "Traiteur", "Chocolaterie", "Salons de coiffure", "Fleurs", "Couverture", "Vergers",
    ];

    /// <summary>What follows a family name now and then: "Menuiserie Girard & Fils".</summary>
    public static readonly IReadOnlyList<string> FamilySuffixes = ["& Fils", "Frères", "et Associés", "Père & Fille"];

    /// <summary>Invented brands for larger companies: "Groupe Hexalis", "Novatek Logistique".</summary>
    public static readonly IReadOnlyList<string> Brands =
    [
        "Hexalis", "Novatek", "Axiome", "Logivia", "Eclatis", "Solvéo", "Vitalis", "Orbiance", "Altiméa", "Innovéa",
        "Stratéo", "Aquilon", "Terralia", "Luméo", "Optimum", "Cybéris", "Biosphère", "Equinoxe", "Mobilis", "Datavia",
        "Flexilog", "Néolis", "Sygmatis", "Arcadis", "Kerialis", "Valorem", "Alteo", "Synerlis", "Proxima", "Cap Horizon",
        "Atlantis", "Ménestrel", "Célestia", "Oxalis", "Verdance", "Ondalys", "Polaris", "Azuréa", "Helvéa", "Granitis",
        "Opalis", "Septentrion", "Mistral", "Boréal", "Calypso", "Ardoise", "Sirocco", "Lumina", "Quartzia", "Vauban",
    ];

    /// <summary>What a brand does: "Novatek Logistique", "Oxalis Santé".</summary>
    public static readonly IReadOnlyList<string> Sectors =
    [
        "Industries", "Logistique", "Conseil", "Santé", "Énergie", "Distribution", "Ingénierie", "Services", "Informatique",
        "Habitat", "Finance", "Formation", "Systèmes", "Agroalimentaire", "Environnement", "Bâtiment", "Médical", "Mobilité",
    ];

    /// <summary>Local businesses named after their town: "Atelier Numérique de Lyon".</summary>
    public static readonly IReadOnlyList<string> PlaceActivities =
    [
        "Atelier Numérique", "Clinique vétérinaire", "Cave coopérative", "Laiterie", "Biscuiterie", "Centre de formation",
        "Maison de santé", "Coopérative agricole", "Brasserie artisanale", "Verrerie", "Manufacture", "Conserverie",
        "Crèches", "Golf", "Groupement des artisans", "Papeterie", "Torréfaction", "École de commerce",
    ];

    /// <summary>Public customers, tagged secteur-public: "Mairie de Quimper".</summary>
    public static readonly IReadOnlyList<string> PublicBodies =
    [
        "Mairie", "Centre hospitalier", "Office de tourisme", "Syndicat des eaux", "Communauté d'agglomération",
        "Centre communal d'action sociale", "Office public de l'habitat", "Chambre de commerce et d'industrie",
    ];

    /// <summary>Towns with the French preposition they take.</summary>
    public static readonly IReadOnlyList<string> Towns =
    [
        "de Lyon", "de Nantes", "de Bordeaux", "de Lille", "du Mans", "de Rennes", "de Grenoble", "d'Annecy", "d'Angers",
        "de Strasbourg", "de Toulouse", "de Montpellier", "de Dijon", "de Tours", "de Brest", "de Reims", "de Metz",
        "du Havre", "de Caen", "d'Orléans", "de Limoges", "de Clermont-Ferrand", "de Nancy", "de Rouen", "de Marseille",
        "de Nice", "de Pau", "de Bayonne", "de Quimper", "de Colmar", "de Besançon", "de Poitiers", "de La Rochelle",
        "d'Avignon", "de Valence", "de Chambéry", "de Saint-Malo", "de Vannes", "d'Amiens", "de Perpignan",
    ];

    /// <summary>Words left out of a domain name, as written in lower case: "Atelier Numérique de Lyon" → atelier-numerique-lyon.</summary>
    public static readonly IReadOnlySet<string> DomainStopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "de", "du", "des", "d", "la", "le", "les", "l", "et", "&",
    };

    /// <summary>Churn reasons with the note a CSM would have written; each churned account takes a different one.</summary>
    public static readonly IReadOnlyList<(ChurnReason Reason, string Note)> ChurnNotes =
    [
        (ChurnReason.Acquisition, "Budget gelé après le rachat par un groupe concurrent, qui impose ses propres outils."),
        (ChurnReason.Price, "Jugé trop cher après la hausse tarifaire ; passage à une solution plus simple."),
        (ChurnReason.Competitor, "Parti chez un concurrent qui propose un connecteur natif avec leur ERP."),
        (ChurnReason.PoorOnboarding, "Déploiement jamais terminé : le sponsor est parti et personne n'a repris le projet."),
        (ChurnReason.ProductFit, "Besoin de gestion multi-entités et multi-devises non couvert par la solution."),
        (ChurnReason.BudgetCuts, "Réduction des dépenses logicielles décidée par la nouvelle direction financière."),
        (ChurnReason.ServiceQuality, "Insatisfaction répétée sur les délais de réponse du support pendant la clôture."),
        (ChurnReason.Bankruptcy, "Liquidation judiciaire prononcée par le tribunal de commerce."),
        (ChurnReason.Other, "Projet abandonné après la réorganisation interne des équipes commerciales."),
    ];
}
