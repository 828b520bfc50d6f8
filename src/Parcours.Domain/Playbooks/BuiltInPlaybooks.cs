namespace Parcours.Domain.Playbooks;

/// <summary>
/// The three playbooks Parcours ships, published as version 1 and usable as they are, in French and English. Their
/// steps come from the seed articles: the SaaS procedure (order confirmation, first steps, in-app guide, CSM call,
/// welcome series, relaunch of the inactive), the four B2B stages (stakeholder map within 72 hours, audit and baseline
/// with quick wins, operating frame, activation and adoption) and the new-employee checklist (equipment, access,
/// welcome breakfast, mentor, tour, trainings, regular check-ins, rapport d'étonnement at the end of month one).
/// A workspace copies one with <see cref="PlaybookDefinition.Revise"/> semantics to adapt it.
/// </summary>
public static partial class BuiltInPlaybooks
{
    public static IReadOnlyList<PlaybookDefinition> All => [SaasCustomer, B2bCustomer, NewEmployee];

    private static LocalizedText T(string fr, string en) => new(fr, en);

    private static PlaybookDefinition Publish(PlaybookDefinition definition) =>
        definition.Validate().Value.Publish().Value;
}
