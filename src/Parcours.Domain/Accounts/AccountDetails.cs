using Parcours.Domain.Common;

namespace Parcours.Domain.Accounts;

/// <summary>The editable facts of an account, checked and normalised. One shape serves the API, the forms, the CSV import and the demo.</summary>
public sealed record AccountDetails(
    string Name,
    string? Domain,
    string? ExternalId,
    string? Segment,
    string? Plan,
    long? MrrMinor,
    string Currency,
    UserId? OwnerId,
    LifecycleStage Stage,
    DateOnly? StartDate,
    DateOnly? RenewalDate,
    IReadOnlyList<string> Tags)
{
    public long? ArrMinor => MrrMinor * 12;

    public static Result<AccountDetails> Create(
        string? name,
        string? domain = null,
        string? externalId = null,
        string? segment = null,
        string? plan = null,
        long? mrrMinor = null,
        string? currency = null,
        UserId? ownerId = null,
        LifecycleStage stage = LifecycleStage.Onboarding,
        DateOnly? startDate = null,
        DateOnly? renewalDate = null,
        IEnumerable<string>? tags = null)
    {
        var checks = new Checks();
        var cleanName = checks.Take(Values.RequiredText("name", name, Values.MaxNameLength));
        var cleanDomain = checks.Take(Values.DomainName("domain", domain));
        var cleanExternalId = checks.Take(Values.OptionalText("externalId", externalId, Values.MaxShortText));
        var cleanSegment = checks.Take(Values.OptionalText("segment", segment, Values.MaxShortText));
        var cleanPlan = checks.Take(Values.OptionalText("plan", plan, Values.MaxShortText));
        var cleanMrr = checks.Take(Values.MinorUnits("mrr", mrrMinor));
        var cleanTags = checks.Take(Values.Tags("tags", tags));
        var cleanCurrency = Text.Clean(currency)?.ToUpperInvariant() ?? "EUR";
        if (cleanCurrency.Length != 3 || !cleanCurrency.All(char.IsAsciiLetterUpper))
        {
            checks.Fail("invalid_currency", $"currency '{cleanCurrency}' is not an ISO 4217 code such as EUR.", "currency");
        }

        if (!Enum.IsDefined(stage))
        {
            checks.Fail("invalid_stage", "lifecycleStage is not a known stage.", "lifecycleStage");
        }

        if (startDate is { } start && renewalDate is { } renewal && renewal < start)
        {
            checks.Fail("renewal_before_start", "renewalDate cannot be before startDate.", "renewalDate");
        }

        return checks.Finish(() => new AccountDetails(
            cleanName, cleanDomain, cleanExternalId, cleanSegment, cleanPlan, cleanMrr, cleanCurrency, ownerId, stage,
            startDate, renewalDate, cleanTags));
    }
}
