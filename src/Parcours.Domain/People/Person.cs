using Parcours.Domain.Common;

namespace Parcours.Domain.People;

/// <summary>A customer's contact or a new employee: someone Parcours sends messages to and measures.</summary>
public sealed class Person : ITenantOwned
{
    private Person()
    {
        FirstName = "";
        LastName = "";
        Locale = "fr";
        TimeZone = "Europe/Paris";
        Consent = ChannelConsent.Default;
        Tags = [];
        SearchText = "";
    }

    public PersonId Id { get; private set; }

    public WorkspaceId WorkspaceId { get; private set; }

    public string FirstName { get; private set; }

    public string LastName { get; private set; }

    public string FullName => $"{FirstName} {LastName}";

    public string? Email { get; private set; }

    public string? Phone { get; private set; }

    public string? JobTitle { get; private set; }

    public string Locale { get; private set; }

    public string TimeZone { get; private set; }

    public string? ExternalId { get; private set; }

    public PersonKind Kind { get; private set; }

    public ChannelConsent Consent { get; private set; }

    public List<string> Tags { get; private set; }

    public string SearchText { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? DeletedAt { get; private set; }

    public static Person Create(WorkspaceId workspaceId, PersonDetails details, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var person = new Person
        {
            Id = NewId.Next<PersonId>(clock),
            WorkspaceId = workspaceId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        person.Apply(details);
        return person;
    }

    public bool Update(PersonDetails details, TimeProvider clock)
    {
        if (Matches(details))
        {
            return false;
        }

        Apply(details);
        UpdatedAt = clock.GetUtcNow().UtcDateTime;
        return true;
    }

    /// <summary>The person withdrew consent on one channel (unsubscribe link, STOP); true when it was given before.</summary>
    public bool WithdrawConsent(Messaging.MessageChannel channel, TimeProvider clock)
    {
        var withdrawn = Messaging.MessageChannels.Without(Consent, channel);
        if (withdrawn == Consent)
        {
            return false;
        }

        Consent = withdrawn;
        UpdatedAt = clock.GetUtcNow().UtcDateTime;
        return true;
    }

    /// <summary>Soft delete keeps the person's history (answers, messages) while removing them from lists and sends.</summary>
    public void Delete(TimeProvider clock) => DeletedAt ??= clock.GetUtcNow().UtcDateTime;

    private bool Matches(PersonDetails d) =>
        FirstName == d.FirstName && LastName == d.LastName && Email == d.Email && Phone == d.Phone && JobTitle == d.JobTitle
        && Locale == d.Locale && TimeZone == d.TimeZone && ExternalId == d.ExternalId && Kind == d.Kind
        && Consent == d.Consent && Tags.SequenceEqual(d.Tags);

    private void Apply(PersonDetails d)
    {
        FirstName = d.FirstName;
        LastName = d.LastName;
        Email = d.Email;
        Phone = d.Phone;
        JobTitle = d.JobTitle;
        Locale = d.Locale;
        TimeZone = d.TimeZone;
        ExternalId = d.ExternalId;
        Kind = d.Kind;
        Consent = d.Consent;
        Tags = [.. d.Tags];
        SearchText = Text.SearchKey(d.FirstName, d.LastName, d.Email, d.ExternalId);
    }
}
