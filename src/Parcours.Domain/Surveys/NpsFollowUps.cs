using Parcours.Domain.Playbooks;

namespace Parcours.Domain.Surveys;

public enum NpsCategory
{
    /// <summary>0 to 6.</summary>
    Detractor = 0,

    /// <summary>7 or 8 ("neutres" in the seed).</summary>
    Passive = 1,

    /// <summary>9 or 10.</summary>
    Promoter = 2,
}

/// <summary>
/// The verbatim question asked after an NPS score, by the score's category (seed 001: the score is the verdict, the
/// verbatim the explanation). The method does not require asking passives anything, so <see cref="Passive"/> may be
/// null to ask them nothing; the default asks them, as the seed's "petit plus". Answering a follow-up is never required.
/// </summary>
public sealed record NpsFollowUps(LocalizedText Detractor, LocalizedText Promoter, LocalizedText? Passive)
{
    /// <summary>The seed's wording (001, "Comment calculer un NPS") in French, DESIGN.md's in English.</summary>
    public static NpsFollowUps Default { get; } = new(
        new("Que pouvons-nous faire pour nous améliorer ?", "What could we do better?"),
        new("Qu'avez-vous le plus aimé à propos de nos produits et services ?", "What did you like most about our products and services?"),
        new("Pourquoi avez-vous attribué cette note ?", "Why did you give this score?"));

    public LocalizedText? For(NpsCategory category) => category switch
    {
        NpsCategory.Detractor => Detractor,
        NpsCategory.Promoter => Promoter,
        NpsCategory.Passive => Passive,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown NPS category."),
    };
}
