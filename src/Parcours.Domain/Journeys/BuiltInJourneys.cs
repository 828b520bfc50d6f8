using Parcours.Domain.Playbooks;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Journeys;

/// <summary>A journey with the surveys its points send: what a workspace copies to start from.</summary>
public sealed record JourneyTemplate(JourneyDefinition Journey, IReadOnlyList<SurveyDefinition> Surveys);

/// <summary>
/// The two journeys Parcours ships, in French and English, each with its surveys: e-commerce (order, parcel received,
/// the product in use, the after-sales call) and B2B SaaS (signature, onboarding, first value, support contact,
/// renewal with the yearly relationship NPS). Points follow the seeds: situations of the customer, hot surveys after
/// interactions, a warm one after some use, a cold NPS a quarter of the base at a time, a lower objective for
/// after-sales than for pre-sales, one point piloted on a share before full roll-out.
/// </summary>
public static partial class BuiltInJourneys
{
    public static IReadOnlyList<JourneyTemplate> All => [ECommerce, B2bSaas];

    private static LocalizedText T(string fr, string en) => new(fr, en);

    /// <summary>Every template is valid by construction: a mistake here fails at start-up and in the tests, not in a workspace.</summary>
    private static JourneyTemplate Checked(JourneyDefinition journey, params SurveyDefinition[] surveys)
    {
        foreach (var survey in surveys)
        {
            _ = survey.Validate().Value;
        }

        return new JourneyTemplate(journey.Validate(surveys).Value, surveys);
    }
}
