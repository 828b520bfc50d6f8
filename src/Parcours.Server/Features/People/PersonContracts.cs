using System.ComponentModel.DataAnnotations;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;

namespace Parcours.Server.Features.People;

public sealed record ConsentDto(bool Email, bool Sms, bool Voice, bool InApp)
{
    public static ConsentDto From(ChannelConsent c) => new(c.Email, c.Sms, c.Voice, c.InApp);

    public ChannelConsent ToDomain() => new(Email, Sms, Voice, InApp);
}

/// <summary>A person's place in an account, as seen from the person.</summary>
public sealed record PersonAccountLink(Guid AccountId, string AccountName, StakeholderRole Role, bool IsSponsor);

public sealed record PersonResponse(
    Guid Id,
    string FirstName,
    string LastName,
    string? Email,
    string? Phone,
    string? JobTitle,
    string Locale,
    string TimeZone,
    string? ExternalId,
    PersonKind Kind,
    ConsentDto Consent,
    IReadOnlyList<string> Tags,
    IReadOnlyList<PersonAccountLink> Accounts,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static PersonResponse From(Person p, IReadOnlyList<PersonAccountLink> accounts) => new(
        p.Id.Value, p.FirstName, p.LastName, p.Email, p.Phone, p.JobTitle, p.Locale, p.TimeZone, p.ExternalId, p.Kind,
        ConsentDto.From(p.Consent), p.Tags, accounts, p.CreatedAt, p.UpdatedAt);
}

public sealed record PersonRequest
{
    [Required]
    [StringLength(Values.MaxShortText)]
    public string FirstName { get; init; } = "";

    [Required]
    [StringLength(Values.MaxShortText)]
    public string LastName { get; init; } = "";

    [StringLength(254)]
    public string? Email { get; init; }

    [StringLength(30)]
    public string? Phone { get; init; }

    [StringLength(Values.MaxShortText)]
    public string? JobTitle { get; init; }

    [StringLength(5)]
    public string? Locale { get; init; }

    [StringLength(64)]
    public string? TimeZone { get; init; }

    [StringLength(Values.MaxShortText)]
    public string? ExternalId { get; init; }

    public PersonKind Kind { get; init; }

    public ConsentDto? Consent { get; init; }

    [MaxLength(Values.MaxTags)]
    public IReadOnlyList<string>? Tags { get; init; }

    public Result<PersonDetails> ToDetails() => PersonDetails.Create(
        FirstName, LastName, Email, Phone, JobTitle, Locale, TimeZone, ExternalId, Kind, Consent?.ToDomain(), Tags);
}

public sealed record PersonListQuery : Shared.ListQuery
{
    public PersonKind? Kind { get; init; }

    public Guid? AccountId { get; init; }

    public StakeholderRole? Role { get; init; }

    public string? Tag { get; init; }
}
