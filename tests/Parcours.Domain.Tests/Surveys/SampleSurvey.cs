using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Tests.Surveys;

/// <summary>A valid survey with one question of every type, and helpers to break it one field at a time.</summary>
internal static class SampleSurvey
{
    public static LocalizedText T(string fr, string en) => new(fr, en);

    public static SurveyDefinition Build() => new(
        "after_delivery",
        T("Après la livraison", "After delivery"),
        [
            new NpsQuestion("recommend", T("Recommanderiez-vous notre boutique ?", "Would you recommend our shop?")),
            new CsatQuestion("satisfaction", T("Êtes-vous satisfait de la livraison ?", "Are you satisfied with the delivery?"), CsatScale.Stars),
            new CesQuestion("effort", T("Il a été facile de suivre mon colis.", "It was easy to track my parcel."), CesScale.SevenPoint),
            new CxiQuestion("experience", T("À propos de votre colis :", "About your parcel:")),
            new SingleChoiceQuestion("carrier", T("Quel transporteur ?", "Which carrier?"), [Option("post", "La Poste", "The post"), Option("relay", "Point relais", "Pick-up point")]),
            new MultipleChoiceQuestion(
                "issues",
                T("Un souci ?", "Any issue?"),
                [Option("late", "En retard", "Late"), Option("damaged", "Abîmé", "Damaged"), Option("wrong", "Erreur d'article", "Wrong item")],
                MaxChoices: 2),
            new FreeTextQuestion("comment", T("Un commentaire ?", "Any comment?"), 280),
        ],
        T("Merci !", "Thank you!"));

    public static ChoiceOption Option(string key, string fr, string en) => new(key, T(fr, en));

    public static SurveyDefinition Replace(this SurveyDefinition survey, string key, Func<SurveyQuestion, SurveyQuestion> change) =>
        survey with { Questions = [.. survey.Questions.Select(q => q.Key == key ? change(q) : q)] };

    public static IReadOnlyList<(string Code, string? Path)> ProblemsOf(SurveyDefinition survey) =>
        [.. survey.Problems().Select(p => (p.Code, p.Field))];

    public static IReadOnlyList<(string Code, string? Field)> FailuresOf<T>(Result<T> result)
    {
        Assert.False(result.IsSuccess, "Expected a failure.");
        var validation = Assert.IsType<Error.Validation>(result.Error);
        return [.. validation.Failures.Select(f => (f.Code, f.Field))];
    }
}
