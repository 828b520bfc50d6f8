using Parcours.Domain.Common;

namespace Parcours.Domain.People;

/// <summary>The editable facts of a person, checked and normalised; shared by the API, the forms, the CSV import and the demo.</summary>
public sealed record PersonDetails(
    string FirstName,
    string LastName,
    string? Email,
    string? Phone,
    string? JobTitle,
    string Locale,
    string TimeZone,
    string? ExternalId,
    PersonKind Kind,
    ChannelConsent Consent,
    IReadOnlyList<string> Tags)
{
    public static Result<PersonDetails> Create(
        string? firstName,
        string? lastName,
        string? email = null,
        string? phone = null,
        string? jobTitle = null,
        string? locale = null,
        string? timeZone = null,
        string? externalId = null,
        PersonKind kind = PersonKind.CustomerContact,
        ChannelConsent? consent = null,
        IEnumerable<string>? tags = null)
    {
        var checks = new Checks();
        var first = checks.Take(Values.RequiredText("firstName", firstName, Values.MaxShortText));
        var last = checks.Take(Values.RequiredText("lastName", lastName, Values.MaxShortText));
        var cleanEmail = checks.Take(Values.Email("email", email));
        var cleanPhone = checks.Take(Values.Phone("phone", phone));
        var cleanTitle = checks.Take(Values.OptionalText("jobTitle", jobTitle, Values.MaxShortText));
        var cleanLocale = checks.Take(Values.Locale("locale", locale));
        var cleanZone = checks.Take(Values.TimeZone("timeZone", timeZone));
        var cleanExternalId = checks.Take(Values.OptionalText("externalId", externalId, Values.MaxShortText));
        var cleanTags = checks.Take(Values.Tags("tags", tags));
        if (!Enum.IsDefined(kind))
        {
            checks.Fail("invalid_kind", "kind must be CustomerContact or Employee.", "kind");
        }

        if (cleanEmail is null && cleanPhone is null && cleanExternalId is null && checks.Passed)
        {
            checks.Fail("unreachable", "A person needs at least an email, a phone or an external id.", "email");
        }

        return checks.Finish(() => new PersonDetails(
            first, last, cleanEmail, cleanPhone, cleanTitle, cleanLocale, cleanZone, cleanExternalId, kind,
            consent ?? ChannelConsent.Default, cleanTags));
    }
}
