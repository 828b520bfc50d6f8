using Parcours.Domain.Common;

namespace Parcours.Domain.Surveys;

/// <summary>One person's response to one invitation (or one public-link visit); amendments keep it.</summary>
public readonly record struct SurveyResponseId(Guid Value) : ITypedId<SurveyResponseId>
{
    public static SurveyResponseId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}
