using System.Text;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;

namespace Parcours.Infrastructure.Imports;

/// <summary>
/// The words French and English files use for our enums and yes/no columns. Matching ignores case, accents, spaces and
/// punctuation, so "Mise en route", "mise-en-route" and "MISE EN ROUTE" are one word; every enum name is accepted too,
/// which is what an export writes.
/// </summary>
internal static class ImportVocabulary
{
    public static readonly Choices<LifecycleStage> Stages = new(
        (LifecycleStage.Onboarding, ["Mise en route", "Démarrage", "Intégration"]),
        (LifecycleStage.Adoption, ["Adoption"]),
        (LifecycleStage.Retention, ["Fidélisation", "Rétention"]),
        (LifecycleStage.Expansion, ["Développement", "Croissance"]),
        (LifecycleStage.Advocacy, ["Ambassadeur", "Recommandation", "Promotion"]));

    public static readonly Choices<AccountStatus> Statuses = new(
        (AccountStatus.Active, ["Actif", "Active", "Client"]),
        (AccountStatus.Churned, ["Parti", "Perdu", "Résilié", "Churn", "Inactif", "Inactive"]));

    public static readonly Choices<ChurnReason> ChurnReasons = new(
        (ChurnReason.Price, ["Prix", "Tarif", "Trop cher"]),
        (ChurnReason.ProductFit, ["Inadéquation produit", "Produit inadapté", "Product fit"]),
        (ChurnReason.Competitor, ["Concurrent", "Concurrence"]),
        (ChurnReason.BudgetCuts, ["Coupes budgétaires", "Restrictions budgétaires", "Budget", "Budget cuts"]),
        (ChurnReason.PoorOnboarding, ["Mise en route ratée", "Mauvais onboarding", "Onboarding raté", "Poor onboarding"]),
        (ChurnReason.ServiceQuality, ["Qualité de service", "Service quality"]),
        (ChurnReason.Bankruptcy, ["Faillite", "Liquidation", "Dépôt de bilan"]),
        (ChurnReason.Acquisition, ["Rachat", "Fusion"]),
        (ChurnReason.Other, ["Autre"]));

    public static readonly Choices<StakeholderRole> Roles = new(
        (StakeholderRole.EconomicDecisionMaker, ["Décideur économique", "Décideur", "Economic decision maker", "Economic buyer"]),
        (StakeholderRole.EndUser, ["Utilisateur final", "Utilisateur", "End user", "User"]),
        (StakeholderRole.TechnicalInfluencer, ["Influenceur technique", "Prescripteur technique", "Technical influencer"]));

    public static readonly Choices<PersonKind> PersonKinds = new(
        (PersonKind.CustomerContact, ["Contact client", "Client", "Contact", "Customer contact", "Customer"]),
        (PersonKind.Employee, ["Employé", "Salarié", "Collaborateur", "Nouvel arrivant", "Employee"]));

    public static readonly Choices<bool> Booleans = new(
        (true, ["oui", "yes", "true", "vrai", "1", "x"]),
        (false, ["non", "no", "false", "faux", "0"]));

    /// <summary>Lower case, no accents, letters and digits only: the form every header, word and label is compared in.</summary>
    public static string Key(string text)
    {
        var folded = Text.Fold(text);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>A closed set of values, each known by several words.</summary>
internal sealed class Choices<T> where T : struct
{
    private readonly Dictionary<string, T> _byKey = new(StringComparer.Ordinal);

    public Choices(params (T Value, string[] Words)[] entries)
    {
        var expected = new List<string>();
        foreach (var (value, words) in entries)
        {
            var name = value.ToString()!;
            _byKey.TryAdd(ImportVocabulary.Key(name), value);
            foreach (var word in words)
            {
                _byKey.TryAdd(ImportVocabulary.Key(word), value);
            }

            expected.Add(typeof(T) == typeof(bool) ? string.Join("/", words) : $"{name} ({words[0]})");
        }

        Expected = string.Join(", ", expected);
    }

    /// <summary>The accepted values as a user can read them in an error message.</summary>
    public string Expected { get; }

    public bool TryParse(string text, out T value) => _byKey.TryGetValue(ImportVocabulary.Key(text), out value);
}
